import { Form, Link, useActionData, useLoaderData, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from 'react-router'
import { getDb } from '#db/client'
import { Refusal } from '~/utils/refusal'
import { runAction } from '~/utils/forms.server'
import { authorize } from '~/modules/auth/guard.server'
import { organisationTimezone } from '~/modules/organisation/settings.server'
import { privacyOverview } from '~/modules/privacy/back-office.server'
import { previewErasure, requestErasure } from '~/modules/privacy/erasure.server'
import { RETENTION_RULES } from '~/modules/privacy/inventory'
import { privacyLookupSchema } from '~/modules/privacy/privacy-schemas'
import { PageTitle } from '~/components/admin/ui'
import { CheckedForm, ErrorList, FormMessage, buttonClass, dangerButtonClass, inputClass, secondaryButtonClass } from '~/components/forms'
import { translate, paramLocale, type CatalogueSection } from '~/locales'
import { localePath, useLocale, useT } from '~/utils/i18n'
import { describeInstant } from '~/utils/time'

export const handle = { catalogue: ['privacy'] } satisfies { catalogue: CatalogueSection[] }

export const meta: MetaFunction = ({ params }) => [{ title: translate(paramLocale(params), 'privacy.title') }]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await authorize(request, '$lang.admin.privacy', 'loader')
  const db = getDb()
  const [overview, timezone] = await Promise.all([privacyOverview(db, user.organisationId), organisationTimezone(db, user.organisationId)])
  return { ...overview, timezone }
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await authorize(request, '$lang.admin.privacy', 'action')
  const form = await request.formData()
  const intent = String(form.get('intent') ?? '')
  return runAction(intent, async () => {
    const lookup = privacyLookupSchema.safeParse({ email: form.get('email') ?? undefined })
    if (!lookup.success) throw new Refusal('privacyInvalidEmail', { field: 'email' })
    const { email } = lookup.data
    if (intent === 'preview') {
      const preview = await previewErasure(getDb(), user.organisationId, email)
      return { ok: true, intent, email, preview }
    }
    if (intent === 'erase') {
      if (form.get('confirm') !== 'yes') throw new Refusal('privacyConfirmRequired', { field: 'confirm' })
      await requestErasure(getDb(), { organisationId: user.organisationId, email, actor: { userId: user.id } })
      return { ok: true, intent, notice: 'privacy.erasureStarted' }
    }
    throw new Refusal('invalidInput')
  })
}

type PreviewResult = { ok: true; intent: 'preview'; email: string; preview: Awaited<ReturnType<typeof previewErasure>> }

