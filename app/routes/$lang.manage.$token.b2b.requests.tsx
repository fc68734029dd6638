import { Form, useActionData, useLoaderData, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from 'react-router'
import { pageTitle } from '~/utils/page-meta'
import { z } from 'zod'
import { FormMessage, SubmitButton } from '~/components/forms'
import { participantOfToken } from '~/modules/b2b/participants.server'
import { answerRequest, cancelRequest, requestsOf } from '~/modules/b2b/requests.server'
import { orRespond, runAction } from '~/utils/forms.server'
import { badRequest, notFound, requireLocale } from '~/utils/http.server'
import { useT } from '~/utils/i18n'
import { describeInstant } from '~/utils/time'

async function context(token: string | undefined) {
  const ctx = await orRespond(participantOfToken(token ?? ''))
  if (!ctx) notFound()
  return ctx
}

export const meta: MetaFunction = ({ params }) => pageTitle(params, 'b2b.title', undefined, [{ name: 'robots', content: 'noindex' }])

export async function loader({ params }: LoaderFunctionArgs) {
  const locale = requireLocale(params)
  const ctx = await context(params.token)
  const rows = await requestsOf(ctx.event.id, ctx.company.id)
  return {
    requests: rows.map((r) => ({
      id: r.id,
      direction: r.direction,
      other: r.direction === 'sent' ? r.toName : r.fromName,
      message: r.message,
      status: r.status,
      mustMeet: r.mustMeet,
      expires: r.status === 'pending' ? describeInstant(r.expiresAt, ctx.event.timezone, locale) : null,
    })),
  }
}

export async function action({ params, request }: ActionFunctionArgs) {
  requireLocale(params)
  const ctx = await context(params.token)
  const form = await request.formData()
  const parsed = z.object({ intent: z.enum(['accepted', 'declined', 'cancel']), requestId: z.guid() }).safeParse(Object.fromEntries(form))
  if (!parsed.success) badRequest()
  const { intent, requestId } = parsed.data
  return runAction(intent, async () => {
    if (intent === 'cancel') await cancelRequest(requestId, ctx.company.id)
    else await answerRequest(requestId, ctx.company.id, intent)
    return { ok: true, intent, notice: 'b2b.requests.answered' }
  })
}

export default function Requests() {
  const { requests } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const t = useT()
  const list = (direction: 'received' | 'sent') => {
    const rows = requests.filter((r) => r.direction === direction)
    if (!rows.length) return <p>{t('b2b.requests.none')}</p>
    return (
      <ul className="space-y-3">
        {rows.map((r) => (
          <li key={r.id} className="rounded border border-slate-300 p-3">
            <p className="font-semibold">
              {r.other} — {t(`b2b.requests.status.${r.status}`)}
              {r.mustMeet ? ` · ${t('b2b.marketplace.mustMeet')}` : ''}
            </p>
            {r.message ? <p className="whitespace-pre-line text-slate-800">{r.message}</p> : null}
            {r.expires ? <p className="text-sm text-slate-700">{t('b2b.requests.expires', { when: r.expires })}</p> : null}
            {r.status === 'pending' ? (
              <Form method="post" className="mt-2 flex gap-2">
                <input type="hidden" name="requestId" value={r.id} />
                {direction === 'received' ? (
                  <>
                    <SubmitButton name="intent" value="accepted">{t('b2b.requests.accept')}</SubmitButton>
                    <SubmitButton name="intent" value="declined" variant="secondary">{t('b2b.requests.decline')}</SubmitButton>
                  </>
                ) : (
                  <SubmitButton name="intent" value="cancel" variant="secondary">{t('b2b.requests.cancel')}</SubmitButton>
                )}
              </Form>
            ) : null}
          </li>
        ))}
      </ul>
    )
  }
  return (
    <div className="space-y-6">
      <FormMessage result={result} />
      <section aria-labelledby="received-title">
        <h2 id="received-title" className="text-xl font-semibold">{t('b2b.requests.received')}</h2>
        {list('received')}
      </section>
      <section aria-labelledby="sent-title">
        <h2 id="sent-title" className="text-xl font-semibold">{t('b2b.requests.sent')}</h2>
        {list('sent')}
      </section>
    </div>
  )
}
