import type { LoaderFunctionArgs } from 'react-router'
import { CALENDAR_CONTENT_TYPE, privateFeedCalendar } from '~/modules/calendar/feeds.server'
import { notFound } from '~/utils/http.server'

/** GET /calendar/feed/<token>.ics — a private subscription feed (PUBLISH) of an attendee or a partner contact. */
export async function loader({ params }: LoaderFunctionArgs) {
  const token = (params.token ?? '').replace(/\.ics$/, '')
  const ics = await privateFeedCalendar(token)
  if (!ics) notFound()
  return new Response(ics, {
    headers: { 'Content-Type': CALENDAR_CONTENT_TYPE, 'Cache-Control': 'private, no-store', 'X-Robots-Tag': 'noindex' },
  })
}
