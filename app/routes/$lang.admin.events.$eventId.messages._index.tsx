import { Link, useLoaderData, type LoaderFunctionArgs, type MetaFunction } from 'react-router'
import { pageTitle } from '~/utils/page-meta'
import { getDb } from '#db/client'
import { authorize } from '~/modules/auth/guard.server'
import { listOrganiserMessages } from '~/modules/messaging/organiser-messages.server'
import { EventTabs, PageTitle } from '~/components/admin/ui'
import { loadVisibleEvent } from '~/modules/auth/viewer.server'
import { localized } from '~/locales'
import { notFound } from '~/utils/http.server'
import { localePath, useLocale, useT } from '~/utils/i18n'
import { describeInstant } from '~/utils/time'

export const meta: MetaFunction = ({ params }) => pageTitle(params, 'admin.messages.tab')

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await authorize(request, '$lang.admin.events.$eventId.messages._index', 'loader')
  const db = getDb()
  const event = await loadVisibleEvent(db, user, params.eventId ?? '')
  if (!event) notFound()
  return { event, messages: await listOrganiserMessages(db, event.id) }
}

/** The event's organiser messages, newest first, each with its sending progress. */
export default function EventMessages() {
  const { event, messages } = useLoaderData<typeof loader>()
  const t = useT()
  const locale = useLocale()
  return (
    <section aria-labelledby="page-title">
      <PageTitle>{t('admin.messages.title', { event: localized(event.title, locale) })}</PageTitle>
      <EventTabs eventId={event.id} />
      {messages.length === 0 ? (
        <p className="mt-4">{t('admin.messages.empty')}</p>
      ) : (
        <table className="mt-4 min-w-full text-left text-sm">
          <thead className="border-b border-slate-400">
            <tr>
              <th scope="col" className="px-2 py-2">{t('admin.messages.sentAt')}</th>
              <th scope="col" className="px-2 py-2">{t('admin.messages.subject')}</th>
              <th scope="col" className="px-2 py-2">{t('admin.messages.progress')}</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-200">
            {messages.map((m) => (
              <tr key={m.id}>
                <td className="px-2 py-2">{describeInstant(new Date(m.createdAt), event.timezone, locale)}</td>
                <td className="px-2 py-2">
                  <Link to={localePath(locale, `/admin/events/${event.id}/messages/${m.id}`)} className="font-medium text-brand-800 underline underline-offset-2">
                    {localized(m.subject, locale)}
                  </Link>
                </td>
                <td className="px-2 py-2">{t('admin.messages.counts', { sent: m.sent, failed: m.failed, total: m.recipientCount })}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  )
}
