import { useActionData, useLoaderData, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from 'react-router'
import { getDb } from '#db/client'
import { Refusal } from '~/utils/refusal'
import { runAction } from '~/utils/forms.server'
import { authorize } from '~/modules/auth/guard.server'
import { organisationTimezone } from '~/modules/organisation/settings.server'
import { decideReview, listOpenReviews } from '~/modules/inbound/review.server'
import { reviewDecisionSchema } from '~/modules/inbound/review-schemas'
import { PageTitle } from '~/components/admin/ui'
import { AnswerBadge } from '~/components/admin/guest-answers'
import { CheckedForm, ErrorList, FormMessage, buttonClass, secondaryButtonClass } from '~/components/forms'
import { translate, paramLocale } from '~/locales'
import { useLocale, useT } from '~/utils/i18n'
import { describeInstant } from '~/utils/time'

export const meta: MetaFunction = ({ params }) => [{ title: translate(paramLocale(params), 'inbound.review.title') }]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await authorize(request, '$lang.admin.inbound', 'loader')
  const db = getDb()
  const [{ items, candidates }, timezone] = await Promise.all([listOpenReviews(db, user), organisationTimezone(db, user.organisationId)])
  return { items: items.map((i) => ({ ...i, receivedAt: i.receivedAt.toISOString() })), candidates, timezone }
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await authorize(request, '$lang.admin.inbound', 'action')
  const form = Object.fromEntries(await request.formData())
  const intent = String(form.intent ?? '')
  return runAction(intent, async () => {
    const parsed = reviewDecisionSchema.safeParse(form)
    if (!parsed.success) {
      const field = parsed.error.issues[0]?.path[0]
      throw new Refusal(field === 'partstat' ? 'reviewNoAnswer' : field === 'invitation' ? 'reviewNoInvitation' : 'invalidInput')
    }
    const outcome = await decideReview(getDb(), user, parsed.data)
    return { ok: true, intent, notice: outcome.state === 'applied' ? 'inbound.review.applied' : 'inbound.review.ignored' }
  })
}

export default function ReviewQueue() {
  const { items, candidates, timezone } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const t = useT()
  const locale = useLocale()
  return (
    <section aria-labelledby="page-title" className="space-y-4">
      <PageTitle>{t('inbound.review.title')}</PageTitle>
      <p className="text-slate-700">{t('inbound.review.intro')}</p>
      <FormMessage result={result} />
      {items.length === 0 ? <p role="status">{t('inbound.review.empty')}</p> : null}
      {items.map((item) => {
        const likely = candidates.filter((c) => item.likely.includes(c.key))
        const others = candidates.filter((c) => !item.likely.includes(c.key))
        return (
          <article key={item.id} className="rounded border border-slate-300 p-3" aria-labelledby={`r-${item.id}`}>
            <h2 id={`r-${item.id}`} className="font-semibold">
              {item.subject ?? '—'}
            </h2>
            <dl className="mt-1 grid grid-cols-[max-content_1fr] gap-x-3 text-sm">
              <dt className="font-semibold">{t('inbound.review.from')}</dt>
              <dd>{item.from ?? '—'}</dd>
              <dt className="font-semibold">{t('inbound.review.received')}</dt>
              <dd>{describeInstant(new Date(item.receivedAt), timezone, locale)}</dd>
              <dt className="font-semibold">{t('inbound.review.reason')}</dt>
              <dd>
                {t(`inbound.reasons.${item.reason}` as never)}
                {item.status === 'quarantined' ? ` · ${t('inbound.review.quarantined')}` : ''}
              </dd>
              {item.suggested ? (
                <>
                  <dt className="font-semibold">{t('inbound.review.suggested')}</dt>
                  <dd>
                    <AnswerBadge answer={item.suggested} />
                  </dd>
                </>
              ) : null}
            </dl>
            {item.text ? (
              <details className="mt-2 text-sm">
                <summary className="cursor-pointer">{t('inbound.review.text')}</summary>
                <pre className="mt-1 whitespace-pre-wrap break-words rounded bg-slate-50 p-2">{item.text}</pre>
              </details>
            ) : null}
            <CheckedForm schema={reviewDecisionSchema} serverErrors={undefined} method="post" className="mt-2 flex flex-wrap items-end gap-2">
              {(errors) => (
                <>
                  <input type="hidden" name="reviewId" value={item.id} />
                  <div>
                    <label className="flex flex-col text-sm">
                      <span className="font-semibold">{t('inbound.review.invitation')}</span>
                      <select
                        name="invitation"
                        defaultValue={likely[0]?.key ?? ''}
                        aria-invalid={errors.invitation ? true : undefined}
                        aria-describedby={errors.invitation ? `review-${item.id}-invitation-error` : undefined}
                        className="rounded border border-slate-400 px-2 py-1"
                      >
                        <option value="">—</option>
                        {likely.map((c) => (
                          <option key={c.key} value={c.key}>
                            {c.label}
                          </option>
                        ))}
                        {others.map((c) => (
                          <option key={c.key} value={c.key}>
                            {c.label}
                          </option>
                        ))}
                      </select>
                    </label>
                    <ErrorList id={`review-${item.id}-invitation-error`} errors={errors.invitation} />
                  </div>
                  <div>
                    <label className="flex flex-col text-sm">
                      <span className="font-semibold">{t('inbound.review.answer')}</span>
                      <select
                        name="partstat"
                        defaultValue={item.suggested && item.suggested !== 'delegated' ? item.suggested : ''}
                        aria-invalid={errors.partstat ? true : undefined}
                        aria-describedby={errors.partstat ? `review-${item.id}-partstat-error` : undefined}
                        className="rounded border border-slate-400 px-2 py-1"
                      >
                        <option value="">—</option>
                        {(['accepted', 'tentative', 'declined'] as const).map((p) => (
                          <option key={p} value={p}>
                            {t(`inbound.partstat.${p}`)}
                          </option>
                        ))}
                      </select>
                    </label>
                    <ErrorList id={`review-${item.id}-partstat-error`} errors={errors.partstat} />
                  </div>
                  <button type="submit" name="intent" value="apply" className={buttonClass}>
                    {t('inbound.review.apply')}
                  </button>
                  <button type="submit" name="intent" value="ignore" className={secondaryButtonClass}>
                    {t('inbound.review.ignore')}
                  </button>
                </>
              )}
            </CheckedForm>
          </article>
        )
      })}
    </section>
  )
}
