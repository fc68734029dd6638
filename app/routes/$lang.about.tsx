import { Link, useLoaderData, type LoaderFunctionArgs, type MetaFunction } from 'react-router'
import { getDb } from '#db/client'
import { localized, translate, paramLocale } from '~/locales'
import { getPublicOrganisation, listPublicPartners } from '~/modules/events/public.server'
import { requestLocale } from '~/utils/http.server'
import { localePath, useLocale, useT } from '~/utils/i18n'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const locale = requestLocale(request, params)
  const db = getDb()
  const [rows, organisation] = await Promise.all([listPublicPartners(db), getPublicOrganisation(db)])
  const entries = rows.map((p) => ({
    id: p.id,
    name: p.name,
    website: p.website,
    description: localized(p.description, locale),
    official: p.isOfficialPartner,
    funder: p.isFunder,
  }))
  const contact = organisation
    ? {
        email: organisation.email,
        phone: organisation.phone,
        address: [organisation.addressLine, [organisation.city, organisation.postalCode].filter(Boolean).join(' ')].filter(Boolean).join(', '),
      }
    : null
  return { funders: entries.filter((p) => p.funder), partners: entries.filter((p) => !p.funder), contact }
}

export const meta: MetaFunction = ({ params }) => {
  const locale = paramLocale(params)
  return [
    { title: translate(locale, 'events.about.metaTitle') },
    { tagName: 'link', rel: 'alternate', hrefLang: locale === 'fr' ? 'en' : 'fr', href: localePath(locale === 'fr' ? 'en' : 'fr', '/about') },
    { name: 'description', content: translate(locale, 'events.about.metaDescription') },
  ]
}

type Entry = Awaited<ReturnType<typeof loader>>['funders'][number]

function PartnerDirectory({ entries }: { entries: Entry[] }) {
  const t = useT()
  return (
    <ul className="mt-4 grid gap-4 sm:grid-cols-2">
      {entries.map((p) => (
        <li key={p.id} className="rounded-lg border border-slate-200 p-5">
          <h3 className="font-bold text-slate-900">{p.name}</h3>
          {p.official ? (
            <p className="mt-1 inline-block rounded-full bg-brand-100 px-2.5 py-0.5 text-xs font-semibold text-brand-900">
              {t('events.about.officialPartner')}
            </p>
          ) : null}
          {p.description ? <p className="mt-2 text-slate-700">{p.description}</p> : null}
          {p.website ? (
            <p className="mt-2">
              <a href={p.website} target="_blank" rel="noopener noreferrer" className="text-sm font-semibold text-brand-700 underline underline-offset-4">
                {t('events.about.website', { name: p.name })}
                <span className="sr-only"> {t('events.page.newWindow')}</span>
              </a>
            </p>
          ) : null}
        </li>
      ))}
    </ul>
  )
}

export default function About() {
  const { funders, partners, contact } = useLoaderData<typeof loader>()
  const t = useT()
  const locale = useLocale()
  return (
    <div className="mx-auto max-w-4xl px-4 py-10">
      <h1 className="text-3xl font-bold tracking-tight text-slate-900 sm:text-4xl">{t('events.about.title')}</h1>
      <p className="mt-3 text-lg text-slate-700">{t('events.about.lead')}</p>

      <section aria-labelledby="story" className="mt-10">
        <h2 id="story" className="text-2xl font-bold text-slate-900">
          {t('events.about.storyTitle')}
        </h2>
        <p className="mt-3 text-slate-800">{t('events.about.story1')}</p>
        <p className="mt-3 text-slate-800">{t('events.about.story2')}</p>
        <figure className="mt-6 border-l-4 border-brand-700 bg-brand-50 px-5 py-4">
          <blockquote className="text-lg italic text-slate-900">
            <p>{t('events.about.quote')}</p>
          </blockquote>
          <figcaption className="mt-2 text-sm font-semibold text-slate-700">{t('events.about.quoteAuthor')}</figcaption>
        </figure>
      </section>

      <section aria-labelledby="mission" className="mt-10">
        <h2 id="mission" className="text-2xl font-bold text-slate-900">
          {t('events.about.missionTitle')}
        </h2>
        <ul className="mt-3 list-disc space-y-2 pl-6 text-slate-800">
          <li>{t('events.about.mission1')}</li>
          <li>{t('events.about.mission2')}</li>
          <li>{t('events.about.mission3')}</li>
        </ul>
      </section>

      {funders.length > 0 ? (
        <section aria-labelledby="funders" className="mt-10">
          <h2 id="funders" className="text-2xl font-bold text-slate-900">
            {t('events.about.fundersTitle')}
          </h2>
          <PartnerDirectory entries={funders} />
        </section>
      ) : null}

      {partners.length > 0 ? (
        <section aria-labelledby="partners" className="mt-10">
          <h2 id="partners" className="text-2xl font-bold text-slate-900">
            {t('events.about.partnersTitle')}
          </h2>
          <PartnerDirectory entries={partners} />
        </section>
      ) : null}

      <section aria-labelledby="contact" className="mt-10 rounded-lg bg-slate-50 p-6">
        <h2 id="contact" className="text-2xl font-bold text-slate-900">
          {t('events.about.contactTitle')}
        </h2>
        <p className="mt-2 text-slate-700">{t('events.about.contactBody')}</p>
        {contact ? (
          <dl className="mt-4 grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 text-slate-800">
            <dt className="font-semibold">{t('events.about.email')}</dt>
            <dd>
              <a href={`mailto:${contact.email}`} className="font-semibold text-brand-700 underline underline-offset-4">
                {contact.email}
              </a>
            </dd>
            {contact.phone ? (
              <>
                <dt className="font-semibold">{t('events.about.phone')}</dt>
                <dd>
                  <a href={`tel:${contact.phone.replace(/\s/g, '')}`} className="text-brand-700 underline underline-offset-4">
                    {contact.phone}
                  </a>
                </dd>
              </>
            ) : null}
            {contact.address ? (
              <>
                <dt className="font-semibold">{t('events.about.address')}</dt>
                <dd>{contact.address}</dd>
              </>
            ) : null}
          </dl>
        ) : null}
        <p className="mt-4">
          <Link to={localePath(locale, '/events')} className="font-semibold text-brand-700 underline underline-offset-4">
            {t('common.nav.events')}
          </Link>
        </p>
      </section>
    </div>
  )
}
