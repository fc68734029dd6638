import { Form, Link, useActionData, useLoaderData, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from 'react-router'
import { pageTitle } from '~/utils/page-meta'
import { getDb } from '#db/client'
import { invalid, orRespond, parseForm, runAction } from '~/utils/forms.server'
import { ORGANISER_REFUND_REASONS, recordPaymentFormSchema, refundFormSchema } from '~/modules/registration/money-schemas'
import { refundRegistration } from '~/modules/payments/refunds.server'
import { recordBankPayment } from '~/modules/payments/bank-transfer.server'
import { cancelAttendee, changeAttendee, moveAttendee } from '~/modules/registration/attendees.server'
import { approveApplication, rejectApplication } from '~/modules/registration/decisions.server'
import { cancelRegistration } from '~/modules/registration/lifecycle.server'
import { attendeeChangeSchema } from '~/modules/registration/registration-schemas'
import { isRefusal, Refusal, type RefusalCode } from '~/utils/refusal'
import { authorize } from '~/modules/auth/guard.server'
import { PageTitle } from '~/components/admin/ui'
import { loadRegistrationDetail } from '~/modules/registration/registration-detail.server'
import { applicantAidWarning } from '~/modules/funders/aid-register.server'
import { localized, type CatalogueSection } from '~/locales'
import { localePath, useLocale, useT } from '~/utils/i18n'
import { formatMoney } from '~/utils/money'
import { describeInstant } from '~/utils/time'
import { CheckboxField, CheckedForm, Field, FormMessage, SelectField, buttonClass, dangerButtonClass, secondaryButtonClass } from '~/components/forms'

/** Catalogue sections the browser loads for this page (locales/sections.ts). */
export const handle = { catalogue: ['payments'] } satisfies { catalogue: CatalogueSection[] }

export const meta: MetaFunction<typeof loader> = ({ params, data }) => pageTitle(params, 'admin.registration.title', { reference: data?.registration.reference ?? '' })

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await authorize(request, '$lang.admin.registrations.$registrationId', 'loader')
  const detail = await orRespond(loadRegistrationDetail(getDb(), user, params.registrationId ?? ''))
  // Before accepting a company on a mission: would the mission's aid take it over the de minimis ceiling?
  const deMinimis = detail.registration.status === 'pending_approval' ? await applicantAidWarning(getDb(), detail.event.id, detail.company.id) : null
  return { ...detail, deMinimis }
}

/**
 * Decisions go through the registration service (seats, notifications, audit live there).
 * Refunds and bank payments go through the payments services (Stripe refund, credit note,
 * notification). Moving a delegate to another ticket type goes through the registration service
 * (seats under its locks); its refusals are worded for the organiser here.
 */
