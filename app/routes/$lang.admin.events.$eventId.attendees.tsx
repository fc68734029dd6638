import type { LoaderFunctionArgs } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { asc, eq } from 'drizzle-orm'
import { getDb } from '#db/client'
import { ticketTypes } from '#db/schema/index'
import { AttendeeList } from '~/modules/admin/attendee-list'
import { parseAttendeeFilter } from '~/modules/admin/attendee-list-schemas'
import { listAttendees } from '~/modules/admin/attendee-list.server'
import { authorize, isPartnerViewerOnly } from '~/modules/admin/guard.server'
import { EventTabs, PageTitle } from '~/modules/admin/ui'
import { loadVisibleEvent } from '~/modules/admin/viewer.server'
import { localized } from '~/locales'
import { notFound } from '~/utils/http.server'
import { useLocale, useT } from '~/utils/i18n'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await authorize(request, '$lang.admin.events.$eventId.attendees', 'loader')
  const db = getDb()
  const event = await loadVisibleEvent(db, user, params.eventId ?? '')
  if (!event) notFound()
  const filter = parseAttendeeFilter(new URL(request.url).searchParams, { eventId: event.id })
  const [list, types] = await Promise.all([
    listAttendees(db, user, filter),
    db.select({ id: ticketTypes.id, name: ticketTypes.name }).from(ticketTypes).where(eq(ticketTypes.eventId, event.id)).orderBy(asc(ticketTypes.position)),
  ])
  return { event, list, filter, types, showTabs: !isPartnerViewerOnly(user) }
}

export default function EventAttendees() {
  const { event, list, filter, types, showTabs } = useLoaderData<typeof loader>()
  const t = useT()
  const locale = useLocale()
  return (
    <section aria-labelledby="page-title">
      <PageTitle>{t('admin.attendees.titleEvent', { event: localized(event.title, locale) })}</PageTitle>
      {showTabs ? <EventTabs eventId={event.id} /> : null}
      <AttendeeList list={list} filter={filter} ticketTypes={types} showEvent={false} />
    </section>
  )
}
