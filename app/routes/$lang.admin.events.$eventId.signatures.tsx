import { data, Form, useActionData, useLoaderData, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from 'react-router'
import { useState } from 'react'
import { getDb } from '#db/client'
import { PageTitle } from '~/components/admin/ui'
import { FormMessage, SelectField, SubmitButton, buttonClass } from '~/components/forms'
import { localized, paramLocale, translate } from '~/locales'
import { authorize } from '~/modules/auth/guard.server'
import { loadVisibleEvent } from '~/modules/auth/viewer.server'
import { SignaturePadForm } from '~/modules/funders/signature-pad'
import { SCAN_MAX_BYTES, SCAN_MAX_MB } from '~/modules/funders/signature-limits'
import { recordScannedSheet, sessionSheet, signableSessions, signAttendance } from '~/modules/funders/signatures.server'
import { notFound } from '~/utils/http.server'
import { localePath, useLocale, useT } from '~/utils/i18n'
import { pageTitle } from '~/utils/page-meta'
import { isRefusal } from '~/utils/refusal'
import { describeInstant, formatForReader } from '~/utils/time'
import { readCappedForm } from '~/utils/upload.server'

export const meta: MetaFunction = ({ params }) => pageTitle(params, 'admin.signatures.link')

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await authorize(request, '$lang.admin.events.$eventId.signatures', 'loader')
  const db = getDb()
  const event = await loadVisibleEvent(db, user, params.eventId ?? '')
  if (!event) notFound()
  const sessions = await signableSessions(db, event.id)
  const wanted = new URL(request.url).searchParams.get('session')
  const session = sessions.find((s) => s.id === wanted) ?? sessions[0] ?? null
  const rows = session ? await sessionSheet(db, event.id, session.id) : []
  return { event: { id: event.id, title: event.title, timezone: event.timezone }, sessions, session, rows }
}

type Result = { ok: boolean; intent: string; formError?: string; notice?: string; fieldErrors: Record<string, string[]> }

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await authorize(request, '$lang.admin.events.$eventId.signatures', 'action')
  const locale = paramLocale(params)
  const db = getDb()
  const event = await loadVisibleEvent(db, user, params.eventId ?? '')
  if (!event) notFound()
  let intent = ''
  try {
    const form = await readCappedForm(request, SCAN_MAX_BYTES + 256 * 1024, 'scanTooLarge', { max: SCAN_MAX_MB })
    intent = String(form.get('intent') ?? '')
    const programmeItemId = String(form.get('session') ?? '')
    if (intent === 'sign') {
      const signed = await signAttendance(db, user, { eventId: event.id, programmeItemId, attendeeId: String(form.get('attendeeId') ?? ''), signature: String(form.get('signature') ?? '') })
      return data<Result>({ ok: true, intent, notice: translate(locale, 'admin.signatures.signed', { name: signed.name }), fieldErrors: {} })
    }
    if (intent === 'scan') {
      const file = form.get('file')
      const bytes = file instanceof Blob && file.size > 0 ? new Uint8Array(await file.arrayBuffer()) : null
      const attendeeIds = form.getAll('attendeeIds').map(String)
      const saved = await recordScannedSheet(db, user, { eventId: event.id, programmeItemId, attendeeIds, bytes })
      return data<Result>({ ok: true, intent, notice: translate(locale, 'admin.signatures.scanSaved', { marked: saved.marked, already: saved.alreadySigned }), fieldErrors: {} })
    }
    return data<Result>({ ok: false, intent, formError: translate(locale, 'refusals.notFound'), fieldErrors: {} }, { status: 400 })
  } catch (error) {
    if (!isRefusal(error)) throw error
    const message = translate(locale, error.messageKey, { max: SCAN_MAX_MB, ...error.vars })
    return data<Result>({ ok: false, intent, formError: message, fieldErrors: error.field ? { [error.field]: [message] } : {} }, { status: error.status })
  }
}

