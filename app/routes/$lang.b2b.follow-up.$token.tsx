import { Form, useActionData, useLoaderData, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from 'react-router'
import { CheckboxField, Field, FormMessage, SubmitButton } from '~/components/forms'
import { paramLocale, translate, type CatalogueSection } from '~/locales'
import { followUpAnswerSchema, ratingSchema } from '~/modules/b2b/b2b-schemas'
import { answerFollowUp, followUpOf, rateMeeting } from '~/modules/b2b/follow-ups.server'
import { invalid, parseForm, runAction } from '~/utils/forms.server'
import { notFound, requireLocale } from '~/utils/http.server'
import { useT } from '~/utils/i18n'

/** Catalogue sections the browser loads for this page (locales/sections.ts). */
export const handle = { catalogue: ['b2b', 'registration'] } satisfies { catalogue: CatalogueSection[] }

export const meta: MetaFunction = ({ params }) => [{ title: translate(paramLocale(params), 'b2b.title') }, { name: 'robots', content: 'noindex' }]

const RATINGS = ['excellent', 'useful', 'neutral', 'not_useful'] as const

export async function loader({ params }: LoaderFunctionArgs) {
  requireLocale(params)
  const found = await followUpOf(params.token ?? '')
  if (!found) notFound()
  return { months: found.months, company: found.otherCompany, rating: found.rating, answer: found.answer && { talksStarted: found.answer.talksStarted, agreementReached: found.answer.agreementReached, valueUsd: found.answer.estimatedValueUsdMinor === null ? null : found.answer.estimatedValueUsdMinor / 100 } }
}

export async function action({ params, request }: ActionFunctionArgs) {
  requireLocale(params)
  const token = params.token ?? ''
  const form = await request.formData()
  const rating = ratingSchema.safeParse(form.get('rating'))
  if (rating.success)
    return runAction('rating', async () => {
      await rateMeeting(token, rating.data)
      return { ok: true, intent: 'rating', notice: 'b2b.followUp.thanks' }
    })
  const parsed = parseForm(form, followUpAnswerSchema)
  if (!parsed.ok) return invalid('follow-up', parsed.fieldErrors, parsed.values)
  return runAction('follow-up', async () => {
    await answerFollowUp(token, parsed.value)
    return { ok: true, intent: 'follow-up', notice: 'b2b.followUp.thanks' }
  })
}

export default function FollowUp() {
  const { months, company, rating, answer } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const t = useT()
  return (
    <div className="mx-auto max-w-xl px-4 py-10 space-y-4">
      <h1 className="text-2xl font-bold">{t('b2b.followUp.title', { company })}</h1>
      <FormMessage result={result} />
      {months === 0 ? (
        <Form method="post">
          <fieldset>
            <legend className="font-semibold">{t('b2b.followUp.rate')}</legend>
            <div className="mt-2 flex flex-wrap gap-2">
              {RATINGS.map((r) => (
                <SubmitButton key={r} name="rating" value={r} variant={rating === r ? 'primary' : 'secondary'}>
                  {t(`b2b.followUp.ratings.${r}`)}
                </SubmitButton>
              ))}
            </div>
          </fieldset>
        </Form>
      ) : (
        <Form method="post" className="space-y-3">
          <CheckboxField name="talksStarted" value="yes" label={t('b2b.followUp.talks')} defaultChecked={answer?.talksStarted ?? false} />
          <CheckboxField name="agreementReached" value="yes" label={t('b2b.followUp.agreement')} defaultChecked={answer?.agreementReached ?? false} />
          <Field name="estimatedValueUsd" label={t('b2b.followUp.value')} inputMode="decimal" defaultValue={answer?.valueUsd?.toString() ?? ''} />
          <SubmitButton>{t('b2b.followUp.send')}</SubmitButton>
        </Form>
      )}
    </div>
  )
}
