import { Form } from 'react-router'
import { useT } from '~/utils/i18n'
import type { DecisionSummary, ResendSummary } from '~/modules/registration/bulk-actions.server'
import { organiserMessageFormSchema, type OrganiserMessageInput } from '~/modules/registration/bulk-actions-schemas'
import type { MessagePreview } from '~/modules/messaging/organiser-messages.server'
import { CheckboxField, CheckedForm, Field, FormMessage, buttonClass, dangerButtonClass, secondaryButtonClass } from '~/components/forms'

type Recipients = { count: number; fr: number; en: number }

/** What a bulk action answers, step by step (the page renders the matching panel above the list). */
export type BulkResult = { ok: true; intent: string } & (
  | { step: 'decided'; summary: DecisionSummary }
  | { step: 'confirm-reject'; attendeeIds: string[]; pending: number }
  | { step: 'resent'; summary: ResendSummary }
  | {
      step: 'compose'
      attendeeIds: string[]
      recipients: Recipients
      token: string
      values: OrganiserMessageInput
    }
  | {
      step: 'preview'
      attendeeIds: string[]
      token: string
      message: OrganiserMessageInput
      recipients: number
      byLocale: { fr: number; en: number }
      previews: Record<'fr' | 'en', MessagePreview>
    }
)

type Refusal = {
  ok: false
  intent?: string
  formError?: string
  fieldErrors: Record<string, string[] | undefined>
  values?: Record<string, string | string[]>
}

/** The selection travels from step to step as hidden fields; the server checks it again each time. */
function Selection({ attendeeIds, token }: { attendeeIds: string[]; token?: string }) {
  return (
    <>
      <input type="hidden" name="scope" value="selected" />
      {attendeeIds.map((id) => (
        <input key={id} type="hidden" name="attendeeId" value={id} />
      ))}
      {token ? <input type="hidden" name="token" value={token} /> : null}
    </>
  )
}

function ComposeForm({
  attendeeIds,
  token,
  values,
  recipients,
  serverErrors,
}: {
  attendeeIds: string[]
  token: string
  values: Partial<OrganiserMessageInput>
  recipients?: Recipients
  serverErrors?: Record<string, string[] | undefined>
}) {
  const t = useT()
  return (
    <CheckedForm schema={organiserMessageFormSchema} serverErrors={serverErrors} method="post" reloadDocument className="mt-4 space-y-3 rounded border border-slate-300 p-4" aria-labelledby="bulk-compose-h">
      {(errors) => (
        <>
          <h2 id="bulk-compose-h" className="text-lg font-semibold">
            {t('admin.bulk.messageTitle')}
          </h2>
          {recipients ? (
            <p>
              {t('admin.bulk.recipients', {
                count: recipients.count,
                fr: recipients.fr,
                en: recipients.en,
              })}
            </p>
          ) : null}
          <Selection attendeeIds={attendeeIds} token={token} />
          <div className="grid gap-4 md:grid-cols-2">
            <fieldset lang="fr" className="space-y-2">
              <legend className="font-semibold">{t('admin.bulk.messageFr')}</legend>
              <Field name="subjectFr" label={t('admin.bulk.subjectFr')} required defaultValue={values.subjectFr} errors={errors} lang="fr" />
              <Field name="bodyFr" label={t('admin.bulk.bodyFr')} required multiline rows={10} defaultValue={values.bodyFr} errors={errors} lang="fr" hint={t('admin.bulk.bodyHint')} />
            </fieldset>
            <fieldset lang="en" className="space-y-2">
              <legend className="font-semibold">{t('admin.bulk.messageEn')}</legend>
              <Field name="subjectEn" label={t('admin.bulk.subjectEn')} required defaultValue={values.subjectEn} errors={errors} lang="en" />
              <Field name="bodyEn" label={t('admin.bulk.bodyEn')} required multiline rows={10} defaultValue={values.bodyEn} errors={errors} lang="en" hint={t('admin.bulk.bodyHint')} />
            </fieldset>
          </div>
          <button type="submit" name="intent" value="message-preview" className={buttonClass}>
            {t('admin.bulk.previewSubmit')}
          </button>
        </>
      )}
    </CheckedForm>
  )
}

function asList(value: string | string[] | undefined) {
  return value === undefined ? [] : ([] as string[]).concat(value)
}

function asText(value: string | string[] | undefined) {
  return typeof value === 'string' ? value : ''
}

