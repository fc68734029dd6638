import { Link, Outlet, useLoaderData, type LoaderFunctionArgs, type MetaFunction } from 'react-router'
import { B2bNav } from '~/components/b2b/nav'
import { localized, paramLocale, translate } from '~/locales'
import { participantOfToken } from '~/modules/b2b/participants.server'
import { orRespond } from '~/utils/forms.server'
import { notFound, requireLocale } from '~/utils/http.server'
import { localePath, useLocale, useT } from '~/utils/i18n'

export const meta: MetaFunction = ({ params }) => [{ title: translate(paramLocale(params), 'b2b.title') }, { name: 'robots', content: 'noindex' }]

/** Layout of a company's B2B pages: only for a confirmed registration to a B2B meetup. */
export async function loader({ params }: LoaderFunctionArgs) {
  requireLocale(params)
  const ctx = await orRespond(participantOfToken(params.token ?? ''))
  if (!ctx) notFound()
  return { token: params.token!, event: { title: ctx.event.title }, company: { name: ctx.company.name } }
}

export default function B2bLayout() {
  const { token, event, company } = useLoaderData<typeof loader>()
  const t = useT()
  const locale = useLocale()
  return (
    <div className="mx-auto max-w-4xl px-4 py-8">
      <p>
        <Link to={localePath(locale, `/manage/${token}`)} className="text-sm font-semibold text-brand-700 underline underline-offset-4">
          {t('b2b.nav.back')}
        </Link>
      </p>
      <h1 className="mt-2 text-2xl font-bold">
        {t('b2b.title')} — {localized(event.title, locale)}
      </h1>
      <p className="text-slate-700">{company.name}</p>
      <B2bNav token={token} />
      <div className="mt-6">
        <Outlet />
      </div>
    </div>
  )
}
