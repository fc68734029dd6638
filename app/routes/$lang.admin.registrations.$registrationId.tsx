import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { getDb } from '#db/client'
import { invalid, orRespond } from '~/modules/admin/forms.server'
import { authorize } from '~/modules/admin/guard.server'
import { PageTitle } from '~/modules/admin/ui'
import { loadRegistrationDetail } from '~/modules/admin/registration-detail.server'
import { localized, type MessageKey } from '~/locales'
import { localePath, useLocale, useT } from '~/utils/i18n'
import { formatMoney } from '~/utils/money'
import { describeInstant } from '~/utils/time'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await authorize(request, '$lang.admin.registrations.$registrationId', 'loader')
  return orRespond(loadRegistrationDetail(getDb(), user, params.registrationId ?? ''))
}

/**
 * INTEGRATION POINT (registration + payments helpers): approve / reject, cancel, move ticket
 * type, refund and mark an invoice paid call their services here once they are on main. Until
 * then no button is shown and the action refuses every intent.
 */
export async function action({ request }: ActionFunctionArgs) {
  await authorize(request, '$lang.admin.registrations.$registrationId', 'action')
  return invalid(undefined, {})
}

export default function RegistrationDetail() {
  const d = useLoaderData<typeof loader>()
  const t = useT()
  const locale = useLocale()
  const when = (v: string | Date | null) => (v ? describeInstant(new Date(v), d.event.timezone, locale) : '—')
  const r = d.registration
  return (
    <section aria-labelledby="page-title" className="space-y-6">
      <div>
        <PageTitle>{t('admin.registration.title', { reference: r.reference })}</PageTitle>
        <p className="mt-1 text-sm text-slate-700">
          <Link to={localePath(locale, `/admin/events/${d.event.id}/attendees`)} className="underline">
            {localized(d.event.title, locale)}
          </Link>{' '}
          · {t(`admin.attendees.registrationStatuses.${r.status}` as MessageKey)} ·{' '}
          {t('admin.registration.totals', { total: formatMoney(r.totalMinor, r.currency, locale), paid: formatMoney(r.paidMinor, r.currency, locale) })}
        </p>
        <p className="mt-2 text-sm text-slate-700">{t('admin.registration.pendingServices')}</p>
      </div>
      <section aria-labelledby="company-h">
        <h2 id="company-h" className="text-lg font-semibold">{t('admin.registration.company')}</h2>
        <p>{d.company.name}{d.company.registrationNumber ? ` · ${d.company.registrationNumber}` : ''}</p>
        <p className="text-sm text-slate-700">{[d.company.addressLine, d.company.postalCode, d.company.city, d.company.country].filter(Boolean).join(', ')}</p>
        <p className="text-sm">{t('admin.registration.contact')} : {r.contactName} · {r.contactEmail}</p>
      </section>
      <section aria-labelledby="people-h">
        <h2 id="people-h" className="text-lg font-semibold">{t('admin.registration.attendees')}</h2>
        <ul className="divide-y divide-slate-200 rounded border border-slate-200">
          {d.attendees.map((a) => (
            <li key={a.id} className="px-3 py-2 text-sm">
              <span className="font-medium">{a.lastName.toUpperCase()} {a.firstName}</span> · {a.email} · {localized(a.ticketTypeName, locale)}
              {a.status === 'cancelled' ? ` · ${t('admin.attendees.attendeeCancelled')}` : ''}
              {a.checkedInAt ? ` · ${t('admin.attendees.columns.checkedIn')} ${when(a.checkedInAt)}` : ''}
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="answers-h">
        <h2 id="answers-h" className="text-lg font-semibold">{t('admin.registration.answers')}</h2>
        <dl className="text-sm">
          {d.answers.map((a) => (
            <div key={a.id} className="flex gap-2">
              <dt className="font-medium">{localized(a.label, locale)}</dt>
              <dd>{a.value === null ? '—' : typeof a.value === 'boolean' ? t(a.value ? 'admin.common.yes' : 'admin.common.no') : a.value}</dd>
            </div>
          ))}
        </dl>
      </section>
      <section aria-labelledby="payments-h">
        <h2 id="payments-h" className="text-lg font-semibold">{t('admin.registration.payments')}</h2>
        {d.payments.length === 0 ? <p className="text-sm">{t('admin.registration.noPayments')}</p> : null}
        <ul className="text-sm">
          {d.payments.map((p) => (
            <li key={p.id}>{when(p.createdAt)} · {p.provider} · {p.status} · {formatMoney(p.amountMinor, p.currency, locale)}</li>
          ))}
          {d.refunds.map((p) => (
            <li key={p.id}>{when(p.createdAt)} · refund · {p.status} · −{formatMoney(p.amountMinor, p.currency, locale)}</li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="invoices-h">
        <h2 id="invoices-h" className="text-lg font-semibold">{t('admin.registration.invoices')}</h2>
        {d.invoices.length === 0 ? <p className="text-sm">{t('admin.registration.noInvoices')}</p> : null}
        <ul className="text-sm">
          {d.invoices.map((i) => (
            <li key={i.id}>{i.number} · {when(i.issuedAt)} · {formatMoney(i.totalMinor, i.currency, locale)}</li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="mails-h">
        <h2 id="mails-h" className="text-lg font-semibold">{t('admin.registration.mails')}</h2>
        {d.mails.length === 0 ? <p className="text-sm">{t('admin.registration.noMails')}</p> : null}
        <ul className="text-sm">
          {d.mails.map((m) => (
            <li key={m.id}>{when(m.sentAt ?? m.createdAt)} · {m.template} · {m.toAddress} · {m.status}{m.lastError ? ` · ${m.lastError}` : ''}</li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="audit-h">
        <h2 id="audit-h" className="text-lg font-semibold">{t('admin.registration.audit')}</h2>
        {d.history.length === 0 ? <p className="text-sm">{t('admin.registration.noAudit')}</p> : null}
        <ul className="text-sm">
          {d.history.map((h) => (
            <li key={h.id}>{when(h.createdAt)} · {h.action} · {h.actorLabel}</li>
          ))}
        </ul>
      </section>
    </section>
  )
}
