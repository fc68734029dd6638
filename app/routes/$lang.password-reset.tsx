import { data, Form, useActionData, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from 'react-router'
import { PasswordResetRequestSchema } from '~/modules/auth/auth-schemas'
import { AuthField, AuthFormError, buttonClass } from '~/components/forms'
import { requestPasswordReset } from '~/modules/auth/password-tokens.server'
import { clientIp } from '~/modules/security/rate-limit.server'
import { translate, paramLocale, translateMessage, translator, type CatalogueSection } from '~/locales'
import { requireLocale, retryAfterHeaders } from '~/utils/http.server'
import { useT } from '~/utils/i18n'

/** Catalogue sections the browser loads for this page (locales/sections.ts). */
export const handle = { catalogue: ['auth', 'registration'] } satisfies { catalogue: CatalogueSection[] }

/** 429 answers keep their Retry-After on document requests. */
export const headers = retryAfterHeaders

export const meta: MetaFunction = ({ params }) => [{ title: translate(paramLocale(params), 'auth.password.forgotTitle') }]

export function loader({ params }: LoaderFunctionArgs) {
  requireLocale(params)
  return null
}

export async function action({ request, params }: ActionFunctionArgs) {
  const locale = requireLocale(params)
  const form = Object.fromEntries(await request.formData())
  const email = typeof form.email === 'string' ? form.email.trim().slice(0, 254) : ''
  const parsed = PasswordResetRequestSchema.safeParse(form)
  if (!parsed.success) {
    const emailError = translateMessage(translator(locale), parsed.error.issues[0].message)
    return data({ sent: false, email, emailError, formError: translate(locale, 'auth.password.errorSummaryEmail') }, { status: 400 })
  }
  const result = await requestPasswordReset(parsed.data.email, clientIp(request))
  if (result.outcome === 'rate-limited') {
    const minutes = Math.max(1, Math.ceil(result.retryAfterSeconds / 60))
    return data(
      { sent: false, email, emailError: undefined, formError: translate(locale, 'errors.tooManyRequests', { minutes }) },
      { status: 429, headers: { 'Retry-After': String(result.retryAfterSeconds) } },
    )
  }
  // The same answer whether an account has this address or not.
  return { sent: true, email, emailError: undefined, formError: undefined }
}

export default function PasswordReset() {
  const result = useActionData<typeof action>()
  const t = useT()
  return (
    <div className="mx-auto max-w-md px-4 py-12">
      <h1 className="text-2xl font-bold text-slate-900">{t('auth.password.forgotTitle')}</h1>
      {result?.sent ? (
        <p role="status" className="mt-6 rounded bg-brand-50 p-4 font-medium text-slate-900">
          {t('auth.password.forgotSent')}
        </p>
      ) : (
        <>
          <p className="mt-2 text-slate-700">{t('auth.password.forgotIntro')}</p>
          <Form method="post" className="mt-8 space-y-5" noValidate aria-describedby={result?.formError ? 'reset-error' : undefined}>
            <AuthFormError id="reset-error" message={result?.formError} />
            <AuthField name="email" type="email" autoComplete="username" label={t('auth.signIn.email')} error={result?.emailError} defaultValue={result?.email} />
            <button type="submit" className={`${buttonClass} w-full`}>
              {t('auth.password.forgotSubmit')}
            </button>
          </Form>
        </>
      )}
    </div>
  )
}
