import { useLoaderData, type LoaderFunctionArgs, type MetaFunction } from 'react-router'
import { getDb } from '#db/client'
import { AttendeeList } from '~/components/admin/attendee-list'
import { parseAttendeeFilter } from '~/modules/registration/attendee-list-schemas'
import { listAttendees } from '~/modules/registration/attendee-list.server'
import { shownAttendees } from '~/modules/registration/attendee-list-view'
import { authorize } from '~/modules/auth/guard.server'
import { PageTitle } from '~/components/admin/ui'
import { listVisibleEvents } from '~/modules/auth/viewer.server'
import { translate, paramLocale } from '~/locales'
import { useT } from '~/utils/i18n'

export const meta: MetaFunction = ({ params }) => [{ title: translate(paramLocale(params), 'admin.attendees.title') }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await authorize(request, '$lang.admin.attendees', 'loader')
  const db = getDb()
  const filter = parseAttendeeFilter(new URL(request.url).searchParams)
  const [list, events] = await Promise.all([listAttendees(db, user, filter), listVisibleEvents(db, user)])
  return { list: shownAttendees(list, paramLocale(params), { showEvent: true }), filter, events }
}

export default function AllAttendees() {
  const { list, filter, events } = useLoaderData<typeof loader>()
  const t = useT()
  return (
    <section aria-labelledby="page-title">
      <PageTitle>{t('admin.attendees.title')}</PageTitle>
      <AttendeeList list={list} filter={filter} events={events} showEvent />
    </section>
  )
}
