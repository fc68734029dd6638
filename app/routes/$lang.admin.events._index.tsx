import { Link, useLoaderData, type LoaderFunctionArgs, type MetaFunction } from 'react-router'
import { getDb } from '#db/client'
import { authorize } from '~/modules/auth/guard.server'
import { PageTitle } from '~/components/admin/ui'
import { listEventsForAdmin } from '~/modules/events/events.server'

import { localized, translate, paramLocale } from '~/locales'
import { localePath, useLocale, useT } from '~/utils/i18n'
import { formatDay } from '~/utils/time'
import { buttonClass } from '~/components/forms'

export const meta: MetaFunction = ({ params }) => [{ title: translate(paramLocale(params), 'admin.events.title') }]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await authorize(request, '$lang.admin.events._index', 'loader')
  return listEventsForAdmin(getDb(), user)
}

type Row = Awaited<ReturnType<typeof listEventsForAdmin>>['upcoming'][number]

function EventTable({ rows, caption }: { rows: (Omit<Row, 'startsAt' | 'endsAt'> & { startsAt: string | Date })[]; caption: string }) {
  const t = useT()
  const locale = useLocale()
  return (
    <section className="mt-6" aria-label={caption}>
      <h2 className="text-lg font-semibold">{caption}</h2>
      {rows.length === 0 ? (
        <p className="mt-2 text-sm text-slate-700">{t('admin.events.empty')}</p>
      ) : (
        <ul className="mt-2 divide-y divide-slate-200 rounded border border-slate-200">
          {rows.map((e) => (
            <li key={e.id} className="flex flex-wrap items-baseline justify-between gap-2 px-3 py-2">
              <Link to={localePath(locale, `/admin/events/${e.id}`)} className="font-semibold text-brand-800 underline underline-offset-4">
                {localized(e.title, locale)}
              </Link>
              <span className="text-sm text-slate-700">
                {t(`admin.kinds.${e.kind}`)} · {formatDay(new Date(e.startsAt), e.timezone, locale)} · {e.venueCity} ·{' '}
                {t(`admin.statuses.${e.status}`)} · {t('admin.events.attendeeCount', { count: e.attendeeCount })}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}

export default function AdminEvents() {
  const data = useLoaderData<typeof loader>()
  const t = useT()
  const locale = useLocale()
  return (
    <section aria-labelledby="page-title">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <PageTitle>{t('admin.events.title')}</PageTitle>
        <Link to={localePath(locale, '/admin/events/new')} className={buttonClass}>
          {t('admin.events.create')}
        </Link>
      </div>
      <EventTable rows={data.upcoming} caption={t('admin.events.upcoming')} />
      <EventTable rows={data.drafts} caption={t('admin.events.drafts')} />
      <EventTable rows={data.past} caption={t('admin.events.past')} />
    </section>
  )
}
