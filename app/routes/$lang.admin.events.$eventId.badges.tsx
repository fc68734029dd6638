import type { LoaderFunctionArgs } from 'react-router'
import { getDb } from '#db/client'
import { authorize } from '~/modules/auth/guard.server'
import { loadVisibleEvent } from '~/modules/auth/viewer.server'
import { badgeSheet } from '~/modules/checkin/badges.server'
import { notFound, requestLocale } from '~/utils/http.server'

/** Printable PDF sheet of badges for the event's confirmed attendees. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await authorize(request, '$lang.admin.events.$eventId.badges', 'loader')
  const event = await loadVisibleEvent(getDb(), user, params.eventId ?? '')
  if (!event) notFound()
  const body = await badgeSheet(getDb(), event, requestLocale(request, params))
  return new Response(body, {
    headers: { 'content-type': 'application/pdf', 'content-disposition': 'inline; filename="badges.pdf"', 'cache-control': 'no-store' },
  })
}
