import { Form, Link, useActionData, useLoaderData, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from 'react-router'
import { z } from 'zod'
import { getDb } from '#db/client'
import { waitlistFilterSchema } from '~/modules/registration/waitlist-schemas'
import { Refusal } from '~/utils/refusal'
import { orRespond, runAction } from '~/utils/forms.server'
import { authorize } from '~/modules/auth/guard.server'
import { EventTabs, PageTitle } from '~/components/admin/ui'
import { loadEventForAdmin } from '~/modules/events/events.server'
import { WAITLIST_PAGE_SIZE, listWaitlist, removeFromWaitlist } from '~/modules/registration/waitlist.server'
import { localized, translate, paramLocale } from '~/locales'
import { useLocale, useT } from '~/utils/i18n'
import { describeInstant } from '~/utils/time'
import { FormMessage, dangerButtonClass, inputClass, secondaryButtonClass } from '~/components/forms'

export const meta: MetaFunction = ({ params }) => [{ title: translate(paramLocale(params), 'admin.waitlist.title') }]


export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await authorize(request, '$lang.admin.events.$eventId.waitlist', 'loader')
  const event = await orRespond(loadEventForAdmin(getDb(), user, params.eventId ?? ''))
  const filter = waitlistFilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams))
  const list = await listWaitlist(event.id, { ...filter, q: filter.q || undefined })
  return { event: { id: event.id, title: event.title, timezone: event.timezone }, filter, list, pages: Math.max(1, Math.ceil(list.total / WAITLIST_PAGE_SIZE)) }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await authorize(request, '$lang.admin.events.$eventId.waitlist', 'action')
  const event = await orRespond(loadEventForAdmin(getDb(), user, params.eventId ?? ''))
  const entryId = z.guid().safeParse((await request.formData()).get('entryId'))
  return runAction('remove', async () => {
    if (!entryId.success) throw new Refusal('notFound')
    await removeFromWaitlist(entryId.data, event.id, { userId: user.id })
    return { ok: true, intent: 'remove', notice: 'admin.waitlist.removed' }
  })
}

export default function EventWaitlist() {
  const { event, filter, list, pages } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const t = useT()
  const locale = useLocale()
  const pageHref = (page: number) => `?${new URLSearchParams({ view: filter.view, ...(filter.q ? { q: filter.q } : {}), page: String(page) })}`
  return (
    <section aria-labelledby="page-title" className="space-y-4">
      <PageTitle>{t('admin.waitlist.titleEvent', { event: localized(event.title, locale) })}</PageTitle>
      <EventTabs eventId={event.id} />
      <p>{t('admin.waitlist.summary', { waiting: list.counts.waiting, offered: list.counts.offered })}</p>
      <FormMessage result={result} />
      <Form method="get" className="flex flex-wrap items-end gap-3" role="search">
        <div>
          <label htmlFor="wl-q" className="block text-sm font-semibold">
            {t('admin.waitlist.search')}
          </label>
          <input id="wl-q" name="q" type="search" defaultValue={filter.q ?? ''} className={inputClass} />
        </div>
        <div>
          <label htmlFor="wl-view" className="block text-sm font-semibold">
            {t('admin.waitlist.view')}
          </label>
          <select id="wl-view" name="view" defaultValue={filter.view} className={inputClass}>
            {(['active', 'waiting', 'offered', 'claimed', 'expired', 'cancelled', 'all'] as const).map((v) => (
              <option key={v} value={v}>
                {t(`admin.waitlist.views.${v}`)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className={secondaryButtonClass}>
          {t('admin.waitlist.apply')}
        </button>
      </Form>
      {list.rows.length === 0 ? (
        <p>{t('admin.waitlist.empty')}</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="min-w-full text-left text-sm">
            <caption className="sr-only">{t('admin.waitlist.caption', { total: list.total })}</caption>
            <thead className="border-b border-slate-300">
              <tr>
                <th scope="col" className="px-2 py-2">{t('admin.waitlist.columns.position')}</th>
                <th scope="col" className="px-2 py-2">{t('admin.waitlist.columns.person')}</th>
                <th scope="col" className="px-2 py-2">{t('admin.waitlist.columns.ticket')}</th>
                <th scope="col" className="px-2 py-2">{t('admin.waitlist.columns.status')}</th>
                <th scope="col" className="px-2 py-2">{t('admin.waitlist.columns.joined')}</th>
                <th scope="col" className="px-2 py-2"><span className="sr-only">{t('admin.waitlist.columns.actions')}</span></th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-200">
              {list.rows.map((row) => (
                <tr key={row.id}>
                  <td className="px-2 py-2">{row.position ?? '—'}</td>
                  <td className="px-2 py-2">
                    <span className="font-semibold">{row.name}</span>
                    {row.companyName ? ` · ${row.companyName}` : ''}
                    <br />
                    <a href={`mailto:${row.email}`} className="text-brand-700 underline">{row.email}</a> · {t(`admin.languages.${row.locale}`)}
                  </td>
                  <td className="px-2 py-2">
                    {localized(row.ticketTypeName, locale)} × {row.quantity}
                  </td>
                  <td className="px-2 py-2">
                    {t(`admin.waitlist.views.${row.status}`)}
                    {row.status === 'offered' && row.offerExpiresAt ? (
                      <>
                        <br />
                        {t('admin.waitlist.offerUntil', { when: describeInstant(new Date(row.offerExpiresAt), event.timezone, locale) })}
                      </>
                    ) : null}
                  </td>
                  <td className="px-2 py-2">{describeInstant(new Date(row.createdAt), event.timezone, locale)}</td>
                  <td className="px-2 py-2">
                    {row.status === 'waiting' || row.status === 'offered' ? (
                      <Form method="post">
                        <input type="hidden" name="entryId" value={row.id} />
                        <button type="submit" className={dangerButtonClass} aria-label={t('admin.waitlist.removeNamed', { name: row.name })}>
                          {t('admin.waitlist.remove')}
                        </button>
                      </Form>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {pages > 1 ? (
        <nav aria-label={t('admin.common.pageOf', { page: filter.page, pages })} className="flex items-center gap-3 text-sm">
          {filter.page > 1 ? <Link to={pageHref(filter.page - 1)} className={secondaryButtonClass}>{t('admin.common.previous')}</Link> : null}
          <span>{t('admin.common.pageOf', { page: filter.page, pages })}</span>
          {filter.page < pages ? <Link to={pageHref(filter.page + 1)} className={secondaryButtonClass}>{t('admin.common.next')}</Link> : null}
        </nav>
      ) : null}
    </section>
  )
}
