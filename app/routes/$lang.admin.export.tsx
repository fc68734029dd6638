import type { LoaderFunctionArgs } from 'react-router'
import { getDb } from '#db/client'
import { parseAttendeeFilter } from '~/modules/registration/attendee-list-schemas'
import { attendeeExportFields, exportAttendeeBatches, exportAttendeeCsv } from '~/modules/registration/attendee-list.server'
import { recordDisclosure } from '~/modules/privacy/disclosures.server'
import { authorize } from '~/modules/auth/guard.server'
import { loadVisibleEvent } from '~/modules/auth/viewer.server'
import { recordAudit } from '~/modules/audit/audit.server'
import { xlsxStream } from '~/modules/exports/stream.server'
import { notFound, requestLocale } from '~/utils/http.server'

/** Streams the attendee list of the current filter as CSV or XLSX (only what the viewer may see). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await authorize(request, '$lang.admin.export', 'loader')
  const url = new URL(request.url)
  const locale = requestLocale(request, params)
  const filter = parseAttendeeFilter(url.searchParams)
  if (filter.eventId && !(await loadVisibleEvent(getDb(), user, filter.eventId))) notFound()
  const format = url.searchParams.get('format') === 'xlsx' ? 'xlsx' : 'csv'
  await getDb().transaction(async (tx) => {
    await recordAudit(tx, {
      actor: { userId: user.id },
      action: 'attendees.exported',
      subjectType: filter.eventId ? 'event' : 'user',
      subjectId: filter.eventId ?? user.id,
      data: { format, filter },
    })
    await recordDisclosure(tx, { organisationId: user.organisationId, userId: user.id, eventId: filter.eventId ?? null, channel: `attendees.${format}`, fields: attendeeExportFields(user) })
  })
  const stamp = new Date().toISOString().slice(0, 10)
  const name = `${locale === 'fr' ? 'participants' : 'attendees'}-${stamp}.${format}`
  const body =
    format === 'xlsx' ? xlsxStream(exportAttendeeBatches(user, filter, locale), locale === 'fr' ? 'Participants' : 'Attendees') : await exportAttendeeCsv(user, filter, locale)
  return new Response(body, {
    headers: {
      'content-type': format === 'xlsx' ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${name}"`,
      'cache-control': 'no-store',
    },
  })
}
