import { data, Form, useActionData, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from 'react-router'
import { z } from 'zod'
import { AuthField, AuthFormError, buttonClass } from '~/components/forms'
import { submitPublicRequest } from '~/modules/privacy/public-request.server'
import { clientIp } from '~/modules/security/rate-limit.server'
import { isRefusal } from '~/utils/refusal'
import { translate, paramLocale, type CatalogueSection } from '~/locales'
import { requireLocale } from '~/utils/http.server'
import { useT } from '~/utils/i18n'

export const handle = { catalogue: ['auth', 'privacy'] } satisfies { catalogue: CatalogueSection[] }

export const meta: MetaFunction = ({ params }) => [{ title: translate(paramLocale(params), 'privacy.public.title') }]

const schema = z.object({ email: z.string().trim().toLowerCase().regex(z.regexes.email).max(254), kind: z.enum(['access', 'erasure']) })

export function loader({ params }: LoaderFunctionArgs) {
  requireLocale(params)
  return null
}

export async function action({ request, params }: ActionFunctionArgs) {
  const locale = requireLocale(params)
  const form = Object.fromEntries(await request.formData())
  const email = typeof form.email === 'string' ? form.email.trim().slice(0, 254) : ''
  const parsed = schema.safeParse(form)
  if (!parsed.success) {
    const message = translate(locale, 'refusals.privacyInvalidEmail')
    return data({ sent: false, email, emailError: message, formError: message }, { status: 400 })
  }
  try {
    await submitPublicRequest({ email: parsed.data.email, kind: parsed.data.kind, locale, ip: clientIp(request) })
  } catch (error) {
    if (isRefusal(error)) return data({ sent: false, email, emailError: undefined, formError: translate(locale, error.messageKey) }, { status: error.status })
    throw error
  }
  return { sent: true, email, emailError: undefined, formError: undefined }
}

/** The public page where a person asks for a copy or the erasure of their data (confirmed by an emailed link). */
export default function PrivacyRequestPage() {
  const result = useActionData<typeof action>()
  const t = useT()
  return (
    <div className="mx-auto max-w-md px-4 py-12">
      <h1 className="text-2xl font-bold text-slate-900">{t('privacy.public.title')}</h1>
      {result?.sent ? (
        <p role="status" className="mt-6 rounded bg-brand-50 p-4 font-medium text-slate-900">
          {t('privacy.public.sent')}
        </p>
      ) : (
        <>
          <p className="mt-2 text-slate-700">{t('privacy.public.intro')}</p>
          <Form method="post" className="mt-8 space-y-5" noValidate aria-describedby={result?.formError ? 'privacy-error' : undefined}>
            <AuthFormError id="privacy-error" message={result?.formError} />
            <AuthField name="email" type="email" autoComplete="email" label={t('privacy.public.email')} error={result?.emailError} defaultValue={result?.email} />
            <fieldset className="space-y-2">
              <legend className="font-medium text-slate-900">{t('privacy.public.kind')}</legend>
              <label className="flex items-center gap-2">
                <input type="radio" name="kind" value="access" defaultChecked /> {t('privacy.public.access')}
              </label>
              <label className="flex items-center gap-2">
                <input type="radio" name="kind" value="erasure" /> {t('privacy.public.erasure')}
              </label>
            </fieldset>
            <button type="submit" className={`${buttonClass} w-full`}>
              {t('privacy.public.submit')}
            </button>
          </Form>
        </>
      )}
    </div>
  )
}
