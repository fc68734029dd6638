import { data, redirect, Form, useActionData, useLoaderData, useSearchParams, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from 'react-router'
import { getDb } from '#db/client'
import { EventForm, type EventFormValues } from '~/components/admin/event-form'
import { invalid, orRespond, parseForm, runAction, type FormValues } from '~/utils/forms.server'
import { authorize } from '~/modules/auth/guard.server'
import { EventTabs, PageTitle } from '~/components/admin/ui'
import { duplicateEvent, loadEventForAdmin, publishEvent, unpublishEvent, updateEvent } from '~/modules/events/events.server'
import { toLocalInput } from '~/utils/time'
import { eventPartnerGuests } from '~/modules/inbound/guest-list.server'
import { PartnerGuestTable } from '~/components/admin/guest-answers'
import { eventFormSchema } from '~/modules/events/admin-schemas'
import { localized, translateMessage } from '~/locales'
import { requestLocale } from '~/utils/http.server'
import { localePath, useLocale, useT } from '~/utils/i18n'
import { FormMessage, buttonClass, secondaryButtonClass } from '~/components/forms'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? data.event.title.fr : 'Passerelle' }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await authorize(request, '$lang.admin.events.$eventId._index', 'loader')
  const event = await orRespond(loadEventForAdmin(getDb(), user, params.eventId ?? ''))
  const values: EventFormValues = {
    slug: event.slug,
    kind: event.kind,
    titleFr: event.title.fr,
    titleEn: event.title.en,
    summaryFr: event.summary.fr,
    summaryEn: event.summary.en,
    descriptionFr: event.description.fr,
    descriptionEn: event.description.en,
    timezone: event.timezone,
    startsLocal: toLocalInput(event.startsAt, event.timezone),
    endsLocal: toLocalInput(event.endsAt, event.timezone),
    venueName: event.venueName,
    venueAddress: event.venueAddress,
    venueCity: event.venueCity,
    venueCountry: event.venueCountry,
    currency: event.currency,
    taxRatePercent: String(event.taxRateBp / 100),
    capacity: event.capacity === null ? '' : String(event.capacity),
    approvalRequired: event.approvalRequired,
    paymentMethods: event.paymentMethods,
    reminderHours: event.reminderOffsetsMinutes.map((m) => String(Math.round(m / 60))).join(', '),
    cancellationTermsFr: event.cancellationTerms?.fr ?? '',
    cancellationTermsEn: event.cancellationTerms?.en ?? '',
  }
  const partnerGuests = await eventPartnerGuests(getDb(), event.id, user.organisationId)
  return { event: { id: event.id, title: event.title, status: event.status }, values, partnerGuests }
}

type ConfirmStep = {
  ok: false
  intent: 'confirm'
  fieldErrors: Record<string, never>
  values: FormValues
  changes: string[]
  recipients: { attendees: number; companies: number; contacts: number }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await authorize(request, '$lang.admin.events.$eventId._index', 'action')
  const eventId = params.eventId ?? ''
  const formData = await request.formData()
  const intent = String(formData.get('intent') ?? '')
  const db = getDb()
  if (intent === 'publish') {
    return runAction(intent, async () => {
      await publishEvent(db, user, eventId)
      return { ok: true, intent, notice: 'admin.events.published' }
    })
  }
  if (intent === 'unpublish') {
    return runAction(intent, async () => {
      await unpublishEvent(db, user, eventId)
      return { ok: true, intent, notice: 'admin.events.unpublished' }
    })
  }
  if (intent === 'duplicate') {
    let copyId = ''
    const result = await runAction(intent, async () => {
      copyId = await duplicateEvent(db, user, eventId)
    })
    if (!copyId) return result
    return redirect(localePath(requestLocale(request, params), `/admin/events/${copyId}?created=1`))
  }
  const parsed = parseForm(formData, eventFormSchema)
  if (!parsed.ok) return invalid('save', parsed.fieldErrors, parsed.values)
  let confirm: ConfirmStep | null = null
  const result = await runAction('save', async () => {
    const outcome = await updateEvent(db, user, eventId, parsed.value)
    if (outcome.kind === 'confirm') {
      const values: FormValues = {}
      for (const [k, v] of formData.entries()) if (typeof v === 'string') values[k] = k in values ? ([] as string[]).concat(values[k], v) : v
      confirm = { ok: false, intent: 'confirm', fieldErrors: {}, values, changes: outcome.changes, recipients: outcome.recipients }
      return
    }
    return { ok: true, intent: 'save', notice: outcome.timeOrPlaceChanged ? 'admin.events.confirmChange.pendingCalendar' : 'admin.common.saved' }
  })
  if (confirm) return data(confirm as ConfirmStep, { status: 409 })
  return result
}