/** Why a move was refused, in the organiser's words. */
const MOVE_REFUSALS: Partial<Record<RefusalCode, RefusalCode>> = {
  sameTicketType: 'moveSameTicketType',
  invalidTicket: 'moveInvalidTicket',
  tooMany: 'moveTooMany',
  soldOut: 'moveSoldOut',
  movePriceDiffers: 'moveNotSamePrice',
  duplicatePerson: 'moveDuplicatePerson',
  invalidState: 'moveInvalidState',
  registrationNotFound: 'moveNotFound',
  busy: 'busy',
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await authorize(request, '$lang.admin.registrations.$registrationId', 'action')
  const detail = await orRespond(loadRegistrationDetail(getDb(), user, params.registrationId ?? ''))
  const registrationId = detail.registration.id
  const formData = await request.formData()
  const intent = String(formData.get('intent') ?? '')
  const actor = { userId: user.id }
  switch (intent) {
    case 'approve':
      return runAction(intent, async () => (await approveApplication(registrationId, actor), { ok: true, intent, notice: 'admin.registration.approved' }))
    case 'reject': {
      const note = String(formData.get('note') ?? '').trim().slice(0, 2000) || null
      return runAction(intent, async () => (await rejectApplication(registrationId, actor, note), { ok: true, intent, notice: 'admin.registration.rejected' }))
    }
    case 'cancel':
      if (formData.get('confirm') !== 'yes') return invalid(intent, { confirm: ['errors.field.required'] })
      return runAction(intent, async () => (await cancelRegistration(registrationId, actor, null), { ok: true, intent, notice: 'admin.registration.cancelled' }))
    case 'cancel-attendee': {
      const attendeeId = String(formData.get('attendeeId') ?? '')
      if (!detail.attendees.some((a) => a.id === attendeeId)) return invalid(intent, {})
      return runAction(intent, async () => (await cancelAttendee(attendeeId, actor), { ok: true, intent, notice: 'admin.registration.attendeeCancelled' }))
    }
    case 'edit-attendee': {
      const attendeeId = String(formData.get('attendeeId') ?? '')
      if (!detail.attendees.some((a) => a.id === attendeeId && a.status === 'active')) return invalid(intent, {})
      const parsed = parseForm(formData, attendeeChangeSchema)
      if (!parsed.ok) {
        const fieldErrors = Object.fromEntries(Object.entries(parsed.fieldErrors).map(([field, codes]) => [field, (codes ?? []).map((code) => `registration.validation.${code}`)]))
        return invalid(intent, fieldErrors, { ...parsed.values, attendeeId })
      }
      return runAction(intent, async () => {
        try {
          await changeAttendee(attendeeId, parsed.value, actor, { byOrganiser: true })
        } catch (error) {
          if (isRefusal(error) && error.code === 'duplicatePerson') throw new Refusal('emailAlreadyRegistered', { field: 'email' })
          if (isRefusal(error) && error.code === 'cutoffPassed') throw new Refusal('eventOver')
          throw error
        }
        return { ok: true, intent, notice: 'admin.registration.attendeeEdited' }
      })
    }
    case 'move-attendee': {
      const attendeeId = String(formData.get('attendeeId') ?? '')
      const ticketTypeId = String(formData.get('ticketTypeId') ?? '')
      if (!detail.attendees.some((a) => a.id === attendeeId)) return invalid(intent, {})
      if (!detail.ticketTypes.some((ty) => ty.id === ticketTypeId)) return invalid(intent, { ticketTypeId: ['admin.registration.moveErrors.invalid_ticket'] })
      return runAction(intent, async () => {
        try {
          await moveAttendee(attendeeId, ticketTypeId, actor)
        } catch (error) {
          if (!isRefusal(error)) throw error
          throw new Refusal(MOVE_REFUSALS[error.code] ?? 'moveRefused', { cause: error })
        }
        return { ok: true, intent, notice: 'admin.registration.moved' }
      })
    }
    case 'refund': {
      const parsed = parseForm(formData, refundFormSchema)
      if (!parsed.ok) return invalid(intent, parsed.fieldErrors, parsed.values)
      const { amount, reason, note, cancel } = parsed.value
      return runAction(intent, async () => {
        await refundRegistration({ registrationId, amountMinor: amount, reason, note, cancel: cancel === 'yes', actor })
        return { ok: true, intent, notice: 'admin.registration.refunded' }
      })
    }
    case 'record-payment': {
      const parsed = parseForm(formData, recordPaymentFormSchema)
      if (!parsed.ok) return invalid(intent, parsed.fieldErrors, parsed.values)
      return runAction(intent, async () => {
        await recordBankPayment({ registrationId }, parsed.value.amount, actor)
        return { ok: true, intent, notice: 'admin.registration.paymentRecorded' }
      })
    }
    default:
      return invalid(intent, {})
  }
}

