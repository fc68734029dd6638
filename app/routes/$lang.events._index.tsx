import { Form, Link, useLoaderData, type LoaderFunctionArgs, type MetaFunction } from 'react-router'
import { getDb } from '#db/client'
import { EventCardList } from '~/components/events/event-card'
import { EVENT_KINDS } from '~/modules/events/vocabulary'
import { translate, paramLocale } from '~/locales'
import { listPublicEvents, parseEventKind, parseEventPeriod, type EventPeriod } from '~/modules/events/public.server'
import { eventCard } from '~/modules/events/public-view.server'
import { requestLocale } from '~/utils/http.server'
import { localePath, useLocale, useT } from '~/utils/i18n'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const locale = requestLocale(request, params)
  const search = new URL(request.url).searchParams
  const period = parseEventPeriod(search.get('when'))
  const kind = parseEventKind(search.get('kind'))
  const rows = await listPublicEvents(getDb(), { period, kind })
  return {
    period,
    kind,
    kinds: EVENT_KINDS.map((value) => ({ value, label: translate(locale, `events.kinds.${value}`) })),
    events: rows.map((row) => eventCard(row, locale)),
  }
}

export const meta: MetaFunction = ({ params }) => {
  const locale = paramLocale(params)
  return [
    { title: translate(locale, 'events.list.metaTitle') },
    { tagName: 'link', rel: 'alternate', hrefLang: locale === 'fr' ? 'en' : 'fr', href: localePath(locale === 'fr' ? 'en' : 'fr', '/events') },
    { name: 'description', content: translate(locale, 'events.list.metaDescription') },
  ]
}

function periodHref(locale: 'fr' | 'en', period: EventPeriod, kind: string | null) {
  const search = new URLSearchParams()
  if (period === 'past') search.set('when', 'past')
  if (kind) search.set('kind', kind)
  const query = search.toString()
  return localePath(locale, `/events${query ? `?${query}` : ''}`)
}

export default function EventList() {
  const { period, kind, kinds, events } = useLoaderData<typeof loader>()
  const t = useT()
  const locale = useLocale()
  const tabClass = (active: boolean) =>
    `inline-block rounded-t-md border-b-4 px-4 py-2 font-semibold ${active ? 'border-brand-700 text-brand-800' : 'border-transparent text-slate-700 hover:border-slate-300 hover:text-slate-900'}`
  return (
    <div className="mx-auto max-w-6xl px-4 py-10">
      <h1 className="text-3xl font-bold tracking-tight text-slate-900 sm:text-4xl">{t('events.list.title')}</h1>
      <p className="mt-3 max-w-3xl text-lg text-slate-700">{t('events.list.lead')}</p>

      <div className="mt-8 flex flex-col gap-4 border-b border-slate-200 md:flex-row md:items-end md:justify-between">
        <nav aria-label={t('events.list.tabsLabel')}>
          <ul className="-mb-px flex gap-2">
            <li>
              <Link to={periodHref(locale, 'upcoming', kind)} aria-current={period === 'upcoming' ? 'page' : undefined} className={tabClass(period === 'upcoming')}>
                {t('events.list.upcoming')}
              </Link>
            </li>
            <li>
              <Link to={periodHref(locale, 'past', kind)} aria-current={period === 'past' ? 'page' : undefined} className={tabClass(period === 'past')}>
                {t('events.list.past')}
              </Link>
            </li>
          </ul>
        </nav>

        <Form method="get" role="search" aria-label={t('events.list.filterLabel')} className="flex flex-wrap items-end gap-2 pb-3">
          {period === 'past' ? <input type="hidden" name="when" value="past" /> : null}
          <div>
            <label htmlFor="kind" className="block text-sm font-semibold text-slate-900">
              {t('events.list.kindLabel')}
            </label>
            <select
              id="kind"
              name="kind"
              defaultValue={kind ?? ''}
              key={kind ?? 'all'}
              className="mt-1 block rounded-md border border-slate-400 bg-white px-3 py-2 text-slate-900"
            >
              <option value="">{t('events.list.allKinds')}</option>
              {kinds.map((option) => (
                <option key={option.value} value={option.value}>
                  {option.label}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="rounded-md bg-brand-700 px-4 py-2 font-semibold text-white hover:bg-brand-800">
            {t('events.list.apply')}
          </button>
          {kind ? (
            <Link to={periodHref(locale, period, null)} className="px-2 py-2 font-semibold text-brand-700 underline underline-offset-4">
              {t('events.list.reset')}
            </Link>
          ) : null}
        </Form>
      </div>

      <section aria-labelledby="results" className="mt-8">
        <h2 id="results" className="sr-only">
          {period === 'past' ? t('events.list.past') : t('events.list.upcoming')}
        </h2>
        <p className="mb-4 text-sm text-slate-700" aria-live="polite">
          {t('events.list.resultCount', { count: events.length })}
        </p>
        {events.length > 0 ? (
          <EventCardList events={events} />
        ) : (
          <p className="rounded-lg border border-dashed border-slate-300 p-8 text-center text-slate-700">
            {period === 'past' ? t('events.list.emptyPast') : t('events.list.emptyUpcoming')}
          </p>
        )}
      </section>
    </div>
  )
}
