import { Link, useLoaderData, type LoaderFunctionArgs, type MetaFunction } from 'react-router'
import { getDb } from '#db/client'
import { CalendarLinks } from '~/components/events/calendar-links'
import { KindBadge } from '~/components/events/event-card'
import { EventDates } from '~/components/events/event-dates'
import { PartnerList } from '~/components/events/partner-list'
import { Programme } from '~/components/events/programme'
import { TicketList } from '~/components/events/ticket-list'
import { translate, type MessageKey, paramLocale } from '~/locales'
import { getPublicEvent } from '~/modules/events/public.server'
import { eventPageView } from '~/modules/events/public-view.server'
import { getAvailability } from '~/modules/registration/availability.server'
import { getEnv } from '~/utils/env.server'
import { notFound, requireLocale } from '~/utils/http.server'
import { localePath, useLocale, useT } from '~/utils/i18n'

export async function loader({ params }: LoaderFunctionArgs) {
  const locale = requireLocale(params)
  if (!params.slug) notFound()
  const db = getDb()
  const event = await getPublicEvent(db, params.slug)
  if (!event) notFound()
  const availability = await getAvailability(db, event.id)
  const pageUrl = `${getEnv().PUBLIC_URL}${localePath(locale, `/events/${event.slug}`)}`
  return { event: eventPageView(event, availability, locale, { now: new Date(), pageUrl }) }
}

export const meta: MetaFunction<typeof loader> = ({ data, params }) => {
  const locale = paramLocale(params)
  if (!data) return [{ title: translate(locale, 'errors.notFound.title') }]
  const { event } = data
  return [
    { title: translate(locale, 'events.page.metaTitle', { title: event.title }) },
    { name: 'description', content: event.summary },
    { property: 'og:title', content: event.title },
    { property: 'og:description', content: event.summary },
    { property: 'og:type', content: 'website' },
    { tagName: 'link', rel: 'alternate', type: 'text/calendar', href: event.calendar.ics },
    { tagName: 'link', rel: 'alternate', hrefLang: locale === 'fr' ? 'en' : 'fr', href: localePath(locale === 'fr' ? 'en' : 'fr', `/events/${event.slug}`) },
  ]
}

const STATE_MESSAGES: Record<string, MessageKey> = {
  closed: 'events.page.state.closed',
  past: 'events.page.state.past',
  cancelled: 'events.page.state.cancelled',
  full: 'events.page.state.full',
  no_tickets: 'events.page.state.noTickets',
}

function SectionHeading({ id, children }: { id: string; children: string }) {
  return (
    <h2 id={id} className="text-2xl font-bold text-slate-900">
      {children}
    </h2>
  )
}

