import { parseWithZod } from '@conform-to/zod/v4'
import { zod3Wording } from '~/utils/schema-errors'
import { redirect, Form, Link, useActionData, useLoaderData, data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from 'react-router'
import { localized, translate, type Locale, paramLocale, type CatalogueSection } from '~/locales'
import { companyFromRequest } from '~/modules/companies/company-sign-in.server'
import { recountRegistrationSeats, registrationPageOfRequest, type RegistrationPage } from '~/modules/registration/registration-page.server'
import { isRefusal } from '~/utils/refusal'
import { registerInputSchema } from '~/modules/registration/registration-schemas'
import { registerAndPay } from '~/modules/payments/register-and-pay.server'
import { buttonClass, ErrorList, Fieldset, fieldErrors, fieldId, FormErrors, secondaryButtonClass, TextField, useCheckedForm, valueAt } from '~/components/forms'
import { clientIp, hitRateLimit } from '~/modules/security/rate-limit.server'
import { badRequest, notFound, requireLocale, retryAfterHeaders } from '~/utils/http.server'
import { localePath, useLocale, useT } from '~/utils/i18n'
import { formatMoney } from '~/utils/money'
import { describeInstant } from '~/utils/time'

/** Catalogue sections the browser loads for this page (locales/sections.ts). */
export const handle = { catalogue: ['registration'] } satisfies { catalogue: CatalogueSection[] }

const HONEYPOT = 'fax_number'
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** 429 answers keep their Retry-After on document requests. */
export const headers = retryAfterHeaders

export const meta: MetaFunction<typeof loader> = ({ data, params }) => {
  const locale: Locale = paramLocale(params)
  return [{ title: data ? translate(locale, 'registration.form.heading', { event: localized(data.page.event.title, locale) }) : translate(locale, 'registration.title') }]
}

/** Seats chosen in step 1 (`?qty.<ticketTypeId>=n`): a tampered id or a negative number is a 400. */
function chosenQuantities(url: URL, allowed: Map<string, number | null>) {
  const chosen: { ticketTypeId: string; quantity: number }[] = []
  for (const [key, raw] of url.searchParams) {
    if (!key.startsWith('qty.')) continue
    const ticketTypeId = key.slice(4)
    if (!raw) continue
    if (!UUID.test(ticketTypeId) || !allowed.has(ticketTypeId) || !/^\d{1,2}$/.test(raw)) badRequest()
    const quantity = Number(raw)
    if (quantity > 0) chosen.push({ ticketTypeId, quantity })
  }
  return chosen
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  requireLocale(params)
  if (!params.slug) notFound()
  const url = new URL(request.url)
  // After a refused post, the page the action has just read.
  const page = await registrationPageOfRequest(context, params.slug, { code: url.searchParams.get('code')?.trim() || null, offerToken: url.searchParams.get('offer') })
  if (!page) notFound()
  const chosen = chosenQuantities(url, new Map(page.ticketTypes.map((t) => [t.id, t.seatsLeft])))
  const company = await companyFromRequest(request)
  const subtotal = chosen.reduce((sum, c) => sum + c.quantity * (page.ticketTypes.find((t) => t.id === c.ticketTypeId)?.priceMinor ?? 0), 0)
  return {
    page: { ...page, offer: page.offer ? { quantity: page.offer.quantity, ticketTypeId: page.offer.ticketTypeId, offerExpiresAt: page.offer.offerExpiresAt } : null },
    chosen,
    subtotal,
    codeText: url.searchParams.get('code') ?? '',
    offerToken: page.offer ? url.searchParams.get('offer') : null,
    company: company
      ? {
          name: company.name,
          registrationNumber: company.registrationNumber,
          sector: company.sector,
          website: company.website,
          addressLine: company.addressLine,
          postalCode: company.postalCode,
          city: company.city,
          country: company.country,
          description: company.description,
          exportInterests: company.exportInterests.join(', '),
          contactName: company.contactName,
          contactEmail: company.contactEmail,
        }
      : null,
  }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const locale = requireLocale(params)
  if (!params.slug) notFound()
  const page = await registrationPageOfRequest(context, params.slug)
  if (!page) notFound()
  const formData = await request.formData()
  const submission = parseWithZod(formData, { schema: registerInputSchema, error: zod3Wording })
  const rate = await hitRateLimit(`register:ip:${clientIp(request)}`, 20, 600)
  if (!rate.allowed) return data({ lastResult: submission.reply({ formErrors: ['refusals.rateLimited'] }), soldOut: false }, { status: 429, headers: { 'Retry-After': String(rate.retryAfterSeconds) } })
  // A filled honeypot is a robot: refuse without saying why.
  if (String(formData.get(HONEYPOT) ?? '') !== '') return data({ lastResult: submission.reply({ formErrors: ['refusals.invalidInput'] }), soldOut: false }, { status: 400 })
  if (submission.status !== 'success') return data({ lastResult: submission.reply(), soldOut: false }, { status: 400 })
  if (submission.value.eventId !== page.event.id) badRequest()
  const company = await companyFromRequest(request)
  try {
    // One click: card goes straight to the checkout, invoice to the invoice (registration is kept whatever the gateway says).
    // The page's seats left (read above, without locks) let a sold-out event refuse before the transaction.
    const seatsLeft = new Map(page.ticketTypes.map((t) => [t.id, t.seatsLeft]))
    const { next } = await registerAndPay({ ...submission.value, locale }, { verifiedCompanyEmail: company?.contactEmail, seatsLeft }, locale)
    return redirect(next)
  } catch (error) {
    if (!isRefusal(error)) throw error
    // Seats counted under the lock that the page did not show: the answer's page counts them again.
    if (error.code === 'busy' || (error.code === 'soldOut' && !shownSoldOut(page, error.details))) recountRegistrationSeats(context)
    const message = error.messageKey
    return data(
      {
        lastResult: submission.reply({ formErrors: [message], fieldErrors: error.field ? { [error.field]: [message] } : undefined }),
        soldOut: error.code === 'soldOut',
      },
      { status: error.status },
    )
  }
}

/** Whether the page's seats left already say what a sold-out refusal says (`details` of `Refusal('soldOut')`). */
function shownSoldOut(page: RegistrationPage, details: unknown) {
  const { ticketTypeId, left } = (details ?? {}) as { ticketTypeId?: string; left?: number }
  return page.ticketTypes.some((t) => t.id === ticketTypeId && t.seatsLeft === left)
}

export default function RegisterPage() {
  const { page, chosen, subtotal, codeText, offerToken, company } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { result, formProps } = useCheckedForm(registerInputSchema, actionData?.lastResult)
  const t = useT()
  const locale = useLocale()
  const event = page.event
  const currency = event.currency
  const code = page.code && !('error' in page.code) ? page.code : null
  const codeError = page.code && 'error' in page.code ? page.code.error : null
  const typeName = (id: string) => localized(page.ticketTypes.find((tt) => tt.id === id)?.name, locale)
  const step2 = chosen.length > 0 && page.registrationOpen
  let attendeeIndex = 0

  return (
    <div className="mx-auto max-w-3xl space-y-8 px-4 py-10">
      <header className="space-y-2">
        <h1 className="text-3xl font-bold">{t('registration.form.heading', { event: localized(event.title, locale) })}</h1>
        <p className="text-slate-700">{describeInstant(new Date(event.startsAt), event.timezone, locale)}</p>
        <p>{t('registration.form.intro')}</p>
        {event.approvalRequired ? <p className="rounded bg-brand-50 p-3">{t('registration.form.approvalNotice')}</p> : null}
        {page.offer?.offerExpiresAt ? (
          <p className="rounded bg-brand-50 p-3">
            {t('registration.form.offerBanner', { quantity: page.offer.quantity, until: describeInstant(new Date(page.offer.offerExpiresAt), event.timezone, locale) })}
          </p>
        ) : null}
        {page.offerInvalid ? <p role="alert" className="rounded bg-red-50 p-3 text-red-900">{t('refusals.offerInvalid')}</p> : null}
        {!page.registrationOpen ? <p role="alert" className="rounded bg-red-50 p-3 text-red-900">{t('refusals.registrationClosed')}</p> : null}
      </header>

      <section aria-labelledby="step-tickets">
        <h2 id="step-tickets" className="mb-3 text-xl font-semibold">{t('registration.form.stepTickets')}</h2>
        <Form method="get" className="space-y-4">
          {offerToken ? <input type="hidden" name="offer" value={offerToken} /> : null}
          <table className="w-full text-left">
            <thead>
              <tr className="border-b border-slate-300">
                <th scope="col" className="py-2">{t('registration.form.ticketType')}</th>
                <th scope="col" className="py-2">{t('registration.form.price')}</th>
                <th scope="col" className="py-2"><span className="sr-only">{t('registration.form.quantity', { ticket: '' })}</span></th>
              </tr>
            </thead>
            <tbody>
              {page.ticketTypes.map((ticket) => {
                const left = ticket.seatsLeft
                const max = Math.min(ticket.maxPerOrder, left ?? ticket.maxPerOrder)
                const current = chosen.find((c) => c.ticketTypeId === ticket.id)?.quantity ?? 0
                const soldOut = left !== null && left <= 0
                return (
                  <tr key={ticket.id} className="border-b border-slate-200 align-top">
                    <td className="py-3">
                      <span className="font-medium">{localized(ticket.name, locale)}</span>
                      {ticket.description ? <p className="text-sm text-slate-700">{localized(ticket.description, locale)}</p> : null}
                      {left !== null && !soldOut ? <p className="text-sm text-slate-700">{t('registration.form.seatsLeft', { count: left })}</p> : null}
                    </td>
                    <td className="py-3">{ticket.priceMinor === 0 ? t('registration.form.free') : formatMoney(ticket.priceMinor, currency, locale)}</td>
                    <td className="py-3">
                      {soldOut || !ticket.onSale ? (
                        <span>
                          <strong>{soldOut ? t('registration.form.soldOut') : t('refusals.salesClosed')}</strong>{' '}
                          {soldOut ? (
                            <Link className="text-brand-700 underline" to={localePath(locale, `/waitlist/join?event=${event.slug}&ticket=${ticket.id}`)}>
                              {t('registration.form.joinWaitlist')}
                            </Link>
                          ) : null}
                        </span>
                      ) : (
                        <>
                          <label htmlFor={`qty-${ticket.id}`} className="sr-only">
                            {t('registration.form.quantity', { ticket: localized(ticket.name, locale) })}
                          </label>
                          <select id={`qty-${ticket.id}`} name={`qty.${ticket.id}`} defaultValue={String(current)} className="rounded border border-slate-400 px-2 py-1">
                            {Array.from({ length: Math.max(0, max) + 1 }, (_, n) => (
                              <option key={n} value={n}>
                                {n}
                              </option>
                            ))}
                          </select>
                        </>
                      )}
                    </td>
                  </tr>
                )
              })}
            </tbody>
          </table>
          <div>
            <label htmlFor="code" className="block font-medium">{t('registration.form.code')}</label>
            <p id="code-hint" className="text-sm text-slate-700">{t('registration.form.codeHint')}</p>
            <input
              id="code"
              name="code"
              defaultValue={codeText}
              aria-describedby={codeError ? 'code-hint code-error' : 'code-hint'}
              aria-invalid={codeError ? true : undefined}
              className="mt-1 rounded border border-slate-400 px-3 py-2"
            />
            {codeError ? <p id="code-error" className="mt-1 text-sm font-medium text-red-700">{t(`refusals.${codeError}`)}</p> : null}
            {code ? <p className="mt-1 text-sm text-brand-800">{t('registration.form.codeApplied', { code: code.code })}</p> : null}
          </div>
          <button type="submit" className={secondaryButtonClass}>{t('registration.form.continue')}</button>
        </Form>
      </section>

      {step2 ? (
        <section aria-labelledby="step-details">
          <h2 id="step-details" className="mb-3 text-xl font-semibold">{t('registration.form.stepDetails')}</h2>
          {actionData?.soldOut ? (
            <p className="mb-4">
              <Link className="text-brand-700 underline" to={localePath(locale, `/waitlist/join?event=${event.slug}&ticket=${chosen[0].ticketTypeId}`)}>
                {t('registration.form.joinWaitlist')}
              </Link>
            </p>
          ) : null}
          <Form method="post" className="space-y-6" {...formProps}>
            <FormErrors result={result} />
            <input type="hidden" name="eventId" value={event.id} />
            <input type="hidden" name="locale" value={locale} />
            {code ? <input type="hidden" name="code" value={code.code} /> : null}
            {offerToken ? <input type="hidden" name="offerToken" value={offerToken} /> : null}
            {chosen.map((c, i) => (
              <span key={c.ticketTypeId}>
                <input type="hidden" name={`tickets[${i}].ticketTypeId`} value={c.ticketTypeId} />
                <input type="hidden" name={`tickets[${i}].quantity`} value={c.quantity} />
              </span>
            ))}
            <ErrorList id="tickets-error" errors={fieldErrors(result, 'tickets')} />

            <Fieldset legend={t('registration.form.company')}>
              {company ? (
                <p className="rounded bg-brand-50 p-2 text-sm">{t('registration.form.prefilled', { company: company.name })}</p>
              ) : (
                <p className="text-sm">
                  <Link className="text-brand-700 underline" to={localePath(locale, `/companies/sign-in?next=${encodeURIComponent(`/${locale}/events/${event.slug}/register`)}`)}>
                    {t('registration.form.recognised')}
                  </Link>
                </p>
              )}
              <TextField result={result} name="company.name" label={t('registration.form.companyName')} required autoComplete="organization" defaultValue={company?.name} />
              <TextField result={result} name="company.registrationNumber" label={t('registration.form.registrationNumber')} defaultValue={company?.registrationNumber} />
              <TextField result={result} name="company.sector" label={t('registration.form.sector')} defaultValue={company?.sector} />
              <TextField result={result} name="company.website" label={t('registration.form.website')} inputMode="url" defaultValue={company?.website} />
              <TextField result={result} name="company.addressLine" label={t('registration.form.addressLine')} autoComplete="street-address" defaultValue={company?.addressLine} />
              <div className="grid gap-4 sm:grid-cols-3">
                <TextField result={result} name="company.postalCode" label={t('registration.form.postalCode')} autoComplete="postal-code" defaultValue={company?.postalCode} />
                <TextField result={result} name="company.city" label={t('registration.form.city')} autoComplete="address-level2" defaultValue={company?.city} />
                <TextField result={result} name="company.country" label={t('registration.form.country')} required defaultValue={company?.country ?? 'MQ'} />
              </div>
              <TextField result={result} name="company.description" label={t('registration.form.description')} multiline defaultValue={company?.description} />
              <TextField result={result} name="company.exportInterests" label={t('registration.form.exportInterests')} defaultValue={company?.exportInterests} />
              <TextField result={result} name="company.contactName" label={t('registration.form.contactName')} required autoComplete="name" defaultValue={company?.contactName} />
              <TextField
                result={result}
                name="company.contactEmail"
                label={t('registration.form.contactEmail')}
                type="email"
                required
                autoComplete="email"
                hint={t('registration.form.contactEmailHint')}
                defaultValue={company?.contactEmail}
              />
            </Fieldset>

            <section aria-labelledby="attendees-heading" className="space-y-4">
              <h3 id="attendees-heading" className="text-lg font-semibold">{t('registration.form.attendees')}</h3>
              <ErrorList id="attendees-error" errors={fieldErrors(result, 'attendees')} />
              {chosen.flatMap((c) =>
                Array.from({ length: c.quantity }, () => {
                  const i = attendeeIndex++
                  const base = `attendees[${i}]`
                  const localeValue = valueAt(result?.initialValue, `${base}.locale`) ?? locale
                  return (
                    <Fieldset key={base} legend={t('registration.form.attendee', { number: i + 1, ticket: typeName(c.ticketTypeId) })}>
                      <input type="hidden" name={`${base}.ticketTypeId`} value={c.ticketTypeId} />
                      <div className="grid gap-4 sm:grid-cols-2">
                        <TextField result={result} name={`${base}.firstName`} label={t('registration.form.firstName')} required autoComplete="off" />
                        <TextField result={result} name={`${base}.lastName`} label={t('registration.form.lastName')} required autoComplete="off" />
                        <TextField result={result} name={`${base}.email`} label={t('registration.form.email')} type="email" required autoComplete="off" />
                        <TextField result={result} name={`${base}.jobTitle`} label={t('registration.form.jobTitle')} />
                        <TextField result={result} name={`${base}.phone`} label={t('registration.form.phone')} type="tel" />
                        <div>
                          <label htmlFor={fieldId(`${base}.locale`)} className="block font-medium">{t('registration.form.locale')}</label>
                          <select id={fieldId(`${base}.locale`)} name={`${base}.locale`} defaultValue={String(localeValue)} className="mt-1 block w-full rounded border border-slate-400 px-3 py-2">
                            <option value="fr">Français</option>
                            <option value="en">English</option>
                          </select>
                        </div>
                      </div>
                      <TextField result={result} name={`${base}.needs`} label={t('registration.form.needs')} />
                    </Fieldset>
                  )
                }),
              )}
            </section>

            {page.questions.length > 0 ? (
              <Fieldset legend={t('registration.form.questions')}>
                {page.questions.map((q) => {
                  const name = `answers.${q.id}`
                  const id = fieldId(name)
                  const errors = fieldErrors(result, name)
                  const typed = valueAt(result?.initialValue, name)
                  const label = localized(q.label, locale)
                  if (q.kind === 'text') return <TextField key={q.id} result={result} name={name} label={label} required={q.required} multiline />
                  if (q.kind === 'choice')
                    return (
                      <div key={q.id}>
                        <label htmlFor={id} className="block font-medium">
                          {label}
                          {q.required ? <span className="text-slate-700"> ({t('registration.form.required')})</span> : null}
                        </label>
                        <select id={id} name={name} defaultValue={typeof typed === 'string' ? typed : ''} aria-invalid={errors.length > 0 || undefined} aria-describedby={errors.length ? `${id}-error` : undefined} className="mt-1 block w-full rounded border border-slate-400 px-3 py-2">
                          <option value="">{t('registration.form.choose')}</option>
                          {(q.options ?? []).map((o) => (
                            <option key={o.key} value={o.key}>{localized(o.label, locale)}</option>
                          ))}
                        </select>
                        <ErrorList id={`${id}-error`} errors={errors} />
                      </div>
                    )
                  return (
                    <fieldset key={q.id} aria-describedby={errors.length ? `${id}-error` : undefined}>
                      <legend className="font-medium">
                        {label}
                        {q.required ? <span className="text-slate-700"> ({t('registration.form.required')})</span> : null}
                      </legend>
                      {(['yes', 'no'] as const).map((v) => (
                        <label key={v} className="mr-4 inline-flex items-center gap-2">
                          <input type="radio" name={name} value={v} defaultChecked={typed === v} /> {t(`registration.form.${v}`)}
                        </label>
                      ))}
                      <ErrorList id={`${id}-error`} errors={errors} />
                    </fieldset>
                  )
                })}
              </Fieldset>
            ) : null}

            {code?.eligibilityQuestions.length ? (
              <Fieldset legend={t('registration.form.eligibility')}>
                {code.eligibilityQuestions.map((q) => (
                  <TextField key={q.key} result={result} name={`eligibility.${q.key}`} label={localized(q.label, locale)} required={q.required} />
                ))}
              </Fieldset>
            ) : null}

            {subtotal > 0 ? (
              <div className="space-y-2">
                <p className="text-lg font-semibold">{t('registration.form.subtotalLine', { amount: formatMoney(subtotal, currency, locale) })}</p>
                {event.paymentMethods.length > 1 ? (
                  <fieldset aria-describedby={fieldErrors(result, 'paymentMethod').length ? 'payment-error' : undefined}>
                    <legend className="font-medium">{t('registration.form.paymentMethod')}</legend>
                    {event.paymentMethods.map((m) => (
                      <label key={m} className="mr-4 inline-flex items-center gap-2">
                        <input type="radio" name="paymentMethod" value={m} defaultChecked={(valueAt(result?.initialValue, 'paymentMethod') ?? 'card') === m} />
                        {m === 'card' ? t('registration.form.paymentCard') : t('registration.form.paymentInvoice')}
                      </label>
                    ))}
                    <ErrorList id="payment-error" errors={fieldErrors(result, 'paymentMethod')} />
                  </fieldset>
                ) : null}
              </div>
            ) : null}

            <div className="space-y-3">
              <div>
                <label className="inline-flex items-start gap-2">
                  <input
                    type="checkbox"
                    name="privacyAccepted"
                    id={fieldId('privacyAccepted')}
                    defaultChecked={valueAt(result?.initialValue, 'privacyAccepted') === 'on'}
                    aria-invalid={fieldErrors(result, 'privacyAccepted').length > 0 || undefined}
                    aria-describedby={fieldErrors(result, 'privacyAccepted').length ? 'privacy-error' : undefined}
                    className="mt-1"
                  />
                  <span>{t('registration.form.privacy')}</span>
                </label>
                <ErrorList id="privacy-error" errors={fieldErrors(result, 'privacyAccepted')} />
              </div>
              <label className="inline-flex items-start gap-2">
                <input type="checkbox" name="listingConsent" defaultChecked={valueAt(result?.initialValue, 'listingConsent') === 'on'} className="mt-1" />
                <span>{t('registration.form.listingConsent')}</span>
              </label>
            </div>
            <div aria-hidden="true" className="absolute -left-[9999px] h-px w-px overflow-hidden">
              <label htmlFor={HONEYPOT}>{t('registration.form.honeypot')}</label>
              <input id={HONEYPOT} name={HONEYPOT} type="text" tabIndex={-1} autoComplete="off" />
            </div>
            <button type="submit" className={buttonClass}>{t('registration.form.submit')}</button>
          </Form>
        </section>
      ) : null}
    </div>
  )
}
