import { Form, useActionData, useLoaderData, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from 'react-router'
import { pageTitle } from '~/utils/page-meta'
import { CheckboxField, Field, FormMessage, SubmitButton, inputClass, secondaryButtonClass } from '~/components/forms'
import { marketplaceFilterSchema, sendRequestSchema } from '~/modules/b2b/b2b-schemas'
import { marketplace, participantOfToken } from '~/modules/b2b/participants.server'
import { sendRequest } from '~/modules/b2b/requests.server'
import { invalid, orRespond, parseForm, runAction } from '~/utils/forms.server'
import { notFound, requireLocale } from '~/utils/http.server'
import { useT } from '~/utils/i18n'

const ROLES = ['seller', 'buyer'] as const
const TYPES = ['product', 'service', 'distribution', 'partnership', 'investment'] as const

async function context(token: string | undefined) {
  const ctx = await orRespond(participantOfToken(token ?? ''))
  if (!ctx) notFound()
  return ctx
}

export const meta: MetaFunction = ({ params }) => pageTitle(params, 'b2b.title', undefined, [{ name: 'robots', content: 'noindex' }])

export async function loader({ params, request }: LoaderFunctionArgs) {
  const locale = requireLocale(params)
  const ctx = await context(params.token)
  const filter = marketplaceFilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams))
  return { filter, participants: await marketplace(ctx.event.id, ctx.company.id, filter, locale) }
}

export async function action({ params, request }: ActionFunctionArgs) {
  requireLocale(params)
  const ctx = await context(params.token)
  const parsed = parseForm(await request.formData(), sendRequestSchema)
  if (!parsed.ok) return invalid('send', parsed.fieldErrors, parsed.values)
  return runAction('send', async () => {
    await sendRequest(ctx, parsed.value)
    return { ok: true, intent: 'send', notice: 'b2b.marketplace.sent' }
  })
}

export default function Marketplace() {
  const { filter, participants } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const t = useT()
  return (
    <section aria-labelledby="market-title" className="space-y-4">
      <h2 id="market-title" className="text-xl font-semibold">
        {t('b2b.nav.marketplace')}
      </h2>
      <Form method="get" role="search" className="flex flex-wrap items-end gap-3">
        <div>
          <label htmlFor="mk-q" className="block text-sm font-semibold">{t('b2b.marketplace.search')}</label>
          <input id="mk-q" name="q" type="search" defaultValue={filter.q ?? ''} className={inputClass} />
        </div>
        <div>
          <label htmlFor="mk-role" className="block text-sm font-semibold">{t('b2b.marketplace.role')}</label>
          <select id="mk-role" name="role" defaultValue={filter.role ?? ''} className={inputClass}>
            <option value="">{t('b2b.marketplace.any')}</option>
            {ROLES.map((r) => <option key={r} value={r}>{t(`b2b.roles.${r}`)}</option>)}
          </select>
        </div>
        <div>
          <label htmlFor="mk-type" className="block text-sm font-semibold">{t('b2b.marketplace.entryType')}</label>
          <select id="mk-type" name="entryType" defaultValue={filter.entryType ?? ''} className={inputClass}>
            <option value="">{t('b2b.marketplace.any')}</option>
            {TYPES.map((x) => <option key={x} value={x}>{t(`b2b.entryTypes.${x}`)}</option>)}
          </select>
        </div>
        <div>
          <label htmlFor="mk-sector" className="block text-sm font-semibold">{t('b2b.marketplace.sector')}</label>
          <input id="mk-sector" name="sector" defaultValue={filter.sector ?? ''} className={inputClass} />
        </div>
        <div>
          <label htmlFor="mk-lang" className="block text-sm font-semibold">{t('b2b.marketplace.language')}</label>
          <input id="mk-lang" name="language" defaultValue={filter.language ?? ''} className={inputClass} size={4} />
        </div>
        <button type="submit" className={secondaryButtonClass}>{t('b2b.marketplace.filter')}</button>
      </Form>
      <FormMessage result={result} />
      {participants.length === 0 ? <p>{t('b2b.marketplace.empty')}</p> : null}
      <ul className="space-y-4">
        {participants.map((p) => (
          <li key={p.companyId} className="rounded border border-slate-300 p-4">
            <h3 className="text-lg font-semibold">
              {p.name} <span className="text-sm font-normal text-slate-700">— {t(`b2b.roles.${p.role}`)}{p.sector ? ` · ${p.sector}` : ''}</span>
            </h3>
            <p className="mt-1 whitespace-pre-line">{p.about}</p>
            {p.languages.length ? <p className="text-sm text-slate-700">{t('b2b.marketplace.languages', { list: p.languages.join(', ') })}</p> : null}
            <ul className="mt-2 list-disc pl-5 text-sm">
              {p.entries.map((e, i) => (
                <li key={i}>
                  {t(`b2b.directions.${e.direction}`)} · {t(`b2b.entryTypes.${e.type}`)} : {e.title}
                </li>
              ))}
            </ul>
            <Form method="post" className="mt-3 space-y-2" aria-label={`${t('b2b.marketplace.send')} — ${p.name}`}>
              <input type="hidden" name="toCompanyId" value={p.companyId} />
              <Field name="message" label={t('b2b.marketplace.message')} idPrefix={p.companyId} multiline rows={2} />
              <CheckboxField name="mustMeet" label={t('b2b.marketplace.mustMeet')} idPrefix={p.companyId} />
              <SubmitButton>{t('b2b.marketplace.send')}</SubmitButton>
            </Form>
          </li>
        ))}
      </ul>
    </section>
  )
}