export default function PrivacyPage() {
  const { requests, disclosures, inventory, timezone } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>() as ({ ok: boolean; intent?: string; formError?: string; notice?: string; fieldErrors?: Record<string, string[] | undefined> } & Partial<PreviewResult>) | undefined
  const t = useT()
  const locale = useLocale()
  const preview = result?.ok && result.intent === 'preview' && result.preview ? result : null
  const when = (iso: string) => describeInstant(new Date(iso), timezone, locale)
  return (
    <section aria-labelledby="page-title" className="space-y-8">
      <div>
        <PageTitle>{t('privacy.title')}</PageTitle>
        <p className="text-slate-700">{t('privacy.intro')}</p>
      </div>
      <FormMessage result={result} />

      <section aria-labelledby="lookup-heading" className="space-y-3">
        <h2 id="lookup-heading" className="text-lg font-semibold">
          {t('privacy.lookup.heading')}
        </h2>
        <CheckedForm schema={privacyLookupSchema} serverErrors={result && !result.ok && result.intent === 'preview' ? result.fieldErrors : undefined} method="post" className="flex flex-wrap items-end gap-2">
          {(errors) => (
            <>
              <div>
                <label htmlFor="privacy-email" className="block text-sm font-medium">
                  {t('privacy.lookup.email')}
                </label>
                <input
                  id="privacy-email"
                  name="email"
                  type="email"
                  required
                  autoComplete="off"
                  defaultValue={preview?.email ?? ''}
                  aria-invalid={errors.email ? true : undefined}
                  aria-describedby={errors.email ? 'privacy-email-error' : undefined}
                  className={inputClass}
                />
                <ErrorList id="privacy-email-error" errors={errors.email} />
              </div>
              <button type="submit" name="intent" value="preview" className={buttonClass}>
                {t('privacy.lookup.preview')}
              </button>
              <button
                type="submit"
                formMethod="get"
                formAction={localePath(locale, '/admin/privacy/access.json')}
                className={secondaryButtonClass}
              >
                {t('privacy.lookup.access')}
              </button>
              <button type="submit" formMethod="get" formAction={localePath(locale, '/admin/privacy/access.pdf')} className={secondaryButtonClass}>
                {t('privacy.lookup.accessPdf')}
              </button>
            </>
          )}
        </CheckedForm>
      </section>

      {preview?.preview ? (
        <section aria-labelledby="preview-heading" className="space-y-3 rounded border border-slate-300 p-4">
          <h2 id="preview-heading" className="text-lg font-semibold">
            {t('privacy.preview.heading')} — {preview.email}
          </h2>
          {preview.preview.openPayments.length > 0 ? (
            <p role="alert" className="rounded border border-red-700 bg-red-50 px-3 py-2 text-sm text-red-900">
              {t('privacy.preview.openPayments', { references: preview.preview.openPayments.join(', ') })}
            </p>
          ) : null}
          {preview.preview.accounts > 0 ? <p className="text-sm text-slate-700">{t('privacy.preview.accounts')}</p> : null}
          {preview.preview.items.length === 0 ? (
            <p role="status">{t('privacy.preview.empty')}</p>
          ) : (
            <table className="w-full text-left text-sm">
              <thead>
                <tr>
                  <th scope="col">{t('privacy.preview.table')}</th>
                  <th scope="col">{t('privacy.preview.action')}</th>
                  <th scope="col">{t('privacy.preview.count')}</th>
                  <th scope="col">{t('privacy.preview.ground')}</th>
                </tr>
              </thead>
              <tbody>
                {preview.preview.items.map((item) => (
                  <tr key={`${item.table}-${item.action}`} className="border-t border-slate-200">
                    <td>
                      <code>{item.table}</code>
                    </td>
                    <td>{t(`privacy.actions.${item.action}`)}</td>
                    <td>{item.count}</td>
                    <td>{item.ground ? t(`privacy.grounds.${item.ground as 'legal_hold_invoice' | 'legal_hold_funder' | 'audit_log'}`) : ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {preview.preview.items.length > 0 && preview.preview.openPayments.length === 0 ? (
            <Form method="post" className="flex flex-wrap items-center gap-3">
              <input type="hidden" name="email" value={preview.email} />
              <label className="flex items-center gap-2 text-sm">
                <input type="checkbox" name="confirm" value="yes" required /> {t('privacy.preview.confirm')}
              </label>
              <button type="submit" name="intent" value="erase" className={dangerButtonClass}>
                {t('privacy.preview.erase')}
              </button>
            </Form>
          ) : null}
        </section>
      ) : null}

      <section aria-labelledby="requests-heading" className="space-y-2">
        <h2 id="requests-heading" className="text-lg font-semibold">
          {t('privacy.requests.heading')}
        </h2>
        {requests.length === 0 ? (
          <p>{t('privacy.requests.empty')}</p>
        ) : (
          <table className="w-full text-left text-sm">
            <thead>
              <tr>
                <th scope="col">{t('privacy.requests.createdAt')}</th>
                <th scope="col">{t('privacy.requests.kind')}</th>
                <th scope="col">{t('privacy.requests.subject')}</th>
                <th scope="col">{t('privacy.requests.status')}</th>
                <th scope="col">{t('privacy.requests.completedAt')}</th>
              </tr>
            </thead>
            <tbody>
              {requests.map((r) => (
                <tr key={r.id} className="border-t border-slate-200">
                  <td>{when(r.createdAt)}</td>
                  <td>{t(`privacy.requests.kinds.${r.kind}`)}</td>
                  <td>
                    <code>{r.email}</code>
                  </td>
                  <td>{t(`privacy.requests.statuses.${r.status}`)}</td>
                  <td>{r.completedAt ? when(r.completedAt) : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section aria-labelledby="disclosures-heading" className="space-y-2">
        <h2 id="disclosures-heading" className="text-lg font-semibold">
          {t('privacy.disclosures.heading')}
        </h2>
        {disclosures.length === 0 ? (
          <p>{t('privacy.disclosures.empty')}</p>
        ) : (
          <table className="w-full text-left text-sm">
            <thead>
              <tr>
                <th scope="col">{t('privacy.disclosures.when')}</th>
                <th scope="col">{t('privacy.disclosures.who')}</th>
                <th scope="col">{t('privacy.disclosures.event')}</th>
                <th scope="col">{t('privacy.disclosures.channel')}</th>
                <th scope="col">{t('privacy.disclosures.fields')}</th>
              </tr>
            </thead>
            <tbody>
              {disclosures.map((d) => (
                <tr key={d.id} className="border-t border-slate-200">
                  <td>{when(d.createdAt)}</td>
                  <td>{d.userName ?? '—'}</td>
                  <td>{d.eventTitle ? d.eventTitle[locale] : '—'}</td>
                  <td>
                    <code>{d.channel}</code>
                  </td>
                  <td className="text-xs">{d.fields.join(', ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section aria-labelledby="inventory-heading" className="space-y-2">
        <h2 id="inventory-heading" className="text-lg font-semibold">
          {t('privacy.inventory.heading')}
        </h2>
        <p className="text-sm text-slate-700">{t('privacy.inventory.intro')}</p>
        <table className="w-full text-left text-sm">
          <thead>
            <tr>
              <th scope="col">{t('privacy.inventory.table')}</th>
              <th scope="col">{t('privacy.inventory.column')}</th>
              <th scope="col">{t('privacy.inventory.category')}</th>
              <th scope="col">{t('privacy.inventory.purpose')}</th>
              <th scope="col">{t('privacy.inventory.basis')}</th>
              <th scope="col">{t('privacy.inventory.retention')}</th>
            </tr>
          </thead>
          <tbody>
            {inventory.map((row) => (
              <tr key={`${row.table}.${row.column}`} className="border-t border-slate-200">
                <td>
                  <code>{row.table}</code>
                </td>
                <td>
                  <code>{row.column}</code>
                </td>
                <td>{t(`privacy.categories.${row.category}`)}</td>
                <td>{row.purpose}</td>
                <td>{t(`privacy.bases.${row.basis}`)}</td>
                <td>{RETENTION_RULES[row.retention].text[locale]}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="text-sm">
          <Link to={localePath(locale, '/privacy')} className="underline">
            {t('privacy.public.title')}
          </Link>
        </p>
      </section>
    </section>
  )
}
