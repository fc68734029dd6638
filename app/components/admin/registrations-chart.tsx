import { useT } from '~/utils/i18n'

type Day = { day: string; added: number; total: number }

/**
 * Where everything goes: a line through the days when there are two or more, and a mark on each
 * day (up to two months of days) so that a single day — every registration on the same date —
 * still shows, in the middle.
 */
export function chartGeometry(series: Day[]) {
  const width = 640
  const height = 220
  const pad = { left: 40, right: 12, top: 12, bottom: 28 }
  const max = Math.max(1, ...series.map((s) => s.total))
  const x = (i: number) => pad.left + (series.length === 1 ? 0.5 : i / (series.length - 1)) * (width - pad.left - pad.right)
  const y = (v: number) => height - pad.bottom - (v / max) * (height - pad.top - pad.bottom)
  const line = series.length > 1 ? series.map((s, i) => `${x(i).toFixed(1)},${y(s.total).toFixed(1)}`).join(' ') : null
  const dots = series.length <= 62 ? series.map((s, i) => ({ day: s.day, cx: x(i).toFixed(1), cy: y(s.total).toFixed(1), r: series.length === 1 ? 5 : 3 })) : []
  return { width, height, pad, x, y, line, dots, ticks: [0, Math.round(max / 2), max] }
}

/** Server-rendered SVG line of cumulative registrations, with the same figures in a table beside it. */
export function RegistrationsChart({ series }: { series: Day[] }) {
  const t = useT()
  if (series.length === 0) return <p className="text-sm">{t('admin.common.none')}</p>
  const { width, height, pad, x, y, line, dots, ticks } = chartGeometry(series)
  const labelEvery = Math.max(1, Math.ceil(series.length / 6))
  return (
    <figure className="mt-2">
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={t('admin.dashboard.chartAlt')} className="h-auto w-full max-w-3xl">
        {ticks.map((v) => (
          <g key={v}>
            <line x1={pad.left} x2={width - pad.right} y1={y(v)} y2={y(v)} stroke="#cbd5e1" strokeWidth="1" />
            <text x={pad.left - 6} y={y(v) + 4} textAnchor="end" fontSize="11" fill="#334155">
              {v}
            </text>
          </g>
        ))}
        {line ? <polyline points={line} fill="none" stroke="#0b5f6f" strokeWidth="2.5" /> : null}
        {dots.map((d) => (
          <circle key={d.day} cx={d.cx} cy={d.cy} r={d.r} fill="#0b5f6f" />
        ))}
        {series.map((s, i) =>
          i % labelEvery === 0 || i === series.length - 1 ? (
            <text key={s.day} x={x(i)} y={height - 8} textAnchor="middle" fontSize="11" fill="#334155">
              {s.day.slice(5)}
            </text>
          ) : null,
        )}
      </svg>
      <details className="mt-2">
        <summary className="cursor-pointer text-sm font-medium">{t('admin.dashboard.tableCaption')}</summary>
        <table className="mt-2 text-sm">
          <caption className="sr-only">{t('admin.dashboard.tableCaption')}</caption>
          <thead>
            <tr>
              <th scope="col" className="px-2 text-left">{t('admin.dashboard.day')}</th>
              <th scope="col" className="px-2 text-right">{t('admin.dashboard.newAttendees')}</th>
              <th scope="col" className="px-2 text-right">{t('admin.dashboard.cumulative')}</th>
            </tr>
          </thead>
          <tbody>
            {series.filter((s) => s.added > 0).map((s) => (
              <tr key={s.day}>
                <td className="px-2">{s.day}</td>
                <td className="px-2 text-right">{s.added}</td>
                <td className="px-2 text-right">{s.total}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  )
}
