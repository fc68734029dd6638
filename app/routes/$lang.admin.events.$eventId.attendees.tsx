import { redirect, useActionData, useLoaderData, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from 'react-router'
import { pageTitle } from '~/utils/page-meta'
import { getDb } from '#db/client'
import { listTicketTypeNames } from '~/modules/events/event-lookups.server'
import { AttendeeList } from '~/components/admin/attendee-list'
import { parseAttendeeFilter } from '~/modules/registration/attendee-list-schemas'
import { shownAttendees } from '~/modules/registration/attendee-list-view'
import { attendeeExportFields, exportAttendeeCsv, listAttendees } from '~/modules/registration/attendee-list.server'
import { recordDisclosure } from '~/modules/privacy/disclosures.server'
import { attendeeAnswers } from '~/modules/inbound/guest-list.server'
import { BulkPanel, type BulkResult } from '~/components/admin/bulk-panels'
import { BULK_INTENTS, BULK_SELECTION_CAP, idempotencyTokenSchema, organiserMessageFormSchema, type BulkIntent } from '~/modules/registration/bulk-actions-schemas'
import { decideApplications, newFormToken, pendingRegistrationCount, resendConfirmations, resolveSelection, type BulkSelection } from '~/modules/registration/bulk-actions.server'
import { Refusal } from '~/utils/refusal'
import { invalid, parseForm, runStepAction } from '~/utils/forms.server'
import { authorize, isPartnerViewerOnly } from '~/modules/auth/guard.server'
import { messageRecipients, previewOrganiserMessage, sendOrganiserMessage } from '~/modules/messaging/organiser-messages.server'
import { EventTabs, PageTitle } from '~/components/admin/ui'
import { loadVisibleEvent } from '~/modules/auth/viewer.server'
import { recordAudit } from '~/modules/audit/audit.server'
import { localized } from '~/locales'
import { notFound, requestLocale } from '~/utils/http.server'
import { localePath, useLocale, useT } from '~/utils/i18n'

export const meta: MetaFunction = ({ params }) => pageTitle(params, 'admin.events.tabs.attendees')

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await authorize(request, '$lang.admin.events.$eventId.attendees', 'loader')
  const db = getDb()
  const event = await loadVisibleEvent(db, user, params.eventId ?? '')
  if (!event) notFound()
  const filter = parseAttendeeFilter(new URL(request.url).searchParams, {
    eventId: event.id,
  })
  const [list, types] = await Promise.all([
    listAttendees(db, user, filter),
    listTicketTypeNames(db, event.id),
  ])
  const organiser = !isPartnerViewerOnly(user)
  // A fresh token per rendered form: a double submit of the same form is done once.
  const bulk = organiser ? { token: newFormToken(), cap: BULK_SELECTION_CAP } : undefined
  // Calendar answers (issue 15): organisers see who declined their invitation.
  const answers = organiser ? await attendeeAnswers(db, list.items.map((a) => a.id)) : {}
  return { event, list: shownAttendees(list, requestLocale(request, params), { showEvent: false }), filter, types, showTabs: organiser, bulk, answers }
}

/** The ticked rows, the whole page, or everything the filter matches (re-run on the server). */
function selectionFrom(formData: FormData): BulkSelection {
  const scope = String(formData.get('scope') ?? 'selected')
  if (scope === 'filter')
    return {
      scope: 'filter',
      filter: parseAttendeeFilter(new URLSearchParams(String(formData.get('filter') ?? ''))),
    }
  return {
    scope: 'ids',
    attendeeIds: scope === 'page' ? String(formData.get('pageAttendeeIds') ?? '').split(',').filter(Boolean) : formData.getAll('attendeeId').map(String),
  }
}

function tokenFrom(formData: FormData) {
  const token = idempotencyTokenSchema.safeParse(formData.get('token'))
  if (!token.success) throw new Refusal('bulkExpired')
  return token.data
}

