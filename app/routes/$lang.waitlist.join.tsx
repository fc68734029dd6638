import { parseWithZod } from '@conform-to/zod/v4'
import { zod3Wording } from '~/utils/schema-errors'
import { Form, useActionData, useLoaderData, data as routeData, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from 'react-router'
import { listPublicTicketTypeNames } from '~/modules/events/event-lookups.server'
import { localized, translate, type Locale, paramLocale, type CatalogueSection } from '~/locales'
import { findPublishedEventBySlug } from '~/modules/registration/registration-page.server'
import { isRefusal } from '~/utils/refusal'
import { waitlistInputSchema } from '~/modules/registration/registration-schemas'
import { joinWaitlist } from '~/modules/registration/waitlist.server'
import { buttonClass, fieldId, FormErrors, TextField, useCheckedForm } from '~/components/forms'
import { clientIp, hitRateLimit } from '~/modules/security/rate-limit.server'
import { notFound, requireLocale, retryAfterHeaders } from '~/utils/http.server'
import { useLocale, useT } from '~/utils/i18n'

/** Catalogue sections the browser loads for this page (locales/sections.ts). */
export const handle = { catalogue: ['registration'] } satisfies { catalogue: CatalogueSection[] }

/** 429 answers keep their Retry-After on document requests. */
export const headers = retryAfterHeaders

export const meta: MetaFunction = ({ params }) => {
  const locale: Locale = paramLocale(params)
  return [{ title: translate(locale, 'registration.waitlist.heading', { event: '' }) }]
}

async function pageData(request: Request) {
  const url = new URL(request.url)
  const event = await findPublishedEventBySlug(url.searchParams.get('event') ?? '')
  if (!event) notFound()
  const types = await listPublicTicketTypeNames(event.id)
  return { event: { id: event.id, slug: event.slug, title: event.title }, ticketTypes: types, selected: url.searchParams.get('ticket') }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  requireLocale(params)
  return pageData(request)
}

export async function action({ request, params }: ActionFunctionArgs) {
  const locale = requireLocale(params)
  const data = await pageData(request)
  const formData = await request.formData()
  const submission = parseWithZod(formData, { schema: waitlistInputSchema, error: zod3Wording })
  const rate = await hitRateLimit(`waitlist:ip:${clientIp(request)}`, 20, 600)
  if (!rate.allowed) return routeData({ lastResult: submission.reply({ formErrors: ['refusals.rateLimited'] }), joined: false }, { status: 429, headers: { 'Retry-After': String(rate.retryAfterSeconds) } })
  if (submission.status !== 'success') return routeData({ lastResult: submission.reply(), joined: false }, { status: 400 })
  if (submission.value.eventId !== data.event.id) return routeData({ lastResult: submission.reply({ formErrors: ['refusals.invalidTicket'] }), joined: false }, { status: 400 })
  try {
    await joinWaitlist({ ...submission.value, locale: locale })
    return routeData({ lastResult: null, joined: true })
  } catch (error) {
    if (!isRefusal(error)) throw error
    const message = error.messageKey
    return routeData({ lastResult: submission.reply({ formErrors: [message], fieldErrors: error.field ? { [error.field]: [message] } : undefined }), joined: false }, { status: error.status })
  }
}

export default function JoinWaitlist() {
  const data = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const t = useT()
  const locale = useLocale()
  const { result, formProps } = useCheckedForm(waitlistInputSchema, actionData?.lastResult)
  return (
    <div className="mx-auto max-w-2xl space-y-6 px-4 py-10">
      <h1 className="text-3xl font-bold">{t('registration.waitlist.heading', { event: localized(data.event.title, locale) })}</h1>
      <p>{t('registration.waitlist.intro')}</p>
      {actionData?.joined ? (
        <p role="status" className="rounded bg-brand-50 p-4 font-medium">{t('registration.waitlist.joined')}</p>
      ) : (
        <Form method="post" className="space-y-4" {...formProps}>
          <FormErrors result={result} />
          <input type="hidden" name="eventId" value={data.event.id} />
          <input type="hidden" name="locale" value={locale} />
          <div>
            <label htmlFor={fieldId('ticketTypeId')} className="block font-medium">{t('registration.waitlist.ticketType')}</label>
            <select id={fieldId('ticketTypeId')} name="ticketTypeId" defaultValue={data.selected ?? undefined} className="mt-1 block w-full rounded border border-slate-400 px-3 py-2">
              {data.ticketTypes.map((tt) => (
                <option key={tt.id} value={tt.id}>{localized(tt.name, locale)}</option>
              ))}
            </select>
          </div>
          <TextField result={result} name="quantity" label={t('registration.waitlist.quantity')} type="number" required defaultValue="1" inputMode="numeric" />
          <TextField result={result} name="name" label={t('registration.waitlist.name')} required autoComplete="name" />
          <TextField result={result} name="email" label={t('registration.waitlist.email')} type="email" required autoComplete="email" />
          <TextField result={result} name="companyName" label={t('registration.waitlist.companyName')} autoComplete="organization" />
          <button type="submit" className={buttonClass}>{t('registration.waitlist.submit')}</button>
        </Form>
      )}
    </div>
  )
}
