import { useEffect } from 'react'
import { Link, useLoaderData, useRevalidator, type LoaderFunctionArgs, type MetaFunction } from 'react-router'
import { pageTitle } from '~/utils/page-meta'
import { getDb } from '#db/client'
import { orRespond } from '~/utils/forms.server'
import { authorize } from '~/modules/auth/guard.server'
import { organiserMessageProgress } from '~/modules/messaging/organiser-messages.server'
import { EventTabs, PageTitle } from '~/components/admin/ui'
import { loadVisibleEvent } from '~/modules/auth/viewer.server'
import { localized, type Locale } from '~/locales'
import { notFound } from '~/utils/http.server'
import { localePath, useLocale, useT } from '~/utils/i18n'
import { describeInstant } from '~/utils/time'
import { secondaryButtonClass } from '~/components/forms'

/** Seconds between refreshes of the progress page while mails are still being sent. */
const REFRESH_SECONDS = 5

export const meta: MetaFunction = ({ params }) => pageTitle(params, 'admin.messages.progressLabel')

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await authorize(request, '$lang.admin.events.$eventId.messages.$messageId', 'loader')
  const db = getDb()
  const event = await loadVisibleEvent(db, user, params.eventId ?? '')
  if (!event) notFound()
  const progress = await orRespond(organiserMessageProgress(db, user, event.id, params.messageId ?? ''))
  return { event, progress }
}

/**
 * Sent / failed / total of one organiser message. While mails are going out the page reloads its
 * data every few seconds in place (the counts sit in a polite live region), and a refresh link
 * serves readers without JavaScript; no `<meta http-equiv="refresh">` (invalid in the body, and
 * a whole-page reload that moves the reader's focus).
 */
export default function OrganiserMessageProgress() {
  const { event, progress } = useLoaderData<typeof loader>()
  const t = useT()
  const locale = useLocale()
  const { message } = progress
  const revalidator = useRevalidator()
  useEffect(() => {
    if (progress.finished) return
    const timer = window.setInterval(() => {
      if (revalidator.state === 'idle' && document.visibilityState === 'visible') void revalidator.revalidate()
    }, REFRESH_SECONDS * 1000)
    return () => window.clearInterval(timer)
  }, [progress.finished, revalidator])
  return (
    <section aria-labelledby="page-title">
      <PageTitle>{t('admin.messages.progressTitle', { subject: localized(message.subject, locale) })}</PageTitle>
      <EventTabs eventId={event.id} />
      <div className="mt-4 space-y-3">
        <p className="text-sm text-slate-700">
          {localized(event.title, locale)} · {describeInstant(new Date(message.createdAt), event.timezone, locale)}
        </p>
        <div>
          <label htmlFor="message-progress" className="block text-sm font-semibold">
            {t('admin.messages.progressLabel')}
          </label>
          <progress id="message-progress" max={Math.max(progress.total, 1)} value={progress.sent + progress.failed + progress.cancelled} className="mt-1 w-full max-w-xl" />
          <p role="status" aria-live="polite" className="mt-1">
            {t('admin.messages.counts', { sent: progress.sent, failed: progress.failed, total: progress.total })}
          </p>
          {progress.cancelled > 0 ? <p className="text-sm">{t('admin.messages.cancelledCount', { count: progress.cancelled })}</p> : null}
          <p className="text-sm">{progress.finished ? t('admin.messages.finished') : t('admin.messages.inProgress')}</p>
        </div>
        {progress.finished ? null : (
          <Link to="." reloadDocument className={secondaryButtonClass}>
            {t('admin.messages.refresh')}
          </Link>
        )}
        <section aria-labelledby="failures-h">
          <h2 id="failures-h" className="text-lg font-semibold">
            {t('admin.messages.failuresTitle')}
          </h2>
          {progress.failures.length === 0 ? (
            <p className="text-sm">{t('admin.messages.noFailures')}</p>
          ) : (
            <ul className="list-disc pl-6 text-sm">
              {progress.failures.map((f) => (
                <li key={f.id}>{t('admin.messages.failureLine', { address: f.toAddress, language: t(`admin.languages.${f.locale as Locale}`), error: f.lastError ?? '—' })}</li>
              ))}
            </ul>
          )}
          {progress.failures.length > 0 ? (
            <p className="mt-2 text-sm">
              <Link to={localePath(locale, '/admin/mail')} className="font-medium text-brand-800 underline">
                {t('admin.messages.resendFailed')}
              </Link>
            </p>
          ) : null}
        </section>
        <p>
          <Link to={localePath(locale, `/admin/events/${event.id}/messages`)} className="underline">
            {t('admin.messages.all')}
          </Link>
        </p>
      </div>
    </section>
  )
}