/** Bulk actions on a selection: parse, authorise, one service call per intent, respond. */
export async function action({ request, params }: ActionFunctionArgs) {
  const user = await authorize(request, '$lang.admin.events.$eventId.attendees', 'action')
  const db = getDb()
  const event = await loadVisibleEvent(db, user, params.eventId ?? '')
  if (!event) notFound()
  const formData = await request.formData()
  const intent = String(formData.get('intent') ?? '')
  if (!BULK_INTENTS.includes(intent as BulkIntent)) return invalid(intent, {})
  const locale = requestLocale(request, params)
  let message: ReturnType<typeof parseForm<typeof organiserMessageFormSchema>> | null = null
  if (intent === 'message-preview' || intent === 'message-send') {
    message = parseForm(formData, organiserMessageFormSchema)
    if (!message.ok) return invalid(intent, message.fieldErrors, message.values)
  }
  return runStepAction<BulkResult>(intent, async () => {
    const targets = await resolveSelection(db, user, event.id, selectionFrom(formData))
    const attendeeIds = targets.map((t) => t.attendeeId)
    switch (intent as BulkIntent) {
      case 'approve':
        return {
          ok: true,
          intent,
          step: 'decided',
          summary: await decideApplications(db, user, event.id, targets, 'approve', null),
        }
      case 'reject': {
        if (formData.get('confirm') !== 'yes')
          return {
            ok: true,
            intent,
            step: 'confirm-reject',
            attendeeIds,
            pending: pendingRegistrationCount(targets),
          }
        const note =
          String(formData.get('note') ?? '')
            .trim()
            .slice(0, 2000) || null
        return {
          ok: true,
          intent,
          step: 'decided',
          summary: await decideApplications(db, user, event.id, targets, 'reject', note),
        }
      }
      case 'resend':
        return {
          ok: true,
          intent,
          step: 'resent',
          summary: await resendConfirmations(db, user, targets, tokenFrom(formData)),
        }
      case 'message': {
        const recipients = messageRecipients(targets)
        const text = (name: string) => String(formData.get(name) ?? '')
        return {
          ok: true,
          intent,
          step: 'compose',
          attendeeIds,
          recipients: {
            count: recipients.length,
            fr: recipients.filter((r) => r.locale === 'fr').length,
            en: recipients.filter((r) => r.locale === 'en').length,
          },
          token: idempotencyTokenSchema.safeParse(formData.get('token')).data ?? newFormToken(),
          values: {
            subjectFr: text('subjectFr'),
            subjectEn: text('subjectEn'),
            bodyFr: text('bodyFr'),
            bodyEn: text('bodyEn'),
          },
        }
      }
      case 'message-preview': {
        if (!message?.ok) throw new Refusal('invalidInput')
        const preview = await previewOrganiserMessage(db, event.id, targets, message.value)
        return {
          ok: true,
          intent,
          step: 'preview',
          attendeeIds,
          token: tokenFrom(formData),
          message: message.value,
          ...preview,
        }
      }
      case 'message-send': {
        if (!message?.ok) throw new Refusal('invalidInput')
        const sent = await sendOrganiserMessage(db, user, event.id, targets, message.value, tokenFrom(formData))
        return redirect(localePath(locale, `/admin/events/${event.id}/messages/${sent.messageId}`))
      }
      case 'export': {
        await db.transaction(async (tx) => {
          await recordAudit(tx, {
            actor: { userId: user.id },
            action: 'attendees.exported',
            subjectType: 'event',
            subjectId: event.id,
            data: { format: 'csv', selection: attendeeIds.length },
          })
          await recordDisclosure(tx, {
            organisationId: user.organisationId,
            userId: user.id,
            eventId: event.id,
            channel: 'attendees.csv',
            fields: attendeeExportFields(user),
            rowCount: attendeeIds.length,
          })
        })
        const file = await exportAttendeeCsv(user, { sort: 'name', page: 1, eventId: event.id, attendeeIds }, locale)
        const name = `${locale === 'fr' ? 'participants-selection' : 'attendees-selection'}-${new Date().toISOString().slice(0, 10)}.csv`
        return new Response(file, {
          headers: {
            'content-type': 'text/csv; charset=utf-8',
            'content-disposition': `attachment; filename="${name}"`,
            'cache-control': 'no-store',
          },
        })
      }
    }
  })
}

export default function EventAttendees() {
  const { event, list, filter, types, showTabs, bulk, answers } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>() as
    | BulkResult
    | {
        ok: false
        intent?: string
        formError?: string
        fieldErrors: Record<string, string[] | undefined>
        values?: Record<string, string | string[]>
      }
    | undefined
  const t = useT()
  const locale = useLocale()
  return (
    <section aria-labelledby="page-title">
      <PageTitle>
        {t('admin.attendees.titleEvent', {
          event: localized(event.title, locale),
        })}
      </PageTitle>
      {showTabs ? <EventTabs eventId={event.id} /> : null}
      {bulk ? <BulkPanel result={result} /> : null}
      <AttendeeList list={list} filter={filter} ticketTypes={types} showEvent={false} bulk={bulk} answers={answers} />
    </section>
  )
}
