import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams, redirect, data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from 'react-router'
import { translate, paramLocale, translateMessage, type MessageKey, type CatalogueSection } from '~/locales'
import { chooseInvoicePayment } from '~/modules/payments/bank-transfer.server'
import { startCardPayment } from '~/modules/payments/checkout.server'
import { payPageView, requireRegistrationFromToken } from '~/modules/payments/pay-page.server'
import { hitRateLimit, clientIp } from '~/modules/security/rate-limit.server'
import { requireLocale, retryAfterHeaders } from '~/utils/http.server'
import { localePath, useLocale, useT } from '~/utils/i18n'
import { isRefusal } from '~/utils/refusal'

/** Catalogue sections the browser loads for this page (locales/sections.ts). */
export const handle = { catalogue: ['payments', 'registration'] } satisfies { catalogue: CatalogueSection[] }

/** 429 answers keep their Retry-After on document requests. */
export const headers = retryAfterHeaders

export const meta: MetaFunction = ({ params }) => [
  { title: translate(paramLocale(params), 'payments.pay.title') },
  { name: 'robots', content: 'noindex' },
]

export async function loader({ params }: LoaderFunctionArgs) {
  const locale = requireLocale(params)
  const registrationId = await requireRegistrationFromToken(params.token)
  return { view: await payPageView(registrationId, locale), token: params.token as string }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const locale = requireLocale(params)
  const registrationId = await requireRegistrationFromToken(params.token)
  const form = await request.formData()
  const intent = form.get('intent')
  const limited = await hitRateLimit(`pay:${clientIp(request)}`, 30, 600)
  if (!limited.allowed) return data({ error: 'refusals.busy' satisfies MessageKey }, { status: 429, headers: { 'Retry-After': String(limited.retryAfterSeconds) } })
  try {
    if (intent === 'card') {
      const { url } = await startCardPayment({ registrationId, locale, returnToken: params.token as string })
      return redirect(url)
    }
    if (intent === 'invoice') {
      await chooseInvoicePayment(registrationId, { label: `company:registration:${registrationId}` })
      return redirect(localePath(locale, `/manage/${params.token}/pay`))
    }
    return data({ error: 'refusals.notPayable' satisfies MessageKey }, { status: 400 })
  } catch (error) {
    if (isRefusal(error)) return data({ error: error.messageKey }, { status: error.status })
    throw error
  }
}

