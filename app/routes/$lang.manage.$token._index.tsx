import { parseWithZod } from '@conform-to/zod/v4'
import { zod3Wording } from '~/utils/schema-errors'
import { redirect, Form, Link, useActionData, useLoaderData, useParams, useSearchParams, data as routeData, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from 'react-router'
import { z } from 'zod'
import { localized, translate, type Locale, paramLocale } from '~/locales'
import { getManagedRegistration } from '~/modules/registration/registration-page.server'
import { isRefusal } from '~/utils/refusal'
import { addAttendeesSchema, attendeeChangeSchema } from '~/modules/registration/registration-schemas'
import { addAttendees, cancelAttendee, changeAttendee } from '~/modules/registration/attendees.server'
import { cancelRegistration } from '~/modules/registration/lifecycle.server'
import { withdrawConsent } from '~/modules/privacy/consents.server'
import { getDb } from '#db/client'
import { buttonClass, FormErrors, secondaryButtonClass, TextField, type FormResult } from '~/components/forms'
import { clientIp, hitRateLimit } from '~/modules/security/rate-limit.server'
import { getEnv } from '~/utils/env.server'
import { badRequest, notFound, requireLocale, retryAfterHeaders } from '~/utils/http.server'
import { localePath, useLocale, useT } from '~/utils/i18n'
import { formatMoney } from '~/utils/money'
import { describeInstant } from '~/utils/time'

/** 429 answers keep their Retry-After on document requests. */
export const headers = retryAfterHeaders

export const meta: MetaFunction = ({ params }) => {
  const locale: Locale = paramLocale(params)
  return [{ title: translate(locale, 'registration.title') }, { name: 'robots', content: 'noindex' }]
}

export async function loader({ params, request }: LoaderFunctionArgs) {
  const locale = requireLocale(params)
  if (!params.token) notFound()
  const data = await getManagedRegistration(params.token)
  if (!data) notFound()
  const { registration: r, event, company } = data
  const seatsLeft = Object.fromEntries(data.seatsLeft)
  return {
    manageUrl: `${getEnv().PUBLIC_URL ?? new URL(request.url).origin}/${locale}/manage/${params.token}`,
    registration: {
      reference: r.reference,
      status: r.status,
      totalMinor: r.totalMinor,
      subtotalMinor: r.subtotalMinor,
      paidMinor: r.paidMinor,
      currency: r.currency,
      paymentMethod: r.paymentMethod,
      holdExpiresAt: r.holdExpiresAt,
      listingConsent: r.listingConsent,
    },
    event: { title: event.title, slug: event.slug, kind: event.kind, startsAt: event.startsAt, timezone: event.timezone, cancellationTerms: event.cancellationTerms },
    company: { name: company.name },
    attendees: data.attendees.map((a) => ({
      id: a.id,
      firstName: a.firstName,
      lastName: a.lastName,
      email: a.email,
      jobTitle: a.jobTitle,
      phone: a.phone,
      locale: a.locale,
      needs: a.needs,
      status: a.status,
      ticketTypeId: a.ticketTypeId,
    })),
    ticketTypes: data.ticketTypes
      .filter((t) => t.active && (!t.hidden || data.attendees.some((a) => a.ticketTypeId === t.id)))
      .map((t) => ({ id: t.id, name: t.name, priceMinor: t.priceMinor, seatsLeft: seatsLeft[t.id] ?? null })),
    changeCutoff: data.changeCutoff,
    changesOpen: data.changesOpen,
  }
}

export async function action({ params, request }: ActionFunctionArgs) {
  const locale = requireLocale(params)
  if (!params.token) notFound()
  const data = await getManagedRegistration(params.token)
  if (!data) notFound()
  const rate = await hitRateLimit(`manage:ip:${clientIp(request)}`, 60, 600)
  if (!rate.allowed) throw new Response('Too many requests', { status: 429, headers: { 'Retry-After': String(rate.retryAfterSeconds) } })
  const formData = await request.formData()
  // Parsed here, not at module level: the page's browser bundle stays free of zod.
  const intent = z.enum(['change', 'cancel-attendee', 'cancel-all', 'add', 'withdraw-listing']).safeParse(formData.get('intent'))
  if (!intent.success) badRequest()
  const actor = { label: `company:${data.registration.contactEmail}` }
  const here = localePath(locale, `/manage/${params.token}`)
  const ownAttendee = (id: unknown) => {
    const found = data.attendees.find((a) => a.id === id)
    if (!found) badRequest()
    return found
  }
  try {
    switch (intent.data) {
      case 'change': {
        const attendee = ownAttendee(formData.get('attendeeId'))
        const submission = parseWithZod(formData, { schema: attendeeChangeSchema, error: zod3Wording })
        if (submission.status !== 'success') return routeData({ lastResult: submission.reply(), intent: intent.data, attendeeId: attendee.id }, { status: 400 })
        await changeAttendee(attendee.id, submission.value, actor)
        return redirect(`${here}?done=changed`)
      }
      case 'cancel-attendee': {
        const attendee = ownAttendee(formData.get('attendeeId'))
        await cancelAttendee(attendee.id, actor)
        return redirect(`${here}?done=cancelled`)
      }
      case 'cancel-all': {
        await cancelRegistration(data.registration.id, actor, 'cancelled by the company')
        return redirect(`${here}?done=cancelled`)
      }
      case 'withdraw-listing': {
        // Effective at once: the listing flags are cleared in the same transaction (decision 021).
        await getDb().transaction((tx) =>
          withdrawConsent(tx, { organisationId: data.event.organisationId, email: data.registration.contactEmail, purpose: 'directory_listing', actor }),
        )
        return redirect(`${here}?done=listing-withdrawn`)
      }
      case 'add': {
        const submission = parseWithZod(formData, { schema: addAttendeesSchema, error: zod3Wording })
        if (submission.status !== 'success') return routeData({ lastResult: submission.reply(), intent: intent.data, attendeeId: null }, { status: 400 })
        await addAttendees(data.registration.id, submission.value, actor)
        return redirect(`${here}?done=added`)
      }
    }
  } catch (error) {
    if (!isRefusal(error)) throw error
    const message = error.messageKey
    const attendeeId = formData.get('attendeeId')
    return routeData(
      {
        lastResult: { initialValue: Object.fromEntries(formData) as Record<string, unknown>, error: { '': [message], ...(error.field ? { [error.field.replace(/^attendees\[0\]\./, '')]: [message] } : {}) } },
        intent: intent.data,
        attendeeId: typeof attendeeId === 'string' ? attendeeId : null,
      },
      { status: error.status },
    )
  }
}

/** Why the checkout could not open after the form, as the register action says it (`?payment=`). */
const PAYMENT_PROBLEMS = ['cardUnavailable', 'gatewayFailed', 'methodNotOffered', 'notPayable', 'nothingToPay', 'busy'] as const

export default function ManageRegistration() {
  const data = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [search] = useSearchParams()
  const params = useParams()
  const t = useT()
  const locale = useLocale()
  const r = data.registration
  const zone = data.event.timezone
  const editId = search.get('edit') ?? (actionData?.intent === 'change' ? actionData.attendeeId : null)
  const cancelId = search.get('cancel')
  const adding = search.get('add') === '1' || actionData?.intent === 'add'
  const result = actionData?.lastResult as FormResult
  const active = data.attendees.filter((a) => a.status === 'active')
  const open = ['pending_approval', 'awaiting_payment', 'confirmed'].includes(r.status)
  const typeName = (id: string) => localized(data.ticketTypes.find((tt) => tt.id === id)?.name, locale)
  const done = search.get('done')
  // Back from a checkout that could not open right after the form (the registration itself is kept).
  const paymentProblem = PAYMENT_PROBLEMS.find((code) => code === search.get('payment'))

  return (
    <div className="mx-auto max-w-3xl space-y-8 px-4 py-10">
      {search.get('welcome') ? (
        <section aria-labelledby="done-heading" className="space-y-2 rounded border-l-4 border-brand-700 bg-brand-50 p-4">
          <h1 id="done-heading" className="text-2xl font-bold">{t('registration.done.heading')}</h1>
          {r.status === 'pending_approval' ? <p>{t('registration.done.pendingApproval')}</p> : null}
          <p>{t('registration.done.keepLink')}</p>
          <p>
            <a href={data.manageUrl} className="break-all font-mono text-sm text-brand-800 underline" data-testid="management-link">
              {data.manageUrl}
            </a>
          </p>
        </section>
      ) : null}
      {paymentProblem && r.status === 'awaiting_payment' ? (
        <p role="alert" className="rounded border border-amber-400 bg-amber-50 p-3 text-amber-950" data-testid="payment-problem">
          {t(`refusals.${paymentProblem}`)} {t('registration.done.payLater')}
        </p>
      ) : null}
      {done ? (
        <p role="status" className="rounded bg-brand-50 p-3">
          {done === 'changed' ? t('registration.manage.changed') : done === 'added' ? t('registration.manage.added') : t('registration.manage.cancelled')}
        </p>
      ) : null}

      <header className="space-y-1">
        {search.get('welcome') ? (
          <h2 className="text-xl font-semibold">{t('registration.manage.heading', { event: localized(data.event.title, locale) })}</h2>
        ) : (
          <h1 className="text-3xl font-bold">{t('registration.manage.heading', { event: localized(data.event.title, locale) })}</h1>
        )}
        <p className="text-slate-700">{describeInstant(new Date(data.event.startsAt), zone, locale)}</p>
        {data.event.kind === 'b2b_meetup' && r.status === 'confirmed' ? (
          <p>
            <Link to={localePath(locale, `/manage/${params.token}/b2b`)} className="font-semibold text-brand-700 underline underline-offset-4">
              {t('b2b.nav.label')}
            </Link>
          </p>
        ) : null}
        {data.event.kind === 'delegation' && r.status !== 'cancelled' ? (
          <p>
            <Link to={localePath(locale, `/manage/${params.token}/itinerary`)} className="font-semibold text-brand-700 underline underline-offset-4">
              {t('delegations.itinerary.nav')}
            </Link>
          </p>
        ) : null}
      </header>

      <dl className="grid grid-cols-[auto,1fr] gap-x-6 gap-y-2">
        <dt className="font-medium">{t('registration.manage.reference')}</dt>
        <dd data-testid="reference">{r.reference}</dd>
        <dt className="font-medium">{t('registration.manage.status')}</dt>
        <dd data-testid="status">{t(`registration.status.${r.status}`)}</dd>
        <dt className="font-medium">{t('registration.manage.company')}</dt>
        <dd>{data.company.name}</dd>
        <dt className="font-medium">{t('registration.manage.total')}</dt>
        <dd>{r.totalMinor === 0 ? t('registration.form.free') : formatMoney(r.totalMinor, r.currency, locale)}</dd>
      </dl>

      {r.status === 'awaiting_payment' ? (
        <div className="space-y-2">
          {r.holdExpiresAt ? <p>{t('registration.done.holdUntil', { until: describeInstant(new Date(r.holdExpiresAt), zone, locale) })}</p> : null}
          {r.paymentMethod === 'card' ? (
            <Link to={localePath(locale, `/manage/${params.token}/pay`)} className={buttonClass}>
              {t('registration.done.pay')}
            </Link>
          ) : null}
        </div>
      ) : null}
      {r.paymentMethod === 'invoice' && r.paidMinor < r.totalMinor && (r.status === 'confirmed' || r.status === 'awaiting_payment') ? (
        <p>
          <Link to={localePath(locale, `/manage/${params.token}/pay`)} className={buttonClass}>
            {t('registration.done.invoiceAndBank')}
          </Link>
        </p>
      ) : null}

      <section aria-labelledby="attendees-heading" className="space-y-3">
        <h2 id="attendees-heading" className="text-xl font-semibold">{t('registration.manage.attendees')}</h2>
        <p className="text-sm text-slate-700">
          {data.changesOpen
            ? t('registration.manage.cutoff', { until: describeInstant(new Date(data.changeCutoff), zone, locale) })
            : t('registration.manage.cutoffPassed')}
        </p>
        <ul className="divide-y divide-slate-200 rounded border border-slate-300">
          {data.attendees.map((a) => (
            <li key={a.id} className="space-y-2 p-3">
              <p>
                <span className="font-medium">
                  {a.firstName} {a.lastName}
                </span>{' '}
                — {a.email} — {typeName(a.ticketTypeId)} — {t(`registration.attendeeStatus.${a.status}`)}
              </p>
              {a.status === 'active' && open ? (
                <p className="flex gap-3">
                  {data.changesOpen ? (
                    <Link to={`?edit=${a.id}`} className="text-brand-700 underline">
                      {t('registration.manage.change')} <span className="sr-only">{`${a.firstName} ${a.lastName}`}</span>
                    </Link>
                  ) : null}
                  <Link to={`?cancel=${a.id}`} className="text-red-800 underline">
                    {t('registration.manage.cancelAttendee')} <span className="sr-only">{`${a.firstName} ${a.lastName}`}</span>
                  </Link>
                </p>
              ) : null}
              {editId === a.id && a.status === 'active' ? (
                <Form method="post" className="space-y-3 rounded bg-slate-50 p-3" noValidate>
                  <h3 className="font-semibold">{t('registration.manage.changeHeading', { name: `${a.firstName} ${a.lastName}` })}</h3>
                  <FormErrors result={result} />
                  <input type="hidden" name="intent" value="change" />
                  <input type="hidden" name="attendeeId" value={a.id} />
                  <div className="grid gap-3 sm:grid-cols-2">
                    <TextField result={result} name="firstName" label={t('registration.form.firstName')} required defaultValue={a.firstName} />
                    <TextField result={result} name="lastName" label={t('registration.form.lastName')} required defaultValue={a.lastName} />
                    <TextField result={result} name="email" label={t('registration.form.email')} type="email" required defaultValue={a.email} />
                    <TextField result={result} name="jobTitle" label={t('registration.form.jobTitle')} defaultValue={a.jobTitle} />
                    <TextField result={result} name="phone" label={t('registration.form.phone')} type="tel" defaultValue={a.phone} />
                    <TextField result={result} name="needs" label={t('registration.form.needs')} defaultValue={a.needs} />
                  </div>
                  <input type="hidden" name="locale" value={a.locale} />
                  <div className="flex gap-3">
                    <button type="submit" className={buttonClass}>{t('registration.manage.save')}</button>
                    <Link to="." className={secondaryButtonClass}>{t('registration.manage.back')}</Link>
                  </div>
                </Form>
              ) : null}
              {cancelId === a.id && a.status === 'active' ? (
                <Form method="post" className="space-y-3 rounded bg-red-50 p-3">
                  <p className="font-semibold">{t('registration.manage.confirmCancelAttendee', { name: `${a.firstName} ${a.lastName}` })}</p>
                  <input type="hidden" name="intent" value="cancel-attendee" />
                  <input type="hidden" name="attendeeId" value={a.id} />
                  <div className="flex gap-3">
                    <button type="submit" className={buttonClass}>{t('registration.manage.confirm')}</button>
                    <Link to="." className={secondaryButtonClass}>{t('registration.manage.back')}</Link>
                  </div>
                </Form>
              ) : null}
            </li>
          ))}
        </ul>
        {actionData && actionData.intent !== 'change' && actionData.intent !== 'add' ? <FormErrors result={result} /> : null}
      </section>

      {open && data.changesOpen ? (
        <section aria-labelledby="add-heading" className="space-y-3">
          <h2 id="add-heading" className="text-xl font-semibold">{t('registration.manage.addHeading')}</h2>
          {adding ? (
            <Form method="post" className="space-y-3" noValidate>
              <FormErrors result={result} />
              <input type="hidden" name="intent" value="add" />
              <div>
                <label htmlFor="add-ticket" className="block font-medium">{t('registration.form.ticketType')}</label>
                <select id="add-ticket" name="attendees[0].ticketTypeId" className="mt-1 block w-full rounded border border-slate-400 px-3 py-2">
                  {data.ticketTypes.map((tt) => (
                    <option key={tt.id} value={tt.id} disabled={tt.seatsLeft !== null && tt.seatsLeft <= 0}>
                      {localized(tt.name, locale)}
                      {tt.seatsLeft !== null ? ` — ${tt.seatsLeft > 0 ? t('registration.form.seatsLeft', { count: tt.seatsLeft }) : t('registration.form.soldOut')}` : ''}
                    </option>
                  ))}
                </select>
              </div>
              <div className="grid gap-3 sm:grid-cols-2">
                <TextField result={result} name="attendees[0].firstName" label={t('registration.form.firstName')} required />
                <TextField result={result} name="attendees[0].lastName" label={t('registration.form.lastName')} required />
                <TextField result={result} name="attendees[0].email" label={t('registration.form.email')} type="email" required />
                <TextField result={result} name="attendees[0].jobTitle" label={t('registration.form.jobTitle')} />
              </div>
              <input type="hidden" name="attendees[0].locale" value={locale} />
              <div className="flex gap-3">
                <button type="submit" className={buttonClass}>{t('registration.manage.add')}</button>
                <Link to="." className={secondaryButtonClass}>{t('registration.manage.back')}</Link>
              </div>
            </Form>
          ) : (
            <Link to="?add=1" className={secondaryButtonClass}>{t('registration.manage.add')}</Link>
          )}
        </section>
      ) : null}

      {r.listingConsent ? (
        <section aria-labelledby="listing-heading" className="space-y-2">
          <h2 id="listing-heading" className="text-xl font-semibold">{t('privacy.manage.listingHeading')}</h2>
          <p>{t('privacy.manage.listed')}</p>
          <Form method="post">
            <input type="hidden" name="intent" value="withdraw-listing" />
            <button type="submit" className={secondaryButtonClass}>{t('privacy.manage.withdrawListing')}</button>
          </Form>
        </section>
      ) : search.get('done') === 'listing-withdrawn' ? (
        <p role="status" className="rounded bg-green-50 p-3">{t('privacy.manage.withdrawn')}</p>
      ) : null}

      <section aria-labelledby="terms-heading" className="space-y-2">
        <h2 id="terms-heading" className="text-xl font-semibold">{t('registration.manage.cancellationTerms')}</h2>
        <p>{data.event.cancellationTerms ? localized(data.event.cancellationTerms, locale) : t('registration.manage.noTerms')}</p>
        {open && active.length > 0 ? (
          cancelId === 'all' ? (
            <Form method="post" className="space-y-3 rounded bg-red-50 p-3">
              <p className="font-semibold">{t('registration.manage.confirmCancelAll')}</p>
              <input type="hidden" name="intent" value="cancel-all" />
              <div className="flex gap-3">
                <button type="submit" className={buttonClass}>{t('registration.manage.confirm')}</button>
                <Link to="." className={secondaryButtonClass}>{t('registration.manage.back')}</Link>
              </div>
            </Form>
          ) : (
            <Link to="?cancel=all" className="text-red-800 underline">{t('registration.manage.cancelAll')}</Link>
          )
        ) : null}
      </section>
    </div>
  )
}
