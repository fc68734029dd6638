import { Link, useLoaderData, type LoaderFunctionArgs, type MetaFunction } from 'react-router'
import { getDb } from '#db/client'
import { EventCardList } from '~/components/events/event-card'
import { PartnerStrip } from '~/components/partner-strip'
import { translate, paramLocale } from '~/locales'
import { listPublicEvents, listPublicPartners } from '~/modules/events/public.server'
import { eventCard } from '~/modules/events/public-view.server'
import { requestLocale } from '~/utils/http.server'
import { localePath, useLocale, useT } from '~/utils/i18n'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const locale = requestLocale(request, params)
  const db = getDb()
  const [next, partners] = await Promise.all([
    listPublicEvents(db, { period: 'upcoming', statuses: ['published'], limit: 3 }),
    listPublicPartners(db),
  ])
  return {
    events: next.map((row) => eventCard(row, locale)),
    partners: partners.map((p) => ({ id: p.id, name: p.name, website: p.website, official: p.isOfficialPartner })),
  }
}

export const meta: MetaFunction = ({ params }) => {
  const locale = paramLocale(params)
  return [
    { title: translate(locale, 'events.home.metaTitle') },
    { name: 'description', content: translate(locale, 'events.home.metaDescription') },
    { tagName: 'link', rel: 'alternate', hrefLang: locale === 'fr' ? 'en' : 'fr', href: localePath(locale === 'fr' ? 'en' : 'fr') },
  ]
}

export default function Home() {
  const { events, partners } = useLoaderData<typeof loader>()
  const t = useT()
  const locale = useLocale()
  const pillars = [
    { title: t('events.home.what.platformTitle'), body: t('events.home.what.platformBody') },
    { title: t('events.home.what.missionsTitle'), body: t('events.home.what.missionsBody') },
    { title: t('events.home.what.supportTitle'), body: t('events.home.what.supportBody') },
  ]
  return (
    <>
      <section className="bg-brand-900 text-white">
        <div className="mx-auto max-w-6xl px-4 py-14 sm:py-20">
          <p className="text-sm font-semibold uppercase tracking-widest text-brand-100">{t('events.home.eyebrow')}</p>
          <h1 className="mt-3 max-w-3xl text-4xl font-bold tracking-tight sm:text-5xl">{t('events.home.title')}</h1>
          <p className="mt-5 max-w-2xl text-lg text-brand-50">{t('events.home.lead')}</p>
          <div className="mt-8 flex flex-wrap gap-3">
            <Link to={localePath(locale, '/events')} className="rounded-md bg-white px-5 py-3 font-bold text-brand-900 hover:bg-brand-50">
              {t('events.home.ctaEvents')}
            </Link>
            <Link
              to={localePath(locale, '/about')}
              className="rounded-md border-2 border-white px-5 py-3 font-bold text-white hover:bg-brand-800"
            >
              {t('events.home.ctaAbout')}
            </Link>
          </div>
        </div>
      </section>

      <section aria-labelledby="what" className="mx-auto max-w-6xl px-4 py-14">
        <h2 id="what" className="text-2xl font-bold text-slate-900 sm:text-3xl">
          {t('events.home.whatTitle')}
        </h2>
        <ul className="mt-8 grid gap-6 md:grid-cols-3">
          {pillars.map((pillar) => (
            <li key={pillar.title} className="rounded-lg border-t-4 border-brand-700 bg-slate-50 p-6">
              <h3 className="text-lg font-bold text-slate-900">{pillar.title}</h3>
              <p className="mt-2 text-slate-700">{pillar.body}</p>
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="next" className="bg-slate-50 py-14">
        <div className="mx-auto max-w-6xl px-4">
          <div className="flex flex-wrap items-end justify-between gap-4">
            <h2 id="next" className="text-2xl font-bold text-slate-900 sm:text-3xl">
              {t('events.home.nextTitle')}
            </h2>
            <Link to={localePath(locale, '/events')} className="font-semibold text-brand-700 underline underline-offset-4">
              {t('events.home.allEvents')}
            </Link>
          </div>
          <div className="mt-8">
            {events.length > 0 ? <EventCardList events={events} /> : <p className="text-slate-700">{t('events.home.nextEmpty')}</p>}
          </div>
        </div>
      </section>

      {partners.length > 0 ? (
        <section aria-labelledby="partners" className="mx-auto max-w-6xl px-4 py-14">
          <h2 id="partners" className="text-center text-sm font-semibold uppercase tracking-widest text-slate-700">
            {t('events.home.partnersTitle')}
          </h2>
          <PartnerStrip partners={partners} />
        </section>
      ) : null}
    </>
  )
}