export default function EditEvent() {
  const { event, values, partnerGuests } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const [search] = useSearchParams()
  const t = useT()
  const locale = useLocale()
  const confirm = result && 'changes' in result ? result : null
  const failed = result && !result.ok && !confirm ? result : null
  const formValues = (confirm?.values ?? (failed && 'values' in failed ? failed.values : undefined) ?? values) as EventFormValues
  return (
    <section aria-labelledby="page-title">
      <PageTitle>{t('admin.events.editTitle', { title: localized(event.title, locale) })}</PageTitle>
      <p className="mt-1 text-sm text-slate-700">{t(`admin.statuses.${event.status}`)}</p>
      <EventTabs eventId={event.id} />
      <div className="mt-4 space-y-2">
        {search.get('created') && !result ? <FormMessage result={{ ok: true, notice: 'admin.events.created' }} /> : null}
        <FormMessage result={confirm ? null : result} />
      </div>
      <div className="mt-4 flex flex-wrap gap-2">
        {event.status === 'draft' ? (
          <Form method="post">
            <button type="submit" name="intent" value="publish" className={buttonClass}>
              {t('admin.events.publish')}
            </button>
          </Form>
        ) : null}
        {event.status === 'published' ? (
          <Form method="post">
            <button type="submit" name="intent" value="unpublish" className={secondaryButtonClass}>
              {t('admin.events.unpublish')}
            </button>
          </Form>
        ) : null}
        <Form method="post">
          <button type="submit" name="intent" value="duplicate" className={secondaryButtonClass} aria-describedby="duplicate-help">
            {t('admin.events.duplicate')}
          </button>
          <p id="duplicate-help" className="mt-1 max-w-md text-xs text-slate-700">
            {t('admin.events.duplicateHelp')}
          </p>
        </Form>
      </div>
      {confirm ? (
        <div role="alertdialog" aria-labelledby="confirm-title" className="mt-4 rounded border-2 border-amber-600 bg-amber-50 p-4">
          <h2 id="confirm-title" className="font-semibold">
            {t('admin.events.confirmChange.title')}
          </h2>
          <p className="mt-2 text-sm">
            {t('admin.events.confirmChange.body', {
              changes: confirm.changes.map((c) => translateMessage(t, `admin.events.confirmChange.${c}`)).join(', '),
              ...confirm.recipients,
            })}
          </p>
          <p className="mt-1 text-sm text-slate-700">{t('admin.events.confirmChange.pendingCalendar')}</p>
        </div>
      ) : null}
      <EventForm
        key={confirm ? 'confirm' : 'edit'}
        values={formValues}
        serverErrors={failed?.fieldErrors}
        confirm={Boolean(confirm)}
        submitLabel={confirm ? t('admin.events.confirmChange.submit') : t('admin.common.save')}
      />
      {partnerGuests.length > 0 ? (
        <section aria-label={t('inbound.guestList.title')} className="rounded border border-slate-300 p-3">
          <PartnerGuestTable rows={partnerGuests} locale={locale} caption={t('inbound.guestList.title')} />
        </section>
      ) : null}
    </section>
  )
}