export function BulkPanel({ result }: { result?: BulkResult | Refusal }) {
  const t = useT()
  if (!result) return null
  if (!result.ok) {
    const values = result.values
    // A message that did not pass validation comes back with its texts and the errors beside them.
    if (values && (result.intent === 'message-preview' || result.intent === 'message-send')) {
      return (
        <div className="mt-4">
          <FormMessage result={result} />
          <ComposeForm
            attendeeIds={asList(values.attendeeId)}
            token={asText(values.token)}
            values={{
              subjectFr: asText(values.subjectFr),
              subjectEn: asText(values.subjectEn),
              bodyFr: asText(values.bodyFr),
              bodyEn: asText(values.bodyEn),
            }}
            serverErrors={result.fieldErrors}
          />
        </div>
      )
    }
    return (
      <div className="mt-4">
        <FormMessage result={result} />
      </div>
    )
  }
  switch (result.step) {
    case 'decided': {
      const s = result.summary
      return (
        <div role="status" className="mt-4 space-y-1 rounded border border-slate-400 bg-slate-50 px-3 py-2 text-sm">
          <p className="font-semibold">{t(s.decision === 'approve' ? 'admin.bulk.approved' : 'admin.bulk.rejected', { count: s.done })}</p>
          {s.skipped > 0 ? <p>{t('admin.bulk.skipped', { count: s.skipped })}</p> : null}
          {s.failed.length > 0 ? (
            <>
              <p className="font-semibold text-red-900">{t('admin.bulk.failedTitle', { count: s.failed.length })}</p>
              <ul className="list-disc pl-6 text-red-900">
                {s.failed.map((f) => (
                  <li key={f.registrationId}>
                    {t('admin.bulk.failedLine', {
                      company: f.companyName,
                      reference: f.reference,
                      reason: t(f.reason),
                    })}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </div>
      )
    }
    case 'resent':
      return (
        <div role="status" className="mt-4 space-y-1 rounded border border-slate-400 bg-slate-50 px-3 py-2 text-sm">
          <p className="font-semibold">{result.summary.duplicate ? t('admin.bulk.resentDuplicate') : t('admin.bulk.resent', { count: result.summary.queued })}</p>
          {result.summary.skipped > 0 ? <p>{t('admin.bulk.resentSkipped', { count: result.summary.skipped })}</p> : null}
        </div>
      )
    case 'confirm-reject':
      return (
        <Form method="post" reloadDocument className="mt-4 space-y-3 rounded border-2 border-red-700 p-4" aria-labelledby="bulk-reject-h" role="alertdialog">
          <h2 id="bulk-reject-h" className="text-lg font-semibold">
            {t('admin.bulk.rejectTitle', { count: result.pending })}
          </h2>
          {result.pending === 0 ? (
            <p>{t('admin.bulk.nonePending')}</p>
          ) : (
            <>
              <p>{t('admin.bulk.rejectBody')}</p>
              <Selection attendeeIds={result.attendeeIds} />
              <Field name="note" idPrefix="bulk" label={t('admin.bulk.rejectNote')} multiline rows={3} />
              <CheckboxField name="confirm" value="yes" idPrefix="bulk" label={t('admin.bulk.rejectConfirm')} />
              <button type="submit" name="intent" value="reject" className={dangerButtonClass}>
                {t('admin.bulk.rejectSubmit')}
              </button>
            </>
          )}
        </Form>
      )
    case 'compose':
      return <ComposeForm attendeeIds={result.attendeeIds} token={result.token} values={result.values} recipients={result.recipients} />
    case 'preview':
      return (
        <section className="mt-4 space-y-3 rounded border border-slate-300 p-4" aria-labelledby="bulk-preview-h">
          <h2 id="bulk-preview-h" className="text-lg font-semibold">
            {t('admin.bulk.previewTitle')}
          </h2>
          <p>
            {t('admin.bulk.recipients', {
              count: result.recipients,
              fr: result.byLocale.fr,
              en: result.byLocale.en,
            })}
          </p>
          <p className="text-sm text-slate-700">{t('admin.bulk.previewNeutral')}</p>
          <div className="grid gap-4 md:grid-cols-2">
            {(['fr', 'en'] as const).map((lang) => (
              <div key={lang}>
                <h3 className="font-semibold">
                  {t('admin.bulk.previewFor', {
                    language: t(`admin.languages.${lang}`),
                    count: result.byLocale[lang],
                    subject: result.previews[lang].subject,
                  })}
                </h3>
                {/* The mail's own HTML, isolated: no script, no same-origin access. */}
                <iframe
                  title={t('admin.bulk.previewFrame', {
                    language: t(`admin.languages.${lang}`),
                  })}
                  sandbox=""
                  srcDoc={result.previews[lang].html}
                  className="mt-2 h-[32rem] w-full rounded border border-slate-300 bg-white"
                />
              </div>
            ))}
          </div>
          <Form method="post" reloadDocument className="flex flex-wrap gap-2">
            <Selection attendeeIds={result.attendeeIds} token={result.token} />
            {(['subjectFr', 'subjectEn', 'bodyFr', 'bodyEn'] as const).map((name) => (
              <input key={name} type="hidden" name={name} value={result.message[name]} />
            ))}
            <button type="submit" name="intent" value="message-send" className={buttonClass}>
              {t('admin.bulk.send', { count: result.recipients })}
            </button>
            <button type="submit" name="intent" value="message" className={secondaryButtonClass}>
              {t('admin.bulk.edit')}
            </button>
          </Form>
        </section>
      )
  }
}
