import { Form, useActionData, useLoaderData, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from 'react-router'
import { z } from 'zod'
import { FormMessage, SubmitButton } from '~/components/forms'
import { paramLocale, translate, type CatalogueSection } from '~/locales'
import { answerRequest, requestForAnswer } from '~/modules/b2b/requests.server'
import { runAction } from '~/utils/forms.server'
import { badRequest, requireLocale } from '~/utils/http.server'
import { useT } from '~/utils/i18n'

/** Catalogue sections the browser loads for this page (locales/sections.ts). */
export const handle = { catalogue: ['b2b', 'registration'] } satisfies { catalogue: CatalogueSection[] }

export const meta: MetaFunction = ({ params }) => [{ title: translate(paramLocale(params), 'b2b.answer.title') }, { name: 'robots', content: 'noindex' }]

/**
 * One-click answer from the mail: GET only shows the question (mail scanners follow links), POST
 * answers. The signed token names the request and the company allowed to answer it.
 */
export async function loader({ params, request }: LoaderFunctionArgs) {
  requireLocale(params)
  const found = await requestForAnswer(params.token ?? '')
  const decision = new URL(request.url).searchParams.get('decision')
  return {
    valid: Boolean(found && found.request.status === 'pending'),
    company: found?.fromName ?? '',
    message: found?.request.message ?? '',
    decision: decision === 'declined' ? 'declined' : 'accepted',
  }
}

export async function action({ params, request }: ActionFunctionArgs) {
  requireLocale(params)
  const decision = z.enum(['accepted', 'declined']).safeParse((await request.formData()).get('decision'))
  if (!decision.success) badRequest()
  return runAction(decision.data, async () => {
    const found = await requestForAnswer(params.token ?? '')
    if (!found) return { ok: false, intent: decision.data, formError: 'b2b.answer.invalid', fieldErrors: {} }
    await answerRequest(found.request.id, found.request.toCompanyId, decision.data)
    return { ok: true, intent: decision.data, notice: `b2b.answer.done.${decision.data}` }
  })
}

export default function AnswerRequest() {
  const { valid, company, message, decision } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const t = useT()
  return (
    <div className="mx-auto max-w-xl px-4 py-10">
      <h1 className="text-2xl font-bold">{t('b2b.answer.title')}</h1>
      <div className="mt-4">
        <FormMessage result={result} />
      </div>
      {result?.ok ? null : valid ? (
        <Form method="post" className="mt-4 space-y-4">
          <p>{t('b2b.answer.question', { company })}</p>
          {message ? <blockquote className="border-l-4 border-slate-300 pl-3 whitespace-pre-line">{message}</blockquote> : null}
          <div className="flex gap-3">
            <SubmitButton name="decision" value="accepted" variant={decision === 'accepted' ? 'primary' : 'secondary'}>
              {t('b2b.answer.accept')}
            </SubmitButton>
            <SubmitButton name="decision" value="declined" variant={decision === 'declined' ? 'primary' : 'secondary'}>
              {t('b2b.answer.decline')}
            </SubmitButton>
          </div>
        </Form>
      ) : (
        <p className="mt-4">{t('b2b.answer.invalid')}</p>
      )}
    </div>
  )
}
