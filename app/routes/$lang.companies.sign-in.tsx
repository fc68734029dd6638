import { parseWithZod } from '@conform-to/zod/v4'
import { zod3Wording } from '~/utils/schema-errors'
import { Form, useActionData, useLoaderData, data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from 'react-router'
import { translate, type Locale, paramLocale, type CatalogueSection } from '~/locales'
import { isSafeNext, requestCompanySignIn } from '~/modules/companies/company-sign-in.server'
import { companySignInSchema } from '~/modules/registration/registration-schemas'
import { buttonClass, FormErrors, TextField, useCheckedForm } from '~/components/forms'
import { clientIp, hitRateLimit } from '~/modules/security/rate-limit.server'
import { requireLocale, retryAfterHeaders } from '~/utils/http.server'
import { useT } from '~/utils/i18n'

/** Catalogue sections the browser loads for this page (locales/sections.ts). */
export const handle = { catalogue: ['registration'] } satisfies { catalogue: CatalogueSection[] }

/** 429 answers keep their Retry-After on document requests. */
export const headers = retryAfterHeaders

export const meta: MetaFunction = ({ params }) => {
  const locale: Locale = paramLocale(params)
  return [{ title: translate(locale, 'registration.signIn.heading') }]
}

export function loader({ request, params }: LoaderFunctionArgs) {
  requireLocale(params)
  const next = new URL(request.url).searchParams.get('next')
  return { next: next && isSafeNext(next) ? next : null, invalid: new URL(request.url).searchParams.get('invalid') === '1' }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const locale = requireLocale(params)
  const formData = await request.formData()
  const submission = parseWithZod(formData, { schema: companySignInSchema, error: zod3Wording })
  if (submission.status !== 'success') return data({ lastResult: submission.reply(), sent: false }, { status: 400 })
  const byIp = await hitRateLimit(`company-sign-in:ip:${clientIp(request)}`, 10, 600)
  const byEmail = await hitRateLimit(`company-sign-in:email:${submission.value.email}`, 3, 600)
  if (!byIp.allowed || !byEmail.allowed) return data({ lastResult: submission.reply({ formErrors: ['refusals.rateLimited'] }), sent: false }, { status: 429, headers: { 'Retry-After': String(Math.max(byIp.allowed ? 0 : byIp.retryAfterSeconds, byEmail.allowed ? 0 : byEmail.retryAfterSeconds)) } })
  const next = formData.get('next')
  await requestCompanySignIn(submission.value.email, locale, { next: typeof next === 'string' ? next : undefined })
  // The same answer whether the address is known or not.
  return data({ lastResult: null, sent: true })
}

export default function CompanySignIn() {
  const { next, invalid } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const t = useT()
  const { result, formProps } = useCheckedForm(companySignInSchema, actionData?.lastResult)
  return (
    <div className="mx-auto max-w-xl space-y-6 px-4 py-12">
      <h1 className="text-3xl font-bold">{t('registration.signIn.heading')}</h1>
      {invalid ? <p role="alert" className="rounded bg-red-50 p-3 text-red-900">{t('registration.signIn.invalid')}</p> : null}
      <p>{t('registration.signIn.intro')}</p>
      {actionData?.sent ? (
        <p role="status" className="rounded bg-brand-50 p-4 font-medium">{t('registration.signIn.sent')}</p>
      ) : (
        <Form method="post" className="space-y-4" {...formProps}>
          <FormErrors result={result} />
          {next ? <input type="hidden" name="next" value={next} /> : null}
          <TextField result={result} name="email" label={t('registration.signIn.email')} type="email" required autoComplete="email" />
          <button type="submit" className={buttonClass}>{t('registration.signIn.submit')}</button>
        </Form>
      )}
    </div>
  )
}
