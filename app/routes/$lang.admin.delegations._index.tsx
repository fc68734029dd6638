import { Link, useLoaderData, type LoaderFunctionArgs, type MetaFunction } from 'react-router'
import { getDb } from '#db/client'
import { localized, paramLocale, translate } from '~/locales'
import { authorize } from '~/modules/auth/guard.server'
import { listDelegationEvents } from '~/modules/delegations/identity.server'
import { PageTitle } from '~/components/admin/ui'
import { localePath, useLocale, useT } from '~/utils/i18n'
import { describeInstant } from '~/utils/time'

export const meta: MetaFunction = ({ params }) => [{ title: translate(paramLocale(params), 'delegations.list.title') }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await authorize(request, '$lang.admin.delegations._index', 'loader')
  const locale = paramLocale(params)
  const rows = await listDelegationEvents(getDb(), user)
  return { events: rows.map((e) => ({ id: e.id, title: localized(e.title, locale), when: describeInstant(e.startsAt, e.timezone, locale) })) }
}

export default function Delegations() {
  const { events } = useLoaderData<typeof loader>()
  const t = useT()
  const locale = useLocale()
  return (
    <section aria-labelledby="page-title">
      <PageTitle>{t('delegations.list.title')}</PageTitle>
      <p className="mt-2 text-slate-700">{t('delegations.list.intro')}</p>
      {events.length === 0 ? <p className="mt-4">{t('delegations.list.empty')}</p> : null}
      <ul className="mt-4 space-y-2">
        {events.map((e) => (
          <li key={e.id} className="rounded border border-slate-300 p-3">
            <Link to={localePath(locale, `/admin/delegations/${e.id}`)} className="font-semibold text-brand-700 underline underline-offset-4">
              {e.title}
            </Link>
            <p className="text-sm text-slate-700">{e.when}</p>
          </li>
        ))}
      </ul>
    </section>
  )
}
