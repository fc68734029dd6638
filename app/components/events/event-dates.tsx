import type { DisplayClock, DisplayRange, DisplayTime } from './types'
import { useT } from '~/utils/i18n'

function MartiniqueClock({ clock, localDate, withDate }: { clock: DisplayClock; localDate: string; withDate?: boolean }) {
  return (
    <>
      <time dateTime={clock.iso}>{clock.time}</time>
      {withDate || clock.date !== localDate ? `, ${clock.date}` : null}
    </>
  )
}

/** One instant: date · time in the event's zone, Martinique's time beside it when different. */
function Instant({ at }: { at: DisplayTime }) {
  const t = useT()
  return (
    <>
      <time dateTime={at.iso}>
        {at.date} · {at.time}
      </time>{' '}
      {at.zoneLabel}
      {at.martinique ? (
        <span className="text-slate-700">
          {' '}
          (<MartiniqueClock clock={at.martinique} localDate={at.date} /> {t('events.time.martiniqueTime')})
        </span>
      ) : null}
    </>
  )
}

/**
 * Dates of an event or session. Same day: "date, 18:30 – 22:00 Miami time (19:30 – 23:00
 * Martinique time)". Several days: start and end each on their own line.
 */
export function EventDates({ dates, compact = false }: { dates: DisplayRange; compact?: boolean }) {
  const t = useT()
  const { start, end } = dates
  if (!dates.sameDay) {
    if (compact) {
      return (
        <span>
          <time dateTime={start.iso}>{start.date}</time> – <time dateTime={end.iso}>{end.date}</time>
        </span>
      )
    }
    return (
      <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1">
        <dt className="font-semibold">{t('events.page.startsLabel')}</dt>
        <dd>
          <Instant at={start} />
        </dd>
        <dt className="font-semibold">{t('events.page.endsLabel')}</dt>
        <dd>
          <Instant at={end} />
        </dd>
      </dl>
    )
  }
  const mStart = start.martinique
  const mEnd = end.martinique ?? end
  return (
    <span className={compact ? undefined : 'block'}>
      <time dateTime={start.iso}>{start.date}</time>
      {compact ? ' · ' : <br />}
      <time dateTime={start.iso}>{start.time}</time> – <time dateTime={end.iso}>{end.time}</time> {start.zoneLabel}
      {mStart ? (
        <span className="text-slate-700">
          {' '}
          (<MartiniqueClock clock={mStart} localDate={start.date} /> – <time dateTime={mEnd.iso}>{mEnd.time}</time>{' '}
          {t('events.time.martiniqueTime')})
        </span>
      ) : null}
    </span>
  )
}

/** A time range within a known day (programme): "09:30 – 12:30 (10:30 – 13:30 Martinique time)". */
export function SessionTimes({ dates }: { dates: DisplayRange }) {
  const t = useT()
  const { start, end } = dates
  const mStart = start.martinique
  const mEnd = end.martinique ?? end
  return (
    <span>
      <time dateTime={start.iso}>{start.time}</time> – <time dateTime={end.iso}>{end.time}</time>
      {dates.sameDay ? null : `, ${end.date}`}
      {mStart ? (
        <span className="block text-sm text-slate-700">
          <MartiniqueClock clock={mStart} localDate={start.date} /> – <time dateTime={mEnd.iso}>{mEnd.time}</time>{' '}
          {t('events.time.martiniqueTime')}
        </span>
      ) : null}
    </span>
  )
}
