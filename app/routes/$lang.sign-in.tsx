import { data, redirect, Form, Link, useActionData, useLoaderData, useNavigation, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from 'react-router'
import { AuthField, AuthFormError, buttonClass } from '~/components/forms'
import { SignInSchema } from '~/modules/auth/auth-schemas'
import { getOptionalUser } from '~/modules/auth/session.server'
import { safeNextPath, signIn } from '~/modules/auth/sign-in.server'
import { clientIp } from '~/modules/security/rate-limit.server'
import { translate, paramLocale, translateMessage, translator, type CatalogueSection } from '~/locales'
import { requestLocale, retryAfterHeaders } from '~/utils/http.server'
import { useT } from '~/utils/i18n'

/** Catalogue sections the browser loads for this page (locales/sections.ts). */
export const handle = { catalogue: ['auth', 'registration'] } satisfies { catalogue: CatalogueSection[] }

/** 429 answers keep their Retry-After on document requests. */
export const headers = retryAfterHeaders

export const meta: MetaFunction = ({ params }) => [{ title: translate(paramLocale(params), 'auth.signIn.title') }]

type FieldErrors = Partial<Record<'email' | 'password', string>>
type ActionData = { email: string; fieldErrors: FieldErrors; formError: string | null }

export async function loader({ request, params }: LoaderFunctionArgs) {
  const url = new URL(request.url)
  const next = url.searchParams.get('next')
  if (await getOptionalUser(request)) throw redirect(safeNextPath(next, requestLocale(request, params)))
  return { next: next ?? '', passwordSet: url.searchParams.get('password') === 'set' }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const locale = requestLocale(request, params)
  const form = Object.fromEntries(await request.formData())
  const email = typeof form.email === 'string' ? form.email.trim().slice(0, 254) : ''
  const parsed = SignInSchema.safeParse(form)
  if (!parsed.success) {
    const fieldErrors: FieldErrors = {}
    for (const issue of parsed.error.issues) {
      const field = issue.path[0]
      if ((field === 'email' || field === 'password') && !fieldErrors[field]) {
        fieldErrors[field] = translateMessage(translator(locale), issue.message, { max: 254 })
      }
    }
    return data<ActionData>({ email, fieldErrors, formError: translate(locale, 'auth.signIn.errorSummary') }, { status: 400 })
  }

  const result = await signIn({
    email: parsed.data.email,
    password: parsed.data.password,
    ip: clientIp(request),
    userAgent: request.headers.get('user-agent'),
  })
  if (result.outcome === 'rate-limited') {
    const minutes = Math.max(1, Math.ceil(result.retryAfterSeconds / 60))
    return data<ActionData>(
      { email, fieldErrors: {}, formError: translate(locale, 'errors.tooManyRequests', { minutes }) },
      { status: 429, headers: { 'Retry-After': String(result.retryAfterSeconds) } },
    )
  }
  if (result.outcome === 'invalid') {
    return data<ActionData>({ email, fieldErrors: {}, formError: translate(locale, 'auth.signIn.invalidCredentials') }, { status: 401 })
  }
  throw redirect(safeNextPath(parsed.data.next, locale), { headers: { 'Set-Cookie': result.setCookie } })
}

export default function SignIn() {
  const { next, passwordSet } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const submitting = useNavigation().state === 'submitting'
  const t = useT()
  const errors = actionData?.fieldErrors ?? {}
  return (
    <div className="mx-auto max-w-md px-4 py-12">
      <h1 className="text-2xl font-bold text-slate-900">{t('auth.signIn.title')}</h1>
      {passwordSet ? (
        <p role="status" className="mt-4 rounded bg-brand-50 p-3 font-medium text-slate-900">
          {t('auth.password.done')}
        </p>
      ) : null}
      <p className="mt-2 text-slate-700">{t('auth.signIn.intro')}</p>
      <Form method="post" className="mt-8 space-y-5" noValidate aria-describedby={actionData?.formError ? 'sign-in-error' : undefined}>
        <AuthFormError id="sign-in-error" message={actionData?.formError} />
        <input type="hidden" name="next" value={next} />
        <AuthField name="email" type="email" autoComplete="username" label={t('auth.signIn.email')} error={errors.email} defaultValue={actionData?.email ?? ''} />
        <AuthField name="password" type="password" autoComplete="current-password" label={t('auth.signIn.password')} error={errors.password} />
        <button type="submit" disabled={submitting} className={`${buttonClass} w-full`}>
          {t('auth.signIn.submit')}
        </button>
      </Form>
      <p className="mt-6">
        <Link to="../password-reset" relative="path" className="font-semibold text-brand-700 underline">
          {t('auth.password.forgotLink')}
        </Link>
      </p>
    </div>
  )
}
