import { data, Form, useActionData, useLoaderData, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from 'react-router'
import { buttonClass } from '~/components/forms'
import { confirmPublicRequest, findPendingRequest } from '~/modules/privacy/public-request.server'
import { isRefusal } from '~/utils/refusal'
import { translate, paramLocale, type CatalogueSection } from '~/locales'
import { requireLocale } from '~/utils/http.server'
import { useT } from '~/utils/i18n'

export const handle = { catalogue: ['mail', 'privacy'] } satisfies { catalogue: CatalogueSection[] }

export const meta: MetaFunction = ({ params }) => [{ title: translate(paramLocale(params), 'privacy.public.title') }]

/** Opening the link only shows a button: mail scanners that fetch links confirm nothing. */
export async function loader({ params }: LoaderFunctionArgs) {
  const locale = requireLocale(params)
  const pending = await findPendingRequest(params.token ?? '')
  if (!pending) return data({ valid: false as const, kind: null, error: translate(locale, 'refusals.privacyLinkInvalid') }, { status: 410 })
  return { valid: true as const, kind: pending.kind, error: null }
}

export async function action({ params }: ActionFunctionArgs) {
  const locale = requireLocale(params)
  try {
    await confirmPublicRequest(params.token ?? '')
    return { confirmed: true, error: null }
  } catch (error) {
    if (isRefusal(error)) return data({ confirmed: false, error: translate(locale, error.messageKey) }, { status: error.status })
    throw error
  }
}

export default function ConfirmPrivacyRequest() {
  const { valid, kind, error } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const t = useT()
  return (
    <div className="mx-auto max-w-md px-4 py-12">
      <h1 className="text-2xl font-bold text-slate-900">{t('privacy.public.title')}</h1>
      {result?.confirmed ? (
        <p role="status" className="mt-6 rounded bg-brand-50 p-4 font-medium text-slate-900">
          {t('privacy.public.confirmed')}
        </p>
      ) : !valid || result?.error ? (
        <p role="alert" className="mt-6 rounded border border-red-700 bg-red-50 p-4 text-red-900">
          {result?.error ?? error}
        </p>
      ) : (
        <Form method="post" className="mt-6 space-y-4">
          <p className="text-slate-700">{kind === 'erasure' ? t('privacy.public.erasure') : t('privacy.public.access')}</p>
          <button type="submit" className={`${buttonClass} w-full`}>
            {t('mail.templates.privacyConfirm.action')}
          </button>
        </Form>
      )}
    </div>
  )
}
