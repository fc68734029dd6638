import type { LoaderFunctionArgs } from '@remix-run/node'
import { isLocale } from '~/locales'
import { CALENDAR_CONTENT_TYPE, publicEventCalendar } from '~/modules/calendar/feeds.server'
import { notFound } from '~/utils/http.server'

/** GET /{lang}/events/{slug}/calendar.ics — the public PUBLISH calendar of an event (no attendees). */
export async function loader({ params }: LoaderFunctionArgs) {
  if (!isLocale(params.lang) || !params.slug) notFound()
  const ics = await publicEventCalendar(params.slug, params.lang)
  if (!ics) notFound()
  return new Response(ics, {
    headers: {
      'Content-Type': CALENDAR_CONTENT_TYPE,
      'Content-Disposition': `attachment; filename="${params.slug}.ics"`,
      'Cache-Control': 'public, max-age=300',
    },
  })
}
