import { Form, Link, useActionData, useLoaderData, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from 'react-router'
import { z } from 'zod'
import { getDb } from '#db/client'
import { organisationTimezone } from '~/modules/organisation/settings.server'
import { Refusal } from '~/utils/refusal'
import { runAction } from '~/utils/forms.server'
import { authorize } from '~/modules/auth/guard.server'
import { PageTitle } from '~/components/admin/ui'
import type { SessionUser } from '~/modules/auth/session.server'
import { listFailedEmails, retryFailedEmail, type MailScope } from '~/modules/mail/send.server'
import { localized, translate, paramLocale } from '~/locales'
import { localePath, useLocale, useT } from '~/utils/i18n'
import { describeInstant } from '~/utils/time'
import { FormMessage, secondaryButtonClass } from '~/components/forms'

export const meta: MetaFunction = ({ params }) => [{ title: translate(paramLocale(params), 'admin.mail.title') }]

/** Organisers see their events' mails; admins also the account mails tied to no event. */
function scopeOf(user: SessionUser): MailScope {
  return { organisationId: user.organisationId, withoutEvent: user.roles.includes('admin') }
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await authorize(request, '$lang.admin.mail', 'loader')
  const db = getDb()
  const [failed, timezone] = await Promise.all([listFailedEmails(db, { scope: scopeOf(user), limit: 200 }), organisationTimezone(db, user.organisationId)])
  return { failed, timezone }
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await authorize(request, '$lang.admin.mail', 'action')
  const id = z.guid().safeParse((await request.formData()).get('emailMessageId'))
  return runAction('retry', async () => {
    if (!id.success || !(await retryFailedEmail(id.data, getDb(), scopeOf(user)))) throw new Refusal('mailNotRetryable')
    return { ok: true, intent: 'retry', notice: 'admin.mail.retried' }
  })
}

export default function FailedMail() {
  const { failed, timezone } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const t = useT()
  const locale = useLocale()
  return (
    <section aria-labelledby="page-title" className="space-y-4">
      <PageTitle>{t('admin.mail.title')}</PageTitle>
      <p className="text-slate-700">{t('admin.mail.intro')}</p>
      <FormMessage result={result} />
      {failed.length === 0 ? (
        <p role="status">{t('admin.mail.none')}</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="min-w-full text-left text-sm">
            <caption className="sr-only">{t('admin.mail.caption', { count: failed.length })}</caption>
            <thead className="border-b border-slate-300">
              <tr>
                <th scope="col" className="px-2 py-2">{t('admin.mail.columns.recipient')}</th>
                <th scope="col" className="px-2 py-2">{t('admin.mail.columns.subject')}</th>
                <th scope="col" className="px-2 py-2">{t('admin.mail.columns.error')}</th>
                <th scope="col" className="px-2 py-2">{t('admin.mail.columns.when')}</th>
                <th scope="col" className="px-2 py-2"><span className="sr-only">{t('admin.mail.columns.actions')}</span></th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-200">
              {failed.map((m) => (
                <tr key={m.id}>
                  <td className="px-2 py-2">{m.toAddress}</td>
                  <td className="px-2 py-2">
                    {m.subject ?? m.template}
                    {m.eventTitle ? <span className="block text-slate-700">{localized(m.eventTitle, locale)}</span> : null}
                    {m.registrationId ? (
                      <Link to={localePath(locale, `/admin/registrations/${m.registrationId}`)} className="text-brand-800 underline">
                        {t('admin.mail.registration')}
                      </Link>
                    ) : null}
                  </td>
                  <td className="px-2 py-2">
                    {m.lastError ?? '—'}
                    <span className="block text-slate-700">{t('admin.mail.attempts', { count: m.attempts })}</span>
                  </td>
                  <td className="px-2 py-2">{describeInstant(new Date(m.updatedAt), timezone, locale)}</td>
                  <td className="px-2 py-2">
                    <Form method="post">
                      <input type="hidden" name="emailMessageId" value={m.id} />
                      <button type="submit" className={secondaryButtonClass} aria-label={t('admin.mail.retryTo', { to: m.toAddress })}>
                        {t('admin.mail.retry')}
                      </button>
                    </Form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  )
}
