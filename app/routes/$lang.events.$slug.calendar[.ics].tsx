import type { LoaderFunctionArgs } from 'react-router'
import { CALENDAR_CONTENT_TYPE, publicEventCalendar } from '~/modules/calendar/feeds.server'
import { notFound, requireLocale } from '~/utils/http.server'

/** GET /{lang}/events/{slug}/calendar.ics — the public PUBLISH calendar of an event (no attendees). */
export async function loader({ params }: LoaderFunctionArgs) {
  const locale = requireLocale(params)
  if (!params.slug) notFound()
  const ics = await publicEventCalendar(params.slug, locale)
  if (!ics) notFound()
  return new Response(ics, {
    headers: {
      'Content-Type': CALENDAR_CONTENT_TYPE,
      'Content-Disposition': `attachment; filename="${params.slug}.ics"`,
      'Cache-Control': 'public, max-age=300',
    },
  })
}
