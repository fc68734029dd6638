import { Form, useActionData, useLoaderData, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from 'react-router'
import { pageTitle } from '~/utils/page-meta'
import { getDb } from '#db/client'
import { invalid, orRespond, runAction } from '~/utils/forms.server'
import { authorize } from '~/modules/auth/guard.server'
import { EventTabs, PageTitle } from '~/components/admin/ui'
import { cancelEventAndRefund, previewEventCancellation } from '~/modules/events/cancel.server'
import { formatMoney } from '~/utils/money'
import { useLocale, useT } from '~/utils/i18n'
import { CheckboxField, FormMessage, dangerButtonClass } from '~/components/forms'

export const meta: MetaFunction = ({ params }) => pageTitle(params, 'admin.events.cancel.title')

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await authorize(request, '$lang.admin.events.$eventId.cancel', 'loader')
  const preview = await orRespond(previewEventCancellation(getDb(), user, params.eventId ?? ''))
  return { eventId: params.eventId ?? '', preview }
}

/** Cancelling a whole event: shows who will be told and what will be refunded, then asks to confirm. */
export async function action({ request, params }: ActionFunctionArgs) {
  const user = await authorize(request, '$lang.admin.events.$eventId.cancel', 'action')
  const formData = await request.formData()
  if (formData.get('confirm') !== 'yes') return invalid('cancel-event', { confirm: ['errors.field.required'] })
  return runAction('cancel-event', async () => {
    const outcome = await orRespond(cancelEventAndRefund(getDb(), user, params.eventId ?? ''))
    if (outcome.failed.length > 0) return { ok: false, intent: 'cancel-event', formError: 'admin.events.cancel.someRefundsFailed', fieldErrors: {} }
    return { ok: true, intent: 'cancel-event', notice: 'admin.events.cancel.done' }
  })
}

export default function CancelEvent() {
  const { eventId, preview } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const t = useT()
  const locale = useLocale()
  return (
    <section aria-labelledby="page-title">
      <PageTitle>{t('admin.events.cancel.title')}</PageTitle>
      <EventTabs eventId={eventId} />
      <div className="mt-4 space-y-3">
        <FormMessage result={result ?? null} />
        {preview.status === 'cancelled' ? <p>{t('admin.events.cancel.already')}</p> : null}
        <p>{t('admin.events.cancel.told', { attendees: preview.attendees, companies: preview.companies, contacts: preview.partnerContacts })}</p>
        {preview.refunds.length === 0 ? (
          <p>{t('admin.events.cancel.noRefunds')}</p>
        ) : (
          <ul className="list-disc pl-6">
            {preview.refunds.map((r) => (
              <li key={r.currency}>
                {t('admin.events.cancel.refundLine', { registrations: r.registrations, amount: formatMoney(r.amountMinor, r.currency, locale) })}
              </li>
            ))}
          </ul>
        )}
        <Form method="post" className="space-y-3 rounded border-2 border-red-700 p-4">
          <CheckboxField name="confirm" value="yes" label={t('admin.events.cancel.confirm')} />
          <button type="submit" className={dangerButtonClass}>
            {preview.status === 'cancelled' ? t('admin.events.cancel.retryRefunds') : t('admin.events.cancel.submit')}
          </button>
        </Form>
      </div>
    </section>
  )
}
