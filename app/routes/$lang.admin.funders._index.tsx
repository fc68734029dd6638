import { data, Form, useActionData, useLoaderData, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from 'react-router'
import { PageTitle } from '~/components/admin/ui'
import { Field, FormMessage, SelectField, SubmitButton, buttonClass } from '~/components/forms'
import { localized, paramLocale, translate, type MessageKey } from '~/locales'
import { authorize } from '~/modules/auth/guard.server'
import { recordMissionAid } from '~/modules/funders/aid-register.server'
import { addBudgetLineFromForm, reportPreview, saveCompanyFromForm } from '~/modules/funders/report-page.server'
import { localePath, useLocale, useT } from '~/utils/i18n'
import { isRefusal } from '~/utils/refusal'
import { formatMoney } from '~/utils/money'
import { describeInstant } from '~/utils/time'

export const meta: MetaFunction = ({ params }) => [{ title: translate(paramLocale(params), 'admin.funders.title') }]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await authorize(request, '$lang.admin.funders._index', 'loader')
  return reportPreview(user.organisationId, new URL(request.url).searchParams)
}

type Result = { ok: boolean; intent: string; formError?: string; notice?: string; fieldErrors: Record<string, string[]> }

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await authorize(request, '$lang.admin.funders._index', 'action')
  const locale = paramLocale(params)
  const form = await request.formData()
  const intent = String(form.get('intent') ?? '')
  try {
    if (intent === 'budget') {
      await addBudgetLineFromForm(user.organisationId, form)
      return data<Result>({ ok: true, intent, notice: translate(locale, 'admin.funders.budgetSaved'), fieldErrors: {} })
    }
    if (intent === 'company') {
      const size = await saveCompanyFromForm(user.organisationId, form)
      return data<Result>({ ok: true, intent, notice: translate(locale, 'admin.funders.companySaved', { size: translate(locale, `admin.funders.sizes.${size}`) }), fieldErrors: {} })
    }
    if (intent === 'recordAid') {
      const done = await recordMissionAid({ organisationId: user.organisationId, eventId: String(form.get('eventId') ?? ''), funderPartnerId: String(form.get('funder') ?? ''), userId: user.id })
      const total = formatMoney(done.recorded.reduce((s, r) => s + r.amountEurMinor, 0), 'EUR', locale)
      const notice = translate(locale, 'admin.funders.aidRecorded', { recorded: done.recorded.length, total, already: done.already, refused: done.refused.length, usd: done.notInEuros })
      return data<Result>({ ok: true, intent, notice, fieldErrors: {} })
    }
    return data<Result>({ ok: false, intent, formError: translate(locale, 'refusals.notFound'), fieldErrors: {} }, { status: 400 })
  } catch (error) {
    if (!isRefusal(error)) throw error
    const message = translate(locale, error.messageKey, error.vars)
    return data<Result>({ ok: false, intent, formError: message, fieldErrors: error.field ? { [error.field]: [message] } : {} }, { status: error.status })
  }
}

