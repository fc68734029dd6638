import { SessionTimes } from './event-dates'
import type { ProgrammeDay } from './types'

/** The agenda, one list per day in the event's zone. */
export function Programme({ days }: { days: ProgrammeDay[] }) {
  return (
    <ol className="space-y-8">
      {days.map((day) => (
        <li key={day.key}>
          <h3 className="text-lg font-semibold text-brand-800 first-letter:uppercase">
            <time dateTime={day.iso}>{day.label}</time>
          </h3>
          <ol className="mt-3 divide-y divide-slate-200 border-y border-slate-200">
            {day.items.map((item) => (
              <li key={item.id} className="grid gap-1 py-3 sm:grid-cols-[11rem_1fr] sm:gap-4">
                <div className="font-medium text-slate-900">
                  <SessionTimes dates={item.dates} />
                </div>
                <div>
                  <p className="text-xs font-semibold uppercase tracking-wide text-brand-700">{item.kindLabel}</p>
                  <p className="font-semibold text-slate-900">{item.title}</p>
                  {item.description ? <p className="mt-1 text-sm text-slate-700">{item.description}</p> : null}
                  {item.place || item.address ? (
                    <p className="mt-1 text-sm text-slate-700">{[item.place, item.address].filter(Boolean).join(' — ')}</p>
                  ) : null}
                </div>
              </li>
            ))}
          </ol>
        </li>
      ))}
    </ol>
  )
}
