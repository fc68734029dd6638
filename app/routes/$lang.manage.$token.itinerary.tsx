import { Form, useActionData, useLoaderData, useParams, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from 'react-router'
import { getDb } from '#db/client'
import { localized, paramLocale, translate } from '~/locales'
import { resolveManagementToken } from '~/modules/registration/management-link.server'
import { itinerariesOfRegistration } from '~/modules/delegations/itinerary.server'
import { saveIdentityFromManageLink } from '~/modules/delegations/identity.server'
import { identitySchema } from '~/modules/delegations/delegation-schemas'
import { Field, FormMessage, SelectField, buttonClass } from '~/components/forms'
import { invalid, parseForm, runAction } from '~/utils/forms.server'
import { notFound, requireLocale } from '~/utils/http.server'
import { localePath, useLocale, useT } from '~/utils/i18n'
import { formatForReader, zoneCity } from '~/utils/time'

export const meta: MetaFunction = ({ params }) => [{ title: translate(paramLocale(params), 'delegations.itinerary.title') }, { name: 'robots', content: 'noindex' }]

/** Each delegate's live itinerary on the company's management link: local time, Martinique beside it. */
export async function loader({ params }: LoaderFunctionArgs) {
  const locale = requireLocale(params)
  const db = getDb()
  const registrationId = await resolveManagementToken(db, params.token ?? '')
  if (!registrationId) notFound()
  const delegates = await itinerariesOfRegistration(db, registrationId, locale)
  return {
    delegates: delegates.map((d) => ({
      attendeeId: d.attendeeId,
      name: d.name,
      identityComplete: d.identityComplete,
      event: localized(d.event.title, locale),
      webcal: d.feedUrl.replace(/^https?:/, 'webcal:'),
      feedUrl: d.feedUrl,
      entries: d.entries.map((e) => {
        const time = formatForReader(e.startsAt, e.zone, locale)
        return { id: e.id, kind: e.kind, title: e.title, location: e.location, detail: e.detail, iso: time.local.iso, local: `${time.local.date} · ${time.local.time} (${zoneCity(e.zone, locale)})`, martinique: time.martinique ? `${time.martinique.time} (Martinique)` : null }
      }),
    })),
  }
}

/** A delegate enters their travel identity (write only: it is never shown back here). */
export async function action({ request, params }: ActionFunctionArgs) {
  requireLocale(params)
  const db = getDb()
  const registrationId = await resolveManagementToken(db, params.token ?? '')
  if (!registrationId) notFound()
  const formData = await request.formData()
  const intent = `identity-${String(formData.get('attendeeId') ?? '')}`
  const parsed = parseForm(formData, identitySchema)
  if (!parsed.ok) return invalid(intent, parsed.fieldErrors, parsed.values)
  return runAction(intent, async () => {
    await saveIdentityFromManageLink(db, registrationId, parsed.value)
    return { ok: true, intent, notice: 'delegations.identity.savedPrivate' }
  })
}

type Result = { ok: boolean; intent?: string; formError?: string; notice?: string; fieldErrors?: Record<string, string[] | undefined> }

export default function Itinerary() {
  const { delegates } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>() as Result | undefined
  const t = useT()
  const locale = useLocale()
  const { token } = useParams()
  return (
    <div className="mx-auto max-w-2xl px-4 py-8">
      <h1 className="text-2xl font-bold">{t('delegations.itinerary.title')}</h1>
      <p className="mt-2 text-slate-700">{t('delegations.itinerary.intro')}</p>
      {delegates.length === 0 ? <p className="mt-4">{t('delegations.itinerary.none')}</p> : (
        <p className="mt-3">
          <a href={localePath(locale, `/manage/${token}/itinerary.pdf`)} className="font-semibold text-brand-700 underline underline-offset-4">{t('delegations.itinerary.sheet')}</a>
        </p>
      )}
      {delegates.map((d) => (
        <section key={d.attendeeId} aria-labelledby={`d-${d.attendeeId}`} className="mt-6" data-testid="itinerary">
          <h2 id={`d-${d.attendeeId}`} className="text-xl font-semibold">{d.name}</h2>
          <p className="text-sm text-slate-700">{d.event}</p>
          <p className="mt-2">
            <a href={d.webcal} className="font-semibold text-brand-700 underline underline-offset-4" data-testid="feed-link" data-feed-url={d.feedUrl}>{t('delegations.itinerary.feed')}</a>
          </p>
          <p className="text-sm text-slate-700">{t('delegations.itinerary.feedHint')}</p>
          <details className="mt-3 rounded border border-slate-300 p-3" open={result?.intent === `identity-${d.attendeeId}` || undefined}>
            <summary className="cursor-pointer font-semibold">
              {t('delegations.identity.selfTitle')} — {d.identityComplete ? t('delegations.delegates.complete') : t('delegations.delegates.incomplete')}
            </summary>
            <p className="mt-1 text-sm text-slate-700">{t('delegations.identity.selfHint')}</p>
            <Form method="post" className="mt-2 grid gap-3 sm:grid-cols-2">
              {result?.intent === `identity-${d.attendeeId}` ? <FormMessage result={result} /> : null}
              <input type="hidden" name="attendeeId" value={d.attendeeId} />
              {(['passportName', 'passportNumber', 'passportCountry', 'passportExpiry', 'nationality', 'birthDate'] as const).map((name) => (
                <Field
                  key={name}
                  name={name}
                  type={name === 'passportExpiry' || name === 'birthDate' ? 'date' : 'text'}
                  label={t(`delegations.identity.${name}`)}
                  required
                  defaultValue={name === 'passportCountry' || name === 'nationality' ? 'FR' : undefined}
                  errors={result?.intent === `identity-${d.attendeeId}` ? result.fieldErrors : undefined}
                  idPrefix={`self-${d.attendeeId}`}
                />
              ))}
              <SelectField name="travelAuthorisationKind" label={t('delegations.identity.authKind')} includeEmpty={t('delegations.identity.none')} options={[{ value: 'esta', label: t('delegations.identity.esta') }, { value: 'visa', label: t('delegations.identity.visa') }]} errors={result?.intent === `identity-${d.attendeeId}` ? result.fieldErrors : undefined} idPrefix={`self-${d.attendeeId}`} />
              <Field name="travelAuthorisationNumber" label={t('delegations.identity.authNumber')} errors={result?.intent === `identity-${d.attendeeId}` ? result.fieldErrors : undefined} idPrefix={`self-${d.attendeeId}`} />
              <Field name="travelAuthorisationValidUntil" type="date" label={t('delegations.identity.authValidUntil')} errors={result?.intent === `identity-${d.attendeeId}` ? result.fieldErrors : undefined} idPrefix={`self-${d.attendeeId}`} />
              <div><button type="submit" className={buttonClass}>{t('delegations.identity.save')}</button></div>
            </Form>
          </details>
          {d.entries.length === 0 ? <p className="mt-2">{t('delegations.itinerary.empty')}</p> : (
            <ol className="mt-3 space-y-3">
              {d.entries.map((e) => (
                <li key={e.id} className="rounded border border-slate-300 p-3" data-testid="itinerary-entry" data-kind={e.kind}>
                  <p className="font-semibold">{e.title}</p>
                  <p><time dateTime={e.iso}>{e.local}</time>{e.martinique ? <span className="text-slate-700"> · {e.martinique}</span> : null}</p>
                  {e.location ? <p className="text-sm">{e.location}</p> : null}
                  {e.detail ? <p className="text-sm text-slate-700">{e.detail}</p> : null}
                </li>
              ))}
            </ol>
          )}
        </section>
      ))}
    </div>
  )
}
