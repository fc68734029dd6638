import { data, redirect, Form, Link, useActionData, useLoaderData, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from 'react-router'
import { MIN_PASSWORD_LENGTH, SetPasswordSchema } from '~/modules/auth/auth-schemas'
import { choosePassword, findPasswordLink } from '~/modules/auth/password-tokens.server'
import { clientIp } from '~/modules/security/rate-limit.server'
import { AuthField, AuthFormError, buttonClass } from '~/components/forms'
import { translate, paramLocale, translateMessage, translator, type CatalogueSection } from '~/locales'
import { notFound, requireLocale, retryAfterHeaders } from '~/utils/http.server'
import { localePath, useT } from '~/utils/i18n'

/** Catalogue sections the browser loads for this page (locales/sections.ts). */
export const handle = { catalogue: ['auth', 'registration'] } satisfies { catalogue: CatalogueSection[] }

export const headers = retryAfterHeaders

export const meta: MetaFunction = ({ params }) => [{ title: translate(paramLocale(params), 'auth.password.setTitle') }]

type FieldErrors = Partial<Record<'password' | 'confirm', string>>

export async function loader({ params }: LoaderFunctionArgs) {
  requireLocale(params)
  if (!params.token) notFound()
  const link = await findPasswordLink(params.token)
  if (!link) return data({ link: null }, { status: 410 })
  return { link: { purpose: link.purpose, email: link.email } }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const locale = requireLocale(params)
  if (!params.token) notFound()
  const parsed = SetPasswordSchema.safeParse(Object.fromEntries(await request.formData()))
  if (!parsed.success) {
    const fieldErrors: FieldErrors = {}
    for (const issue of parsed.error.issues) {
      const field = issue.path[0]
      if ((field === 'password' || field === 'confirm') && !fieldErrors[field]) fieldErrors[field] = translateMessage(translator(locale), issue.message)
    }
    return data({ dead: false, fieldErrors, formError: translate(locale, 'auth.password.errorSummary') }, { status: 400 })
  }
  const result = await choosePassword({ token: params.token, password: parsed.data.password, ip: clientIp(request) })
  if (result.outcome === 'rate-limited') {
    const minutes = Math.max(1, Math.ceil(result.retryAfterSeconds / 60))
    return data(
      { dead: false, fieldErrors: {} as FieldErrors, formError: translate(locale, 'errors.tooManyRequests', { minutes }) },
      { status: 429, headers: { 'Retry-After': String(result.retryAfterSeconds) } },
    )
  }
  if (result.outcome === 'dead') return data({ dead: true, fieldErrors: {} as FieldErrors, formError: translate(locale, 'auth.password.deadLink') }, { status: 410 })
  throw redirect(localePath(locale, '/sign-in?password=set'))
}

export default function SetPassword() {
  const { link } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const t = useT()
  const dead = !link || result?.dead
  return (
    <div className="mx-auto max-w-md px-4 py-12">
      <h1 className="text-2xl font-bold text-slate-900">{t(link?.purpose === 'reset' ? 'auth.password.resetTitle' : 'auth.password.setTitle')}</h1>
      {dead ? (
        <div className="mt-6 space-y-4">
          <p role="alert" className="rounded border border-red-700 bg-red-50 px-3 py-2 text-sm font-medium text-red-800">
            {t('auth.password.deadLink')}
          </p>
          <Link to="../../password-reset" relative="path" className="font-semibold text-brand-700 underline">
            {t('auth.password.forgotLink')}
          </Link>
        </div>
      ) : (
        <>
          <p className="mt-2 text-slate-700">{t('auth.password.intro', { email: link.email, min: MIN_PASSWORD_LENGTH })}</p>
          <Form method="post" className="mt-8 space-y-5" noValidate aria-describedby={result?.formError ? 'password-form-error' : undefined}>
            <AuthFormError id="password-form-error" message={result?.formError} />
            {/* Lets password managers store the new password against the right account. */}
            <input type="hidden" name="username" autoComplete="username" value={link.email} />
            <AuthField name="password" type="password" autoComplete="new-password" label={t('auth.password.password')} error={result?.fieldErrors.password} />
            <AuthField name="confirm" type="password" autoComplete="new-password" label={t('auth.password.confirm')} error={result?.fieldErrors.confirm} />
            <button type="submit" className={`${buttonClass} w-full`}>
              {t('auth.password.submit')}
            </button>
          </Form>
        </>
      )}
    </div>
  )
}
