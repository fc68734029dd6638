import { Link } from 'react-router'
import { EventDates } from './event-dates'
import type { EventCard as EventCardData } from './types'
import { localePath, useLocale, useT } from '~/utils/i18n'

const KIND_STYLES: Record<string, string> = {
  celebration: 'bg-amber-100 text-amber-900',
  b2b_meetup: 'bg-brand-100 text-brand-900',
  delegation: 'bg-indigo-100 text-indigo-900',
}

export function KindBadge({ kind, label }: { kind: string; label: string }) {
  return (
    <span className={`inline-block rounded-full px-2.5 py-0.5 text-xs font-semibold ${KIND_STYLES[kind] ?? 'bg-slate-100 text-slate-900'}`}>
      {label}
    </span>
  )
}

/** One event in a list; the whole card is one link (its title), so keyboard users tab once. */
export function EventCard({ event, headingLevel = 3 }: { event: EventCardData; headingLevel?: 2 | 3 }) {
  const t = useT()
  const locale = useLocale()
  const Heading = headingLevel === 2 ? 'h2' : 'h3'
  return (
    <article className="relative flex h-full flex-col rounded-lg border border-slate-200 bg-white p-5 shadow-sm transition focus-within:ring-2 focus-within:ring-accent-600 hover:border-brand-600 hover:shadow-md">
      <div className="flex flex-wrap items-center gap-2">
        <KindBadge kind={event.kind} label={event.kindLabel} />
        {event.cancelled ? (
          <span className="inline-block rounded-full bg-red-100 px-2.5 py-0.5 text-xs font-semibold text-red-900">
            {t('events.list.cancelledBadge')}
          </span>
        ) : null}
      </div>
      <Heading className="mt-3 text-lg font-bold leading-snug text-slate-900">
        <Link
          to={localePath(locale, `/events/${event.slug}`)}
          className="after:absolute after:inset-0 after:content-[''] focus:outline-none hover:text-brand-700"
        >
          {event.title}
        </Link>
      </Heading>
      <p className="mt-2 text-sm text-slate-800">
        <EventDates dates={event.dates} compact />
      </p>
      <p className="mt-1 text-sm font-medium text-slate-700">{event.venueCity}</p>
      <p className="mt-3 flex-1 text-sm text-slate-700">{event.summary}</p>
      <p aria-hidden="true" className="mt-4 text-sm font-semibold text-brand-700">
        {t('events.list.moreDetails')} →
      </p>
    </article>
  )
}

export function EventCardList({ events, headingLevel = 3 }: { events: EventCardData[]; headingLevel?: 2 | 3 }) {
  return (
    <ul className="grid gap-5 sm:grid-cols-2 lg:grid-cols-3">
      {events.map((event) => (
        <li key={event.slug}>
          <EventCard event={event} headingLevel={headingLevel} />
        </li>
      ))}
    </ul>
  )
}