export default function PayPage() {
  const { view, token } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const t = useT()
  const locale = useLocale()
  const busy = navigation.state !== 'idle'
  const error = actionData && 'error' in actionData ? (actionData.error as string) : null
  const [search] = useSearchParams()
  const welcome = search.get('welcome') === '1'
  return (
    <div className="mx-auto max-w-3xl px-4 py-10">
      {welcome ? (
        <section aria-labelledby="done-heading" className="mb-8 space-y-2 rounded border-l-4 border-brand-700 bg-brand-50 p-4">
          <p id="done-heading" className="text-2xl font-bold">{t('registration.done.heading')}</p>
          <p>{t('registration.done.keepLink')}</p>
          <p>
            <Link to={localePath(locale, `/manage/${token}`)} className="font-semibold text-brand-800 underline" data-testid="management-link">
              {t('registration.done.manageLink')}
            </Link>
          </p>
        </section>
      ) : null}
      <h1 className="text-3xl font-bold text-slate-900">{t('payments.pay.title')}</h1>
      <p className="mt-2 text-lg text-slate-700">{t('payments.pay.intro', { reference: view.reference, event: view.eventTitle })}</p>

      {error ? (
        <p role="alert" className="mt-6 rounded border border-red-300 bg-red-50 p-4 text-red-900">
          {translateMessage(t, error)}
        </p>
      ) : null}

      <section aria-labelledby="summary" className="mt-8">
        <h2 id="summary" className="text-xl font-semibold">{t('payments.pay.summary')}</h2>
        <table className="mt-3 w-full text-left">
          <tbody>
            {view.lines.map((line, i) => (
              <tr key={i} className="border-b border-slate-200">
                <td className="py-2">{line.quantity > 1 ? t('payments.pay.line', { quantity: line.quantity, name: line.description }) : line.description}</td>
                <td className="py-2 text-right tabular-nums">{line.amount}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row" className="py-2">{t('payments.pay.total')}</th>
              <td className="py-2 text-right font-bold tabular-nums" data-testid="pay-total">{view.total}</td>
            </tr>
            {view.paidMinor > 0 ? (
              <tr>
                <th scope="row" className="py-1 font-normal">{t('payments.pay.alreadyPaid')}</th>
                <td className="py-1 text-right tabular-nums">{view.paid}</td>
              </tr>
            ) : null}
          </tfoot>
        </table>
      </section>

      {view.status === 'confirmed' ? (
        <p className="mt-6 rounded border border-green-300 bg-green-50 p-4 text-green-900" role="status">{t('payments.pay.confirmed')}</p>
      ) : null}

      {view.totalMinor === 0 ? <p className="mt-6">{t('payments.pay.nothingToPay')}</p> : null}

      {view.invoice ? (
        <section aria-labelledby="bank" className="mt-8 rounded border border-slate-300 p-5">
          <h2 id="bank" className="text-xl font-semibold">{t('payments.bank.title')}</h2>
          {view.paymentMethod === 'invoice' && view.invoice.due ? (
            <p className="mt-2">{t('payments.bank.intro', { number: view.invoice.number, amount: view.invoice.total, due: view.invoice.due, reference: view.reference })}</p>
          ) : null}
          {view.paymentMethod === 'invoice' && view.invoice.bank ? (
            <dl className="mt-4 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1">
              <dt className="font-semibold">{t('payments.bank.holder')}</dt>
              <dd>{view.invoice.bank.holder}</dd>
              <dt className="font-semibold">{t('payments.bank.iban')}</dt>
              <dd className="font-mono">{view.invoice.bank.iban}</dd>
              <dt className="font-semibold">{t('payments.bank.bic')}</dt>
              <dd className="font-mono">{view.invoice.bank.bic}</dd>
              <dt className="font-semibold">{t('payments.bank.bankName')}</dt>
              <dd>{view.invoice.bank.bankName}</dd>
              <dt className="font-semibold">{t('payments.bank.reference')}</dt>
              <dd className="font-mono">{view.reference}</dd>
            </dl>
          ) : null}
          <p className="mt-4">
            <a
              href={localePath(locale, `/manage/${token}/invoices/${view.invoice.id}`)}
              className="font-semibold text-brand-700 underline underline-offset-4 focus-visible:outline-2"
              download
            >
              {t('payments.bank.download', { number: view.invoice.number })}
            </a>
          </p>
          <p className="mt-2 text-sm text-slate-700">{t('payments.bank.status', { status: t(`payments.status.${view.status}`) })}</p>
        </section>
      ) : null}

      {view.canPay && view.paymentMethod !== 'invoice' ? (
        <section aria-labelledby="methods" className="mt-8">
          <h2 id="methods" className="text-xl font-semibold">{t('payments.pay.chooseMethod')}</h2>
          <p className="mt-2 text-slate-700">
            {view.holdValid && view.holdUntil ? t('payments.pay.holdUntil', { time: view.holdUntil }) : t('payments.pay.holdExpired')}
          </p>
          <div className="mt-4 grid gap-4 sm:grid-cols-2">
            {view.offersCard ? (
              <Form method="post" className="rounded border border-slate-300 p-4">
                <input type="hidden" name="intent" value="card" />
                <button type="submit" disabled={busy} className="w-full rounded bg-brand-700 px-4 py-2 font-semibold text-white focus-visible:outline-2 focus-visible:outline-offset-2 disabled:opacity-60">
                  {t('payments.pay.card')}
                </button>
                <p className="mt-2 text-sm text-slate-700">{t('payments.pay.cardHint')}</p>
              </Form>
            ) : null}
            {view.offersInvoice ? (
              <Form method="post" className="rounded border border-slate-300 p-4">
                <input type="hidden" name="intent" value="invoice" />
                <button type="submit" disabled={busy} className="w-full rounded border-2 border-brand-700 px-4 py-2 font-semibold text-brand-700 focus-visible:outline-2 focus-visible:outline-offset-2 disabled:opacity-60">
                  {t('payments.pay.invoice')}
                </button>
                <p className="mt-2 text-sm text-slate-700">
                  {t('payments.pay.invoiceHint')} {view.invoiceConfirmsImmediately ? t('payments.pay.invoiceConfirms') : t('payments.pay.invoiceHolds')}
                </p>
              </Form>
            ) : null}
          </div>
        </section>
      ) : null}

      {!view.canPay && view.status !== 'confirmed' && view.totalMinor > 0 ? <p className="mt-6">{t('payments.pay.notPayable')}</p> : null}

      <p className="mt-10">
        <Link to={localePath(locale, `/manage/${token}`)} className="font-semibold text-brand-700 underline underline-offset-4">
          {t('payments.pay.back')}
        </Link>
      </p>
    </div>
  )
}