export default function RegistrationDetail() {
  const d = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const t = useT()
  const locale = useLocale()
  const when = (v: string | Date | null) => (v ? describeInstant(new Date(v), d.event.timezone, locale) : '—')
  const r = d.registration
  return (
    <section aria-labelledby="page-title" className="space-y-6">
      <div>
        <PageTitle>{t('admin.registration.title', { reference: r.reference })}</PageTitle>
        <p className="mt-1 text-sm text-slate-700">
          <Link to={localePath(locale, `/admin/events/${d.event.id}/attendees`)} className="underline">
            {localized(d.event.title, locale)}
          </Link>{' '}
          · {t(`admin.attendees.registrationStatuses.${r.status}`)} ·{' '}
          {t('admin.registration.totals', { total: formatMoney(r.totalMinor, r.currency, locale), paid: formatMoney(r.paidMinor, r.currency, locale) })}
        </p>
        <p className="mt-2 text-sm text-slate-700">{t('admin.registration.pendingServices')}</p>
      </div>
      <FormMessage result={result} />
      <section aria-labelledby="decide-h" className="space-y-3">
        <h2 id="decide-h" className="text-lg font-semibold">{t('admin.registration.actions')}</h2>
        {d.deMinimis ? (
          <p role="alert" className="rounded border border-red-800 bg-red-50 px-3 py-2 text-sm text-red-900">
            {t('admin.registration.deMinimisWarning', {
              expected: formatMoney(d.deMinimis.expectedEurMinor, 'EUR', locale),
              total: formatMoney(d.deMinimis.totalEurMinor, 'EUR', locale),
              ceiling: formatMoney(d.deMinimis.ceilingEurMinor, 'EUR', locale),
              received: formatMoney(d.deMinimis.receivedEurMinor, 'EUR', locale),
            })}
          </p>
        ) : null}
        {r.status === 'pending_approval' ? (
          <div className="flex flex-wrap items-end gap-3">
            <Form method="post">
              <button type="submit" name="intent" value="approve" className={buttonClass}>{t('admin.registration.approve')}</button>
            </Form>
            <Form method="post" className="flex flex-wrap items-end gap-2">
              <Field name="note" label={t('admin.registration.rejectNote')} />
              <button type="submit" name="intent" value="reject" className={secondaryButtonClass}>{t('admin.registration.reject')}</button>
            </Form>
          </div>
        ) : null}
        {['pending_approval', 'awaiting_payment', 'confirmed'].includes(r.status) ? (
          <Form method="post" className="space-y-2 rounded border border-red-300 p-3">
            <CheckboxField name="confirm" value="yes" label={t('admin.registration.cancelConfirm')} />
            {result && !result.ok && result.fieldErrors.confirm ? <p className="text-sm font-medium text-red-800">{t('errors.field.required')}</p> : null}
            <button type="submit" name="intent" value="cancel" className={dangerButtonClass}>{t('admin.registration.cancel')}</button>
          </Form>
        ) : null}
      </section>
      <section aria-labelledby="company-h">
        <h2 id="company-h" className="text-lg font-semibold">{t('admin.registration.company')}</h2>
        <p>{d.company.name}{d.company.registrationNumber ? ` · ${d.company.registrationNumber}` : ''}</p>
        <p className="text-sm text-slate-700">{[d.company.addressLine, d.company.postalCode, d.company.city, d.company.country].filter(Boolean).join(', ')}</p>
        <p className="text-sm">{t('admin.registration.contact')}{t('common.colon')} {r.contactName} · {r.contactEmail}</p>
      </section>
      <section aria-labelledby="people-h">
        <h2 id="people-h" className="text-lg font-semibold">{t('admin.registration.attendees')}</h2>
        <ul className="divide-y divide-slate-200 rounded border border-slate-200">
          {d.attendees.map((a) => (
            <li key={a.id} className="px-3 py-2 text-sm">
              <span className="font-medium">{a.lastName.toUpperCase()} {a.firstName}</span> · {a.email} · {localized(a.ticketTypeName, locale)}
              {a.status === 'cancelled' ? ` · ${t('admin.attendees.attendeeCancelled')}` : ''}
              {a.checkedInAt ? ` · ${t('admin.attendees.columns.checkedIn')} ${when(a.checkedInAt)}` : ''}
              {a.status === 'active' && ['pending_approval', 'awaiting_payment', 'confirmed'].includes(r.status) ? (
                <AttendeeEditForm attendee={a} result={result} />
              ) : null}
              {a.status === 'active' && ['pending_approval', 'awaiting_payment', 'confirmed'].includes(r.status) && d.ticketTypes.length > 1 ? (
                <Form method="post" className="mt-1 flex flex-wrap items-end gap-2" aria-label={`${t('admin.registration.move')}${t('common.colon')} ${a.firstName} ${a.lastName}`}>
                  <input type="hidden" name="intent" value="move-attendee" />
                  <input type="hidden" name="attendeeId" value={a.id} />
                  <SelectField
                    name="ticketTypeId"
                    idPrefix={`move-${a.id}`}
                    label={t('admin.registration.moveTarget')}
                    defaultValue={a.ticketTypeId}
                    options={d.ticketTypes.map((ty) => ({ value: ty.id, label: `${localized(ty.name, locale)} · ${formatMoney(ty.priceMinor, r.currency, locale)}` }))}
                  />
                  <button type="submit" className={secondaryButtonClass}>{t('admin.registration.moveSubmit')}</button>
                </Form>
              ) : null}
              {a.status === 'active' && ['pending_approval', 'awaiting_payment', 'confirmed'].includes(r.status) ? (
                <Form method="post" className="mt-1">
                  <input type="hidden" name="attendeeId" value={a.id} />
                  <button type="submit" name="intent" value="cancel-attendee" className={dangerButtonClass}>{t('admin.registration.cancelAttendee')}</button>
                </Form>
              ) : null}
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="answers-h">
        <h2 id="answers-h" className="text-lg font-semibold">{t('admin.registration.answers')}</h2>
        <dl className="text-sm">
          {d.answers.map((a) => (
            <div key={a.id} className="flex gap-2">
              <dt className="font-medium">{localized(a.label, locale)}</dt>
              <dd>{a.value === null ? '—' : typeof a.value === 'boolean' ? t(a.value ? 'admin.common.yes' : 'admin.common.no') : a.value}</dd>
            </div>
          ))}
        </dl>
      </section>
      <section aria-labelledby="payments-h">
        <h2 id="payments-h" className="text-lg font-semibold">{t('admin.registration.payments')}</h2>
        {d.payments.length === 0 ? <p className="text-sm">{t('admin.registration.noPayments')}</p> : null}
        <ul className="text-sm">
          {d.payments.map((p) => (
            <li key={p.id}>{when(p.createdAt)} · {p.provider} · {p.status} · {formatMoney(p.amountMinor, p.currency, locale)}</li>
          ))}
          {d.refunds.map((p) => (
            <li key={p.id}>{when(p.createdAt)} · refund · {p.status} · −{formatMoney(p.amountMinor, p.currency, locale)}</li>
          ))}
        </ul>
        <p className="mt-2 text-sm">
          {t('admin.registration.paidOfTotal', { paid: formatMoney(r.paidMinor, r.currency, locale), total: formatMoney(r.totalMinor, r.currency, locale) })}
        </p>
        {r.paymentMethod === 'invoice' && r.paidMinor < r.totalMinor && r.status !== 'cancelled' ? (
          <CheckedForm schema={recordPaymentFormSchema} serverErrors={result?.intent === 'record-payment' && !result.ok ? result.fieldErrors : undefined} method="post" className="mt-3 flex flex-wrap items-end gap-3" aria-labelledby="record-h">
            {(errors) => (
              <>
                <h3 id="record-h" className="w-full text-base font-semibold">{t('admin.registration.recordPayment')}</h3>
                <input type="hidden" name="intent" value="record-payment" />
                <Field name="amount" idPrefix="record" label={t('admin.registration.amount', { currency: r.currency })} inputMode="decimal" required errors={errors} />
                <button type="submit" className={buttonClass}>{t('admin.registration.recordPaymentSubmit')}</button>
                {result?.intent === 'record-payment' ? <FormMessage result={result} /> : null}
              </>
            )}
          </CheckedForm>
        ) : null}
        {r.paidMinor > 0 ? (
          <CheckedForm schema={refundFormSchema} serverErrors={result?.intent === 'refund' && !result.ok ? result.fieldErrors : undefined} method="post" className="mt-4 space-y-3 rounded border border-slate-300 p-3" aria-labelledby="refund-h">
            {(errors) => (
              <>
                <h3 id="refund-h" className="text-base font-semibold">{t('admin.registration.refund')}</h3>
                <input type="hidden" name="intent" value="refund" />
                <Field name="amount" idPrefix="refund" label={t('admin.registration.amount', { currency: r.currency })} inputMode="decimal" required errors={errors} />
                <SelectField
                  name="reason"
                  idPrefix="refund"
                  label={t('admin.registration.refundReason')}
                  options={ORGANISER_REFUND_REASONS.map((value) => ({ value, label: t(`admin.registration.refundReasons.${value}`) }))}
                  errors={errors}
                />
                <Field name="note" idPrefix="refund" label={t('admin.registration.refundNote')} />
                <CheckboxField name="cancel" value="yes" idPrefix="refund" label={t('admin.registration.refundAndCancel')} />
                <CheckboxField name="confirm" value="yes" idPrefix="refund" label={t('admin.registration.refundConfirm')} errors={errors} />
                <button type="submit" className={dangerButtonClass}>{t('admin.registration.refundSubmit')}</button>
                {result?.intent === 'refund' ? <FormMessage result={result} /> : null}
              </>
            )}
          </CheckedForm>
        ) : null}
      </section>
      <section aria-labelledby="invoices-h">
        <h2 id="invoices-h" className="text-lg font-semibold">{t('admin.registration.invoices')}</h2>
        {d.invoices.length === 0 ? <p className="text-sm">{t('admin.registration.noInvoices')}</p> : null}
        <ul className="text-sm">
          {d.invoices.map((i) => (
            <li key={i.id}>{i.number} · {when(i.issuedAt)} · {formatMoney(i.totalMinor, i.currency, locale)}</li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="mails-h">
        <h2 id="mails-h" className="text-lg font-semibold">{t('admin.registration.mails')}</h2>
        {d.mails.length === 0 ? <p className="text-sm">{t('admin.registration.noMails')}</p> : null}
        <ul className="text-sm">
          {d.mails.map((m) => (
            <li key={m.id}>{when(m.sentAt ?? m.createdAt)} · {m.template} · {m.toAddress} · {m.status}{m.lastError ? ` · ${m.lastError}` : ''}</li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="audit-h">
        <h2 id="audit-h" className="text-lg font-semibold">{t('admin.registration.audit')}</h2>
        {d.history.length === 0 ? <p className="text-sm">{t('admin.registration.noAudit')}</p> : null}
        <ul className="text-sm">
          {d.history.map((h) => (
            <li key={h.id}>{when(h.createdAt)} · {h.action} · {h.actorLabel}</li>
          ))}
        </ul>
      </section>
    </section>
  )
}

type EditableAttendee = { id: string; firstName: string; lastName: string; email: string; jobTitle: string | null; phone: string | null; locale: 'fr' | 'en'; needs: string | null }

/** Organisers fix a name or an address (badges, mails), even after the self-service cut-off. */
function AttendeeEditForm({ attendee, result }: { attendee: EditableAttendee; result: ReturnType<typeof useActionData<typeof action>> }) {
  const t = useT()
  const mine = result && result.intent === 'edit-attendee' && !result.ok && result.values?.attendeeId === attendee.id ? result : undefined
  const value = (name: keyof EditableAttendee) => {
    const v = mine?.values?.[name]
    return typeof v === 'string' ? v : ((attendee[name] as string | null) ?? '')
  }
  const prefix = `edit-${attendee.id}`
  return (
    <details className="mt-1" open={Boolean(mine)}>
      <summary className="cursor-pointer text-brand-800 underline">{t('admin.registration.editAttendeeOf', { name: `${attendee.firstName} ${attendee.lastName}` })}</summary>
      <CheckedForm schema={attendeeChangeSchema} serverErrors={mine?.fieldErrors} method="post" className="mt-2 space-y-2 rounded border border-slate-300 p-3">
        {(errors) => (
          <>
            {mine ? <FormMessage result={mine} /> : null}
            <input type="hidden" name="intent" value="edit-attendee" />
            <input type="hidden" name="attendeeId" value={attendee.id} />
            <div className="grid gap-2 md:grid-cols-2">
              <Field idPrefix={prefix} name="firstName" label={t('admin.registration.attendeeFields.firstName')} defaultValue={value('firstName')} errors={errors} required />
              <Field idPrefix={prefix} name="lastName" label={t('admin.registration.attendeeFields.lastName')} defaultValue={value('lastName')} errors={errors} required />
              <Field idPrefix={prefix} name="email" type="email" label={t('admin.registration.attendeeFields.email')} defaultValue={value('email')} errors={errors} required />
              <Field idPrefix={prefix} name="jobTitle" label={t('admin.registration.attendeeFields.jobTitle')} defaultValue={value('jobTitle')} errors={errors} />
              <Field idPrefix={prefix} name="phone" type="tel" label={t('admin.registration.attendeeFields.phone')} defaultValue={value('phone')} errors={errors} />
              <SelectField
                idPrefix={prefix}
                name="locale"
                label={t('admin.registration.attendeeFields.locale')}
                defaultValue={value('locale')}
                options={[
                  { value: 'fr', label: t('admin.languages.fr') },
                  { value: 'en', label: t('admin.languages.en') },
                ]}
              />
            </div>
            <Field idPrefix={prefix} name="needs" label={t('admin.registration.attendeeFields.needs')} defaultValue={value('needs')} errors={errors} multiline rows={2} />
            <button type="submit" className={secondaryButtonClass}>{t('admin.common.save')}</button>
          </>
        )}
      </CheckedForm>
    </details>
  )
}