export default function Signatures() {
  const { event, sessions, session, rows } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const t = useT()
  const locale = useLocale()
  const [signing, setSigning] = useState<string | null>(null)
  const unsigned = rows.filter((r) => !r.method)
  const signedCount = rows.length - unsigned.length
  return (
    <section aria-labelledby="page-title" className="mx-auto max-w-3xl space-y-4">
      <PageTitle>{t('admin.signatures.title', { event: localized(event.title, locale) })}</PageTitle>
      <p className="text-slate-700">{t('admin.signatures.intro')}</p>
      <p>
        <a href={localePath(locale, `/admin/events/${event.id}/checkin`)} className="text-brand-800 underline">
          {t('admin.events.tabs.checkin')}
        </a>
      </p>
      {!session ? (
        <p role="status">{t('admin.signatures.noSession')}</p>
      ) : (
        <>
          <Form method="get" className="flex flex-wrap items-end gap-3">
            <SelectField
              name="session"
              label={t('admin.signatures.session')}
              defaultValue={session.id}
              options={sessions.map((s) => ({ value: s.id, label: `${localized(s.title, locale)} — ${describeInstant(new Date(s.startsAt), event.timezone, locale)}` }))}
            />
            <SubmitButton variant="secondary">{t('admin.signatures.choose')}</SubmitButton>
          </Form>
          <FormMessage result={result} />
          <section aria-labelledby="delegates-title" className="space-y-2">
            <h2 id="delegates-title" className="text-lg font-semibold">
              {localized(session.title, locale)} — {describeInstant(new Date(session.startsAt), event.timezone, locale)}
            </h2>
            <p role="status">{t('admin.signatures.progress', { signed: signedCount, total: rows.length })}</p>
            <table className="min-w-full text-left text-sm">
              <caption className="sr-only">{t('admin.signatures.delegates')}</caption>
              <thead className="border-b border-slate-300">
                <tr>
                  <th scope="col" className="px-2 py-2">{t('admin.signatures.name')}</th>
                  <th scope="col" className="px-2 py-2">{t('admin.signatures.company')}</th>
                  <th scope="col" className="px-2 py-2">{t('admin.signatures.status')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => {
                  const name = `${r.firstName} ${r.lastName}`
                  return (
                    <tr key={r.attendeeId} className="border-b border-slate-200 align-top">
                      <th scope="row" className="px-2 py-2 font-medium">
                        {r.lastName.toUpperCase()} {r.firstName}
                      </th>
                      <td className="px-2 py-2">{r.company}</td>
                      <td className="px-2 py-2">
                        {r.method === 'tablet' && r.signedAt ? t('admin.signatures.signedTablet', { time: formatForReader(new Date(r.signedAt), event.timezone, locale).local.time }) : null}
                        {r.method === 'scan' ? t('admin.signatures.signedScan') : null}
                        {!r.method ? <p className="mb-1 font-semibold text-amber-900">{t('admin.signatures.notSigned')}</p> : null}
                        {!r.method && signing !== r.attendeeId ? (
                          <button type="button" className={buttonClass} onClick={() => setSigning(r.attendeeId)}>
                            {t('admin.signatures.sign', { name })}
                          </button>
                        ) : null}
                        {!r.method && signing === r.attendeeId ? (
                          <SignaturePadForm key={r.attendeeId} sessionId={session.id} attendeeId={r.attendeeId} name={name} onCancel={() => setSigning(null)} />
                        ) : null}
                      </td>
                    </tr>
                  )
                })}
              </tbody>
            </table>
            {rows.length > 0 && unsigned.length === 0 ? <p>{t('admin.signatures.allSigned')}</p> : null}
            <p>
              <a href={`${localePath(locale, `/admin/events/${event.id}/signatures.pdf`)}?session=${session.id}`} className="text-brand-800 underline" download>
                {t('admin.signatures.download')}
              </a>
            </p>
          </section>
          {unsigned.length > 0 ? (
            <section aria-labelledby="scan-title" className="space-y-3 rounded border border-slate-300 p-4">
              <h2 id="scan-title" className="text-lg font-semibold">{t('admin.signatures.scanTitle')}</h2>
              <p className="text-sm text-slate-700">{t('admin.signatures.scanIntro', { max: SCAN_MAX_MB })}</p>
              <Form method="post" encType="multipart/form-data" className="space-y-3">
                <input type="hidden" name="intent" value="scan" />
                <input type="hidden" name="session" value={session.id} />
                <div>
                  <label htmlFor="scan-file" className="block font-semibold">{t('admin.signatures.scanFile')}</label>
                  <input id="scan-file" name="file" type="file" required accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png" className="mt-1 block text-sm" />
                </div>
                <fieldset className="space-y-1">
                  <legend className="font-semibold">{t('admin.signatures.scanCovers')}</legend>
                  {unsigned.map((r) => (
                    <div key={r.attendeeId} className="flex items-center gap-2">
                      <input type="checkbox" id={`scan-${r.attendeeId}`} name="attendeeIds" value={r.attendeeId} />
                      <label htmlFor={`scan-${r.attendeeId}`}>
                        {r.lastName.toUpperCase()} {r.firstName} ({r.company})
                      </label>
                    </div>
                  ))}
                </fieldset>
                <SubmitButton>{t('admin.signatures.scanSubmit')}</SubmitButton>
              </Form>
            </section>
          ) : null}
        </>
      )}
    </section>
  )
}