export default function EventPage() {
  const { event } = useLoaderData<typeof loader>()
  const t = useT()
  const locale = useLocale()
  const { registration } = event
  return (
    <article className="pb-16">
      <div className="border-b border-slate-200 bg-brand-50">
        <div className="mx-auto max-w-6xl px-4 py-8 sm:py-12">
          <nav aria-label={t('events.page.breadcrumb')} className="text-sm">
            <Link to={localePath(locale, '/events')} className="font-semibold text-brand-700 underline-offset-4 hover:underline">
              ← {t('events.page.backToList')}
            </Link>
          </nav>
          <div className="mt-4 flex flex-wrap items-center gap-2">
            <KindBadge kind={event.kind} label={event.kindLabel} />
            {event.cancelled ? (
              <span className="rounded-full bg-red-100 px-2.5 py-0.5 text-xs font-semibold text-red-900">{t('events.list.cancelledBadge')}</span>
            ) : null}
          </div>
          <h1 className="mt-3 text-3xl font-bold tracking-tight text-slate-900 sm:text-4xl">{event.title}</h1>
          <p className="mt-3 max-w-3xl text-lg text-slate-800">{event.summary}</p>
        </div>
      </div>

      {event.cancelled ? (
        <div className="mx-auto mt-6 max-w-6xl px-4">
          <div role="status" className="rounded-md border border-red-300 bg-red-50 px-4 py-3 text-red-900">
            <p className="font-bold">{t('events.page.cancelledBanner')}</p>
            <p>{t('events.page.cancelledBody')}</p>
          </div>
        </div>
      ) : null}

      <div className="mx-auto mt-8 grid max-w-6xl gap-10 px-4 lg:grid-cols-[1fr_22rem] lg:grid-rows-[auto_1fr]">
        {/* DOM order = phone order: when and where, then tickets, then the rest; two columns from lg. */}
        <div className="min-w-0 lg:col-start-1 lg:row-start-1">
          <section aria-labelledby="when-where" className="grid gap-6 rounded-lg border border-slate-200 p-5 sm:grid-cols-2">
            <h2 id="when-where" className="sr-only">
              {t('events.page.when')} / {t('events.page.where')}
            </h2>
            <div>
              <h3 className="text-sm font-semibold uppercase tracking-wide text-brand-700">{t('events.page.when')}</h3>
              <div className="mt-2 text-slate-900">
                <EventDates dates={event.dates} />
              </div>
            </div>
            <div>
              <h3 className="text-sm font-semibold uppercase tracking-wide text-brand-700">{t('events.page.where')}</h3>
              <address className="mt-2 not-italic text-slate-900">
                <span className="block font-semibold">{event.venue.name}</span>
                <span className="block">{event.venue.address}</span>
              </address>
              <a
                href={event.venue.mapUrl}
                target="_blank"
                rel="noopener noreferrer"
                className="mt-2 inline-block font-semibold text-brand-700 underline underline-offset-4"
              >
                {t('events.page.mapLink')}
                <span className="sr-only"> {t('events.page.newWindow')}</span>
              </a>
            </div>
          </section>
        </div>

        <aside className="space-y-8 lg:sticky lg:top-4 lg:col-start-2 lg:row-span-2 lg:row-start-1 lg:self-start" aria-label={t('events.page.registration')}>
          <section aria-labelledby="tickets" className="rounded-lg border border-slate-200 bg-slate-50 p-5">
            <SectionHeading id="tickets">{t('events.page.tickets')}</SectionHeading>
            {event.tickets.length > 0 ? (
              <>
                <p className="mt-1 text-sm text-slate-700">{t('events.page.ticketsLead')}</p>
                <div className="mt-3">
                  <TicketList tickets={event.tickets} />
                </div>
              </>
            ) : null}
            <div className="mt-4">
              {registration.state === 'open' ? (
                <>
                  <Link
                    to={localePath(locale, `/events/${event.slug}/register`)}
                    className="block rounded-md bg-brand-700 px-4 py-3 text-center text-base font-bold text-white hover:bg-brand-800"
                  >
                    {registration.approvalRequired ? t('events.page.registerApply') : t('events.page.register')}
                  </Link>
                  {registration.approvalRequired ? <p className="mt-2 text-sm text-slate-700">{t('events.page.approvalNote')}</p> : null}
                  {registration.closesOn ? (
                    <p className="mt-2 text-sm text-slate-700">{t('events.page.closesOn', { date: registration.closesOn })}</p>
                  ) : null}
                </>
              ) : (
                <p className="rounded-md border border-slate-300 bg-white px-4 py-3 font-semibold text-slate-900">
                  {registration.state === 'not_yet_open'
                    ? t('events.page.state.notYetOpen', { date: registration.opensOn ?? '' })
                    : t(STATE_MESSAGES[registration.state])}
                </p>
              )}
            </div>
            {event.cancellationTerms ? (
              <div className="mt-5">
                <h3 className="text-sm font-semibold text-slate-900">{t('events.page.cancellationTerms')}</h3>
                <p className="mt-1 text-sm text-slate-700">{event.cancellationTerms}</p>
              </div>
            ) : null}
          </section>

          {event.cancelled ? null : (
            <section aria-labelledby="calendar">
              <h2 id="calendar" className="text-lg font-bold text-slate-900">
                {t('events.page.calendar')}
              </h2>
              <div className="mt-3">
                <CalendarLinks {...event.calendar} />
              </div>
            </section>
          )}
        </aside>

        <div className="min-w-0 space-y-10 lg:col-start-1 lg:row-start-2">
          <section aria-labelledby="about-event">
            <SectionHeading id="about-event">{t('events.page.about')}</SectionHeading>
            <p className="mt-3 whitespace-pre-line text-slate-800">{event.description}</p>
          </section>

          {event.programme.length > 0 ? (
            <section aria-labelledby="programme">
              <SectionHeading id="programme">{t('events.page.programme')}</SectionHeading>
              <p className="mt-1 text-sm text-slate-700">{t('events.page.programmeNote', { city: event.zoneCity })}</p>
              <div className="mt-4">
                <Programme days={event.programme} />
              </div>
            </section>
          ) : null}

          {event.partners.length > 0 ? (
            <section aria-labelledby="partners">
              <SectionHeading id="partners">{t('events.page.partners')}</SectionHeading>
              <div className="mt-4">
                <PartnerList partners={event.partners} />
              </div>
            </section>
          ) : null}
        </div>
      </div>
    </article>
  )
}
