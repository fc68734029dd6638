import type { LoaderFunctionArgs } from 'react-router'
import { getDb } from '#db/client'
import { paramLocale } from '~/locales'
import { authorize } from '~/modules/auth/guard.server'
import { scheduleRows } from '~/modules/b2b/dashboard.server'
import { loadEventForAdmin } from '~/modules/events/events.server'
import { xlsxStream } from '~/modules/exports/stream.server'
import { orRespond } from '~/utils/forms.server'
import { recordDisclosure } from '~/modules/privacy/disclosures.server'

/** The meetup's schedule (preliminary and published meetings) as an XLSX workbook. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await authorize(request, '$lang.admin.events.$eventId.b2b.schedule[.xlsx]', 'loader')
  const event = await orRespond(loadEventForAdmin(getDb(), user, params.eventId ?? ''))
  const locale = paramLocale(params)
  await recordDisclosure(getDb(), { organisationId: user.organisationId, userId: user.id, eventId: event.id, channel: 'b2b.schedule.xlsx', fields: ['company', 'delegate', 'table', 'slot'] })
  return new Response(xlsxStream(scheduleRows(event, locale), locale === 'fr' ? 'Planning B2B' : 'B2B schedule'), {
    headers: {
      'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'content-disposition': `attachment; filename="${event.slug}-b2b-schedule.xlsx"`,
      'cache-control': 'no-store',
    },
  })
}
