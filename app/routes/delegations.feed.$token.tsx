import type { LoaderFunctionArgs } from 'react-router'
import { getDb } from '#db/client'
import { CALENDAR_CONTENT_TYPE } from '~/modules/calendar/feeds.server'
import { itineraryFeed } from '~/modules/delegations/itinerary.server'
import { notFound } from '~/utils/http.server'

/** GET /delegations/feed/<token>.ics — a delegate's itinerary as a calendar subscription (webcal). */
export async function loader({ params }: LoaderFunctionArgs) {
  const token = (params.token ?? '').replace(/\.ics$/, '')
  const ics = await itineraryFeed(getDb(), token)
  if (!ics) notFound()
  return new Response(ics, { headers: { 'Content-Type': CALENDAR_CONTENT_TYPE, 'Cache-Control': 'private, no-store', 'X-Robots-Tag': 'noindex' } })
}