export default function FundersReport() {
  const { funders, query, missions, indicators, aid, ledger, layout, ceilingEurMinor, refusal, events, companies } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const t = useT()
  const locale = useLocale()
  const packHref = `${localePath(locale, '/admin/funders/pack')}?${new URLSearchParams(query).toString()}`
  const budget = result?.intent === 'budget' ? result : undefined
  const company = result?.intent === 'company' ? result : undefined
  const recorded = result?.intent === 'recordAid' ? result : undefined
  const euros = (minor: number) => formatMoney(minor, 'EUR', locale)
  const periodErrors = refusal?.field === 'from' || refusal?.field === 'to' ? { [refusal.field]: [t(`refusals.${refusal.code}` as MessageKey)] } : undefined
  return (
    <section aria-labelledby="page-title" className="space-y-6">
      <PageTitle>{t('admin.funders.title')}</PageTitle>
      <p className="text-slate-700">{t('admin.funders.intro')}</p>
      {funders.length === 0 ? (
        <p role="status">{t('admin.funders.noFunder')}</p>
      ) : (
        <Form method="get" className="flex flex-wrap items-end gap-3" aria-label={t('admin.funders.title')}>
          <SelectField name="funder" label={t('admin.funders.funder')} options={funders.map((f) => ({ value: f.id, label: f.name }))} defaultValue={query.funder} />
          <Field name="from" type="date" label={t('admin.funders.from')} defaultValue={query.from} errors={periodErrors} />
          <Field name="to" type="date" label={t('admin.funders.to')} defaultValue={query.to} errors={periodErrors} />
          <SubmitButton>{t('admin.funders.show')}</SubmitButton>
        </Form>
      )}
      {query.funder ? (
        <p className="text-sm text-slate-700">
          <strong>{t('admin.funders.layout', { name: layout.name[locale] })}</strong> {t('admin.funders.layoutHint', { code: layout.code })}
        </p>
      ) : null}
      {refusal && refusal.field !== 'from' && refusal.field !== 'to' ? (
        <p role="status" className="rounded border border-amber-700 bg-amber-50 px-3 py-2 text-sm">
          {t(`refusals.${refusal.code}` as MessageKey)}
        </p>
      ) : null}
      {missions.length > 0 ? (
        <>
          <section aria-labelledby="missions-title" className="space-y-2">
            <h2 id="missions-title" className="text-lg font-semibold">
              {t('admin.funders.missions', { count: missions.length })}
            </h2>
            <ul className="list-disc pl-6 text-sm">
              {missions.map((m) => (
                <li key={m.id}>
                  {localized(m.title, locale)} — {describeInstant(new Date(m.startsAt), m.timezone, locale)}
                </li>
              ))}
            </ul>
            <p>
              <a href={packHref} className={buttonClass} download>
                {t('admin.funders.download')}
              </a>
            </p>
            <p className="text-xs text-slate-700">{t('admin.funders.downloadHint')}</p>
          </section>
          <section aria-labelledby="aid-title" className="space-y-2">
            <h2 id="aid-title" className="text-lg font-semibold">
              {t('admin.funders.aidTitle')}
            </h2>
            <FormMessage result={recorded} />
            <ul className="space-y-3 text-sm">
              {missions.map((m) => {
                const outlook = aid.find((a) => a.eventId === m.id)
                return (
                  <li key={m.id} className="space-y-1">
                    <p>
                      <strong>{localized(m.title, locale)}</strong> — {outlook ? t('admin.funders.aidStatus', { recorded: outlook.recordedCompanies, pending: outlook.toRecord, day: outlook.grantedOn }) : null}
                    </p>
                    {outlook?.overCeiling.map((c) => (
                      <p key={c.companyId} role="alert" className="rounded border border-red-800 bg-red-50 px-3 py-1 text-red-900">
                        {t('admin.funders.aidOver', { company: c.company, expected: euros(c.expectedEurMinor), total: euros(c.totalEurMinor), ceiling: euros(ceilingEurMinor) })}
                      </p>
                    ))}
                    {outlook && outlook.toRecord > 0 ? (
                      <Form method="post">
                        <input type="hidden" name="intent" value="recordAid" />
                        <input type="hidden" name="eventId" value={m.id} />
                        <input type="hidden" name="funder" value={query.funder} />
                        <SubmitButton>{t('admin.funders.recordAid')}</SubmitButton>
                      </Form>
                    ) : null}
                  </li>
                )
              })}
            </ul>
          </section>
          <section aria-labelledby="indicators-title" className="overflow-x-auto">
            <h2 id="indicators-title" className="text-lg font-semibold">
              {t('admin.funders.indicators')}
            </h2>
            <table className="min-w-full text-left text-sm">
              <thead className="border-b border-slate-300">
                <tr>
                  <th scope="col" className="px-2 py-2">{t('admin.funders.code')}</th>
                  <th scope="col" className="px-2 py-2">{t('admin.funders.definition')}</th>
                  <th scope="col" className="px-2 py-2 text-right">{t('admin.funders.value')}</th>
                </tr>
              </thead>
              <tbody>
                {indicators.map((i) => (
                  <tr key={i.code} className="border-b border-slate-200">
                    <th scope="row" className="px-2 py-1 font-mono text-xs">{i.code}</th>
                    <td className="px-2 py-1">{i.definition[locale]}</td>
                    <td className="px-2 py-1 text-right tabular-nums">{i.unit === 'usd' ? (i.value / 100).toFixed(2) : i.value}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          <section aria-labelledby="ledger-title" className="overflow-x-auto">
            <h2 id="ledger-title" className="text-lg font-semibold">
              {t('admin.signatures.ledgerTitle')}
            </h2>
            <p className="text-sm text-slate-700">{t('admin.signatures.ledgerIntro')}</p>
            <table className="min-w-full text-left text-sm">
              <thead className="border-b border-slate-300">
                <tr>
                  <th scope="col" className="px-2 py-2">{t('admin.signatures.ledgerMission')}</th>
                  <th scope="col" className="px-2 py-2">{t('admin.signatures.ledgerCompany')}</th>
                  <th scope="col" className="px-2 py-2 text-right">{t('admin.signatures.ledgerDelegates')}</th>
                  <th scope="col" className="px-2 py-2 text-right">{t('admin.signatures.ledgerHalfDays')}</th>
                  <th scope="col" className="px-2 py-2 text-right">{t('admin.signatures.ledgerCompanyHalfDays')}</th>
                  <th scope="col" className="px-2 py-2 text-right">{t('admin.signatures.ledgerSessions')}</th>
                  <th scope="col" className="px-2 py-2 text-right">{t('admin.signatures.ledgerMeetings')}</th>
                </tr>
              </thead>
              <tbody>
                {ledger.map((r) => (
                  <tr key={`${r.eventId}-${r.companyId}`} className="border-b border-slate-200">
                    <td className="px-2 py-1 font-mono text-xs">{r.slug}</td>
                    <th scope="row" className="px-2 py-1 font-normal">{r.company}</th>
                    <td className="px-2 py-1 text-right tabular-nums">{r.delegates}</td>
                    <td className="px-2 py-1 text-right tabular-nums">{r.delegateHalfDays}</td>
                    <td className="px-2 py-1 text-right tabular-nums">{r.companyHalfDays}</td>
                    <td className="px-2 py-1 text-right tabular-nums">{r.sessions}</td>
                    <td className="px-2 py-1 text-right tabular-nums">{r.meetingsHeld}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        </>
      ) : null}
      {funders.length > 0 && events.length > 0 ? (
        <section aria-labelledby="budget-title" className="space-y-3 rounded border border-slate-300 p-4">
          <h2 id="budget-title" className="text-lg font-semibold">{t('admin.funders.budgetTitle')}</h2>
          <p className="text-sm text-slate-700">{t('admin.funders.budgetIntro')}</p>
          <FormMessage result={budget} />
          <Form method="post" className="grid gap-3 md:grid-cols-2">
            <input type="hidden" name="intent" value="budget" />
            <SelectField name="eventId" idPrefix="budget" label={t('admin.funders.mission')} options={events.map((e) => ({ value: e.id, label: `${e.slug} (${e.currency})` }))} errors={budget?.fieldErrors} />
            <Field name="label" idPrefix="budget" label={t('admin.funders.label')} required errors={budget?.fieldErrors} />
            <Field name="amount" idPrefix="budget" label={t('admin.funders.amount')} inputMode="decimal" required errors={budget?.fieldErrors} />
            <Field name="evidence" idPrefix="budget" label={t('admin.funders.evidence')} errors={budget?.fieldErrors} />
            {funders.map((f) => (
              <Field key={f.id} name={`share-${f.id}`} idPrefix="budget" label={t('admin.funders.share', { funder: f.name })} inputMode="decimal" errors={budget?.fieldErrors} />
            ))}
            {budget?.fieldErrors?.shares ? (
              <p role="alert" className="text-sm text-red-900 md:col-span-2">{budget.fieldErrors.shares[0]}</p>
            ) : null}
            <div className="md:col-span-2">
              <SubmitButton>{t('admin.common.save')}</SubmitButton>
            </div>
          </Form>
        </section>
      ) : null}
      {companies.length > 0 ? (
        <section aria-labelledby="company-title" className="space-y-3 rounded border border-slate-300 p-4">
          <h2 id="company-title" className="text-lg font-semibold">{t('admin.funders.companyTitle')}</h2>
          <FormMessage result={company} />
          <Form method="post" className="grid gap-3 md:grid-cols-2">
            <input type="hidden" name="intent" value="company" />
            <SelectField name="companyId" idPrefix="company" label={t('admin.funders.company')} options={companies.map((c) => ({ value: c.id, label: c.name }))} errors={company?.fieldErrors} />
            <Field name="siret" idPrefix="company" label={t('admin.funders.siret')} inputMode="numeric" errors={company?.fieldErrors} />
            <Field name="nafCode" idPrefix="company" label={t('admin.funders.nafCode')} errors={company?.fieldErrors} />
            <Field name="year" idPrefix="company" label={t('admin.funders.year')} inputMode="numeric" required defaultValue={String(new Date().getUTCFullYear() - 1)} errors={company?.fieldErrors} />
            <Field name="headcount" idPrefix="company" label={t('admin.funders.headcount')} inputMode="numeric" required errors={company?.fieldErrors} />
            <Field name="turnover" idPrefix="company" label={t('admin.funders.turnover')} inputMode="decimal" required errors={company?.fieldErrors} />
            <Field name="balanceSheet" idPrefix="company" label={t('admin.funders.balanceSheet')} inputMode="decimal" required errors={company?.fieldErrors} />
            <div className="md:col-span-2">
              <SubmitButton>{t('admin.common.save')}</SubmitButton>
            </div>
          </Form>
        </section>
      ) : null}
    </section>
  )
}
