import { Link, useLoaderData, type LoaderFunctionArgs, type MetaFunction } from 'react-router'
import { translate, paramLocale, type CatalogueSection } from '~/locales'
import { payPageView, requireRegistrationFromToken } from '~/modules/payments/pay-page.server'
import { requireLocale } from '~/utils/http.server'
import { localePath, useLocale, useT } from '~/utils/i18n'

/** Catalogue sections the browser loads for this page (locales/sections.ts). */
export const handle = { catalogue: ['payments'] } satisfies { catalogue: CatalogueSection[] }

export const meta: MetaFunction = ({ params }) => [
  { title: translate(paramLocale(params), 'payments.cancel.title') },
  { name: 'robots', content: 'noindex' },
]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const locale = requireLocale(params)
  const url = new URL(request.url)
  const token = url.searchParams.get('token')
  const registrationId = await requireRegistrationFromToken(token)
  const view = await payPageView(registrationId, locale)
  return { token: token as string, failed: url.searchParams.get('failed') === '1', holdUntil: view.holdUntil, holdValid: view.holdValid, canPay: view.canPay }
}

export default function PaymentCancel() {
  const data = useLoaderData<typeof loader>()
  const t = useT()
  const locale = useLocale()
  return (
    <div className="mx-auto max-w-2xl px-4 py-12">
      <h1 className="text-3xl font-bold text-slate-900">{t('payments.cancel.title')}</h1>
      <p role="status" className="mt-4 text-lg text-slate-800">
        {data.holdValid && data.holdUntil
          ? t(data.failed ? 'payments.cancel.failed' : 'payments.cancel.body', { time: data.holdUntil })
          : t('payments.cancel.expired')}
      </p>
      {data.canPay ? (
        <p className="mt-6">
          <Link to={localePath(locale, `/manage/${data.token}/pay`)} className="inline-block rounded bg-brand-700 px-4 py-2 font-semibold text-white focus-visible:outline-2 focus-visible:outline-offset-2">
            {t('payments.cancel.retry')}
          </Link>
        </p>
      ) : null}
    </div>
  )
}
