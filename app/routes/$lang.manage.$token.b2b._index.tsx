import { Form, useActionData, useLoaderData, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from 'react-router'
import { pageTitle } from '~/utils/page-meta'
import { CheckboxField, Field, FormMessage, SelectField, SubmitButton } from '~/components/forms'
import { profileSchema } from '~/modules/b2b/b2b-schemas'
import { participantOfToken, profileOf, saveProfile } from '~/modules/b2b/participants.server'
import { invalid, orRespond, parseForm, runAction } from '~/utils/forms.server'
import { notFound, requireLocale } from '~/utils/http.server'
import { useT } from '~/utils/i18n'

const ENTRY_SLOTS = 3
const ROLES = ['seller', 'buyer'] as const
const TYPES = ['product', 'service', 'distribution', 'partnership', 'investment'] as const

async function context(token: string | undefined) {
  const ctx = await orRespond(participantOfToken(token ?? ''))
  if (!ctx) notFound()
  return ctx
}

export const meta: MetaFunction = ({ params }) => pageTitle(params, 'b2b.title', undefined, [{ name: 'robots', content: 'noindex' }])

export async function loader({ params }: LoaderFunctionArgs) {
  requireLocale(params)
  const ctx = await context(params.token)
  const profile = await profileOf(ctx.event.id, ctx.company.id)
  return {
    role: ctx.participant.role,
    listingConsent: ctx.participant.listingConsent,
    profile: profile && {
      about: profile.about,
      sector: profile.sector,
      targetMarkets: profile.targetMarkets,
      languages: profile.languages,
      logoUrl: profile.logoUrl,
      entries: profile.entries.map((e) => ({ direction: e.direction, type: e.type, title: e.title, sector: e.sector })),
    },
  }
}

export async function action({ params, request }: ActionFunctionArgs) {
  requireLocale(params)
  const ctx = await context(params.token)
  const parsed = parseForm(await request.formData(), profileSchema)
  if (!parsed.ok) return invalid('profile', parsed.fieldErrors, parsed.values)
  return runAction('profile', async () => {
    await saveProfile(ctx, parsed.value)
    return { ok: true, intent: 'profile', notice: 'b2b.profile.saved' }
  })
}

export default function B2bProfile() {
  const { role, listingConsent, profile } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const t = useT()
  const errors = result && !result.ok ? result.fieldErrors : {}
  return (
    <section aria-labelledby="profile-title">
      <h2 id="profile-title" className="text-xl font-semibold">
        {t('b2b.nav.profile')}
      </h2>
      <p className="mt-1 text-slate-700">{t('b2b.profile.intro')}</p>
      <FormMessage result={result} />
      <Form method="post" className="mt-4 space-y-4">
        <SelectField name="role" label={t('b2b.profile.role')} defaultValue={role} options={ROLES.map((r) => ({ value: r, label: t(`b2b.roles.${r}`) }))} />
        <CheckboxField name="listingConsent" label={t('b2b.profile.consent')} defaultChecked={listingConsent} />
        <Field name="aboutFr" label={t('b2b.profile.aboutFr')} lang="fr" multiline defaultValue={profile?.about.fr} errors={errors} />
        <Field name="aboutEn" label={t('b2b.profile.aboutEn')} lang="en" multiline defaultValue={profile?.about.en} errors={errors} />
        <Field name="sector" label={t('b2b.profile.sector')} defaultValue={profile?.sector ?? ''} />
        <Field name="targetMarkets" label={t('b2b.profile.markets')} defaultValue={profile?.targetMarkets.join(', ')} />
        <Field name="languages" label={t('b2b.profile.languages')} defaultValue={profile?.languages.join(', ')} />
        <Field name="logoUrl" label={t('b2b.profile.logo')} type="url" defaultValue={profile?.logoUrl ?? ''} errors={errors} />
        {Array.from({ length: ENTRY_SLOTS }, (_, i) => {
          const entry = profile?.entries[i]
          return (
            <fieldset key={i} className="rounded border border-slate-300 p-3">
              <legend className="px-1 font-semibold">{t('b2b.profile.entry', { n: i + 1 })}</legend>
              <SelectField
                name={`entries[${i}].direction`}
                label={t('b2b.profile.direction')}
                defaultValue={entry?.direction ?? 'offer'}
                options={(['offer', 'need'] as const).map((d) => ({ value: d, label: t(`b2b.directions.${d}`) }))}
              />
              <SelectField name={`entries[${i}].type`} label={t('b2b.profile.type')} defaultValue={entry?.type ?? 'product'} options={TYPES.map((x) => ({ value: x, label: t(`b2b.entryTypes.${x}`) }))} />
              <Field name={`entries[${i}].titleFr`} label={t('b2b.profile.titleFr')} lang="fr" defaultValue={entry?.title.fr} />
              <Field name={`entries[${i}].titleEn`} label={t('b2b.profile.titleEn')} lang="en" defaultValue={entry?.title.en} />
              <Field name={`entries[${i}].sector`} label={t('b2b.profile.sector')} defaultValue={entry?.sector ?? ''} />
            </fieldset>
          )
        })}
        <SubmitButton>{t('b2b.profile.save')}</SubmitButton>
      </Form>
    </section>
  )
}
