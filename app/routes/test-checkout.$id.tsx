import { redirect, Form, useActionData, useLoaderData, data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from 'react-router'
import { isLocale, translate, translator, type Locale, type CatalogueSection } from '~/locales'
import { assertTestCheckoutEnabled, finishTestCheckout, getTestCheckoutSession } from '~/modules/payments/test-checkout.server'
import { formatMoney } from '~/utils/money'
import { describeInstant } from '~/utils/time'
import { notFound } from '~/utils/http.server'
import { useCatalogueSections } from '~/utils/i18n'

/** Catalogue sections the browser loads for this page (locales/sections.ts). */
export const handle = { catalogue: ['payments'] } satisfies { catalogue: CatalogueSection[] }

async function load(id: string | undefined) {
  assertTestCheckoutEnabled()
  if (!id || !/^cs_test_[A-Za-z0-9]+$/.test(id)) notFound()
  const session = await getTestCheckoutSession(id)
  if (!session) notFound()
  return session
}

export async function loader({ params }: LoaderFunctionArgs) {
  const session = await load(params.id)
  const match = /\/(fr|en)\/payment\//.exec(session.successUrl)
  const locale: Locale = match && isLocale(match[1]) ? match[1] : 'fr'
  return {
    locale,
    id: session.id,
    open: session.status === 'open',
    email: session.customerEmail,
    total: formatMoney(session.amountTotal, session.currency, locale),
    lines: session.lines.map((l) => ({ name: l.name, quantity: l.quantity, amount: formatMoney(l.unitAmountMinor * l.quantity, session.currency, locale) })),
    expires: describeInstant(session.expiresAt, 'America/Martinique', locale),
    cancelUrl: session.cancelUrl,
  }
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: translate(data?.locale ?? 'fr', 'payments.testCheckout.title') },
  { name: 'robots', content: 'noindex' },
]

export async function action({ request, params }: ActionFunctionArgs) {
  const session = await load(params.id)
  const form = await request.formData()
  const intent = form.get('intent')
  if (intent !== 'pay' && intent !== 'fail') return data({ error: true }, { status: 400 })
  const result = await finishTestCheckout(session.id, intent)
  if (!result.ok || !result.redirect) return data({ error: true }, { status: 409 })
  return redirect(result.redirect)
}

/** The labelled TEST checkout: stands in for Stripe's hosted page when no keys are set (never in production). */
export default function TestCheckout() {
  const data = useLoaderData<typeof loader>()
  const failed = useActionData<typeof action>()
  // The page speaks the language of the registration it pays for, which may not be the root's: load its words.
  useCatalogueSections(data.locale, handle.catalogue)
  const t = translator(data.locale)
  return (
    <main id="main" lang={data.locale} className="mx-auto max-w-xl px-4 py-10">
      <p role="note" className="rounded border-2 border-amber-500 bg-amber-50 p-4 font-semibold text-amber-950">
        {t('payments.testCheckout.banner')}
      </p>
      <h1 className="mt-6 text-3xl font-bold text-slate-900">{t('payments.testCheckout.title')}</h1>
      {failed ? <p role="alert" className="mt-4 text-red-800">{t('payments.testCheckout.error')}</p> : null}
      <table className="mt-6 w-full text-left">
        <tbody>
          {data.lines.map((line, i) => (
            <tr key={i} className="border-b border-slate-200">
              <td className="py-2">
                {line.quantity} × {line.name}
              </td>
              <td className="py-2 text-right tabular-nums">{line.amount}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" className="py-2">{t('payments.testCheckout.amount')}</th>
            <td className="py-2 text-right text-xl font-bold tabular-nums" data-testid="test-checkout-total">{data.total}</td>
          </tr>
        </tfoot>
      </table>
      <p className="mt-4 text-slate-700">
        {t('payments.testCheckout.email')}{t('common.colon')} {data.email}
      </p>
      <p className="mt-1 text-sm text-slate-700">{t('payments.testCheckout.expires', { time: data.expires })}</p>
      {data.open ? (
        <div className="mt-8 flex flex-wrap gap-4">
          <Form method="post">
            <button type="submit" name="intent" value="pay" className="rounded bg-green-800 px-5 py-2 font-semibold text-white focus-visible:outline-2 focus-visible:outline-offset-2">
              {t('payments.testCheckout.pay')}
            </button>
          </Form>
          <Form method="post">
            <button type="submit" name="intent" value="fail" className="rounded bg-red-800 px-5 py-2 font-semibold text-white focus-visible:outline-2 focus-visible:outline-offset-2">
              {t('payments.testCheckout.fail')}
            </button>
          </Form>
          <a href={data.cancelUrl} className="self-center font-semibold text-slate-800 underline underline-offset-4">
            {t('payments.testCheckout.cancel')}
          </a>
        </div>
      ) : (
        <p className="mt-8">{t('payments.testCheckout.closed')}</p>
      )}
    </main>
  )
}
