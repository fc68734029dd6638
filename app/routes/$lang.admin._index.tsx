import { Form, Link, useLoaderData, type LoaderFunctionArgs, type MetaFunction } from 'react-router'
import { getDb } from '#db/client'
import { isAllowed } from '~/modules/auth/access'
import { eventDashboard, upcomingEvents } from '~/modules/reports/dashboard.server'
import { authorize } from '~/modules/auth/guard.server'
import { RegistrationsChart } from '~/components/admin/registrations-chart'
import { PageTitle } from '~/components/admin/ui'
import { localized, translate, paramLocale } from '~/locales'
import { localePath, useLocale, useT } from '~/utils/i18n'
import { formatMoney } from '~/utils/money'
import { formatDay } from '~/utils/time'
import { SelectField, secondaryButtonClass } from '~/components/forms'

export const meta: MetaFunction = ({ params }) => [{ title: translate(paramLocale(params), 'admin.dashboard.title') }]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await authorize(request, '$lang.admin._index', 'loader')
  const db = getDb()
  const upcoming = await upcomingEvents(db, user)
  const chosen = new URL(request.url).searchParams.get('eventId') ?? upcoming[0]?.id
  const detail = chosen ? await eventDashboard(db, user, chosen) : null
  return {
    upcoming,
    detail,
    links: {
      edit: isAllowed('$lang.admin.events.$eventId._index', 'loader', user.roles),
      attendees: isAllowed('$lang.admin.events.$eventId.attendees', 'loader', user.roles),
      checkin: isAllowed('$lang.admin.events.$eventId.checkin', 'loader', user.roles),
    },
  }
}

export default function Dashboard() {
  const { upcoming, detail, links } = useLoaderData<typeof loader>()
  const t = useT()
  const locale = useLocale()
  return (
    <section aria-labelledby="page-title" className="space-y-6">
      <PageTitle>{t('admin.dashboard.title')}</PageTitle>
      <section aria-labelledby="upcoming-h">
        <h2 id="upcoming-h" className="text-lg font-semibold">{t('admin.dashboard.upcoming')}</h2>
        {upcoming.length === 0 ? <p className="text-sm">{t('admin.dashboard.noUpcoming')}</p> : null}
        <ul className="mt-2 divide-y divide-slate-200 rounded border border-slate-200">
          {upcoming.map((e) => (
            <li key={e.id} className="flex flex-wrap items-baseline justify-between gap-2 px-3 py-2 text-sm">
              <span className="font-semibold">{localized(e.title, locale)}</span>
              <span>
                {formatDay(new Date(e.startsAt), e.timezone, locale)} · {t(`admin.statuses.${e.status}`)} ·{' '}
                {t('admin.events.attendeeCount', { count: e.attendees })}
                {e.pending > 0 ? ` · ${t('admin.dashboard.pendingApproval')} : ${e.pending}` : ''}
              </span>
              <span className="flex gap-2">
                {links.edit ? <Link className="underline" to={localePath(locale, `/admin/events/${e.id}`)}>{t('admin.events.tabs.details')}</Link> : null}
                {links.attendees ? <Link className="underline" to={localePath(locale, `/admin/events/${e.id}/attendees`)}>{t('admin.events.tabs.attendees')}</Link> : null}
                {links.checkin ? <Link className="underline" to={localePath(locale, `/admin/events/${e.id}/checkin`)}>{t('admin.events.tabs.checkin')}</Link> : null}
              </span>
            </li>
          ))}
        </ul>
      </section>
      {upcoming.length > 1 ? (
        <Form method="get" className="flex items-end gap-2">
          <SelectField name="eventId" label={t('admin.dashboard.pick')} defaultValue={detail?.event.id} options={upcoming.map((e) => ({ value: e.id, label: localized(e.title, locale) }))} />
          <button type="submit" className={secondaryButtonClass}>{t('admin.dashboard.show')}</button>
        </Form>
      ) : null}
      {detail ? (
        <section aria-labelledby="detail-h" className="space-y-4">
          <h2 id="detail-h" className="text-xl font-semibold">{localized(detail.event.title, locale)}</h2>
          <dl className="grid grid-cols-2 gap-3 md:grid-cols-4">
            <div className="rounded border border-slate-300 p-3"><dt className="text-sm">{t('admin.dashboard.checkIns')}</dt><dd className="text-2xl font-bold">{detail.checkedIn}</dd></div>
            <div className="rounded border border-slate-300 p-3"><dt className="text-sm">{t('admin.dashboard.waitlist')}</dt><dd className="text-2xl font-bold">{detail.waitlist}</dd></div>
            <div className="rounded border border-slate-300 p-3"><dt className="text-sm">{t('admin.dashboard.pendingApproval')}</dt><dd className="text-2xl font-bold">{detail.pending}</dd></div>
          </dl>
          <section aria-labelledby="chart-h">
            <h3 id="chart-h" className="font-semibold">{t('admin.dashboard.registrationsOverTime')}</h3>
            <RegistrationsChart series={detail.series} />
          </section>
          <section aria-labelledby="fill-h">
            <h3 id="fill-h" className="font-semibold">{t('admin.dashboard.fillRate')}</h3>
            <table className="mt-2 text-sm">
              <thead>
                <tr>
                  <th scope="col" className="px-2 text-left">{t('admin.dashboard.ticketType')}</th>
                  <th scope="col" className="px-2 text-right">{t('admin.dashboard.sold')}</th>
                  <th scope="col" className="px-2 text-right">{t('admin.dashboard.capacity')}</th>
                  <th scope="col" className="px-2 text-right">{t('admin.dashboard.fillRate')}</th>
                </tr>
              </thead>
              <tbody>
                {detail.ticketTypes.map((tt) => (
                  <tr key={tt.id}>
                    <td className="px-2">{localized(tt.name, locale)}</td>
                    <td className="px-2 text-right">{tt.used}</td>
                    <td className="px-2 text-right">—</td>
                    <td className="px-2 text-right">—</td>
                  </tr>
                ))}
                {detail.pools.map((p) => (
                  <tr key={p.id} className="font-medium">
                    <td className="px-2">{localized(p.name, locale)}</td>
                    <td className="px-2 text-right">{p.used}</td>
                    <td className="px-2 text-right">{p.size}</td>
                    <td className="px-2 text-right">{p.size > 0 ? `${Math.round((p.used / p.size) * 100)} %` : '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          {detail.money.length > 0 ? (
            <section aria-labelledby="money-h">
              <h3 id="money-h" className="font-semibold">{t('admin.dashboard.money')}</h3>
              <table className="mt-2 text-sm">
                <thead>
                  <tr>
                    <th scope="col" className="px-2 text-left">{t('admin.dashboard.currency')}</th>
                    <th scope="col" className="px-2 text-right">{t('admin.dashboard.revenue')}</th>
                    <th scope="col" className="px-2 text-right">{t('admin.dashboard.outstanding')}</th>
                  </tr>
                </thead>
                <tbody>
                  {detail.money.map((m) => (
                    <tr key={m.currency}>
                      <td className="px-2">{m.currency}</td>
                      <td className="px-2 text-right">{formatMoney(m.paid, m.currency, locale)}</td>
                      <td className="px-2 text-right">{formatMoney(m.outstanding, m.currency, locale)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          ) : null}
        </section>
      ) : null}
    </section>
  )
}
