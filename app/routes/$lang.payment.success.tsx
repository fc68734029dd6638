import { Link, useLoaderData, type LoaderFunctionArgs, type MetaFunction } from 'react-router'
import { translate, paramLocale, type CatalogueSection } from '~/locales'
import { paymentReturnView, payPageView, requireRegistrationFromToken } from '~/modules/payments/pay-page.server'
import { requireLocale } from '~/utils/http.server'
import { localePath, useLocale, useT } from '~/utils/i18n'

/** Catalogue sections the browser loads for this page (locales/sections.ts). */
export const handle = { catalogue: ['payments'] } satisfies { catalogue: CatalogueSection[] }

export const meta: MetaFunction = ({ params }) => [
  { title: translate(paramLocale(params), 'payments.success.title') },
  { name: 'robots', content: 'noindex' },
]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const locale = requireLocale(params)
  const url = new URL(request.url)
  const token = url.searchParams.get('token')
  const registrationId = await requireRegistrationFromToken(token)
  const result = await paymentReturnView(registrationId, url.searchParams.get('session_id'))
  const view = await payPageView(registrationId, locale)
  return { token: token as string, reference: view.reference, status: view.status, ...result }
}

export default function PaymentSuccess() {
  const data = useLoaderData<typeof loader>()
  const t = useT()
  const locale = useLocale()
  const message =
    data.status === 'confirmed'
      ? t('payments.success.confirmed', { reference: data.reference })
      : data.refunded
        ? t('payments.success.refunding')
        : data.paymentStatus === 'pending'
          ? t('payments.success.processing', { reference: data.reference })
          : t('payments.success.waiting')
  return (
    <div className="mx-auto max-w-2xl px-4 py-12">
      <h1 className="text-3xl font-bold text-slate-900">{t('payments.success.title')}</h1>
      <p role="status" className="mt-4 text-lg text-slate-800">{message}</p>
      {data.invoice && data.status === 'confirmed' ? (
        <p className="mt-6">
          <a href={localePath(locale, `/manage/${data.token}/invoices/${data.invoice.id}`)} download className="font-semibold text-brand-700 underline underline-offset-4">
            {t('payments.success.invoice', { number: data.invoice.number })}
          </a>
        </p>
      ) : null}
      <p className="mt-6">
        <Link to={localePath(locale, `/manage/${data.token}`)} className="font-semibold text-brand-700 underline underline-offset-4">
          {t('payments.success.manage')}
        </Link>
      </p>
    </div>
  )
}
