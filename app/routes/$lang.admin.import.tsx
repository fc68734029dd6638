import { redirect, Form, useActionData, useLoaderData, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from 'react-router'
import { useState } from 'react'
import { z } from 'zod'
import { getDb } from '#db/client'
import { invalid, parseForm, refusal, runStepAction } from '~/utils/forms.server'
import { authorize } from '~/modules/auth/guard.server'
import { PageTitle } from '~/components/admin/ui'
import {
  IMPORT_KINDS,
  acceptedHeaders,
  fieldsOf,
  importFormSchema,
  isRequiredField,
  type ImportKind,
} from '~/modules/imports/import-schemas'
import { previewImport, runImport, type ImportPreview } from '~/modules/imports/import.server'
import { encodeImportContent, readImportRequest } from '~/modules/imports/upload.server'
import { listPartners } from '~/modules/partners/partners.server'
import { translate, paramLocale } from '~/locales'
import { requestLocale } from '~/utils/http.server'
import { localePath, useLocale, useT } from '~/utils/i18n'
import { CheckedForm, ErrorList, FormMessage, SelectField, buttonClass, inputClass, secondaryButtonClass } from '~/components/forms'

export const meta: MetaFunction = ({ params }) => [{ title: translate(paramLocale(params), 'admin.import.title') }]

const doneSchema = z.object({
  done: z.enum(IMPORT_KINDS),
  new: z.coerce.number().int().min(0),
  update: z.coerce.number().int().min(0),
  unchanged: z.coerce.number().int().min(0),
})

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await authorize(request, '$lang.admin.import', 'loader')
  const url = new URL(request.url)
  const done = doneSchema.safeParse(Object.fromEntries(url.searchParams))
  const partners = (await listPartners(getDb(), user.organisationId)).map((p) => ({ id: p.id, name: p.name }))
  return { partners, done: done.success ? done.data : null }
}

/** Preview writes nothing; import re-reads and re-checks the file carried back by the form, then writes all rows or none. */
export async function action({ request, params }: ActionFunctionArgs) {
  const user = await authorize(request, '$lang.admin.import', 'action')
  let upload: Awaited<ReturnType<typeof readImportRequest>>
  try {
    upload = await readImportRequest(request)
  } catch (error) {
    return refusal('preview', error)
  }
  const parsed = parseForm(upload.formData, importFormSchema)
  // Echo only the choices back (never the file): the form keeps the kind the organiser picked.
  const choices = { kind: String(upload.formData.get('kind') ?? ''), partnerId: String(upload.formData.get('partnerId') ?? '') }
  if (!parsed.ok) return invalid(String(upload.formData.get('intent') ?? ''), parsed.fieldErrors, choices)
  const { intent, kind, partnerId } = parsed.value
  if (upload.content === null) return invalid(intent, { file: ['admin.import.errors.noFile'] }, choices)
  const input = { kind, partnerId: kind === 'contacts' ? partnerId : undefined, content: upload.content }
  return runStepAction(intent, async () => {
    if (intent === 'preview') {
      const preview = await previewImport(getDb(), user, input)
      return { ok: true as const, intent, preview, content: encodeImportContent(input.content) }
    }
    const { totals } = await runImport(getDb(), user, input)
    const query = new URLSearchParams({ done: kind, new: String(totals.new), update: String(totals.update), unchanged: String(totals.unchanged) })
    return redirect(localePath(requestLocale(request, params), `/admin/import?${query.toString()}`))
  })
}

function ColumnsTable({ kind }: { kind: ImportKind }) {
  const t = useT()
  return (
    <table className="mt-2 w-full text-left text-sm">
      <caption className="sr-only">{t('admin.import.columnsTitle')}</caption>
      <thead>
        <tr className="border-b border-slate-300">
          <th scope="col" className="py-1 pr-3">
            {t('admin.import.column')}
          </th>
          <th scope="col" className="py-1">
            {t('admin.import.accepted')}
          </th>
        </tr>
      </thead>
      <tbody>
        {fieldsOf(kind).map((field) => (
          <tr key={field} className="border-b border-slate-200 align-top">
            <td className="py-1 pr-3">
              {t(`admin.import.fields.${field}`)} ({isRequiredField(kind, field) ? t('admin.import.requiredColumn') : t('admin.import.optionalColumn')})
            </td>
            <td className="py-1">
              <code>{acceptedHeaders(kind, field).join(', ')}</code>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

function PreviewTable({ preview, content }: { preview: ImportPreview; content: string }) {
  const t = useT()
  const blocked = preview.totals.error > 0
  const toWrite = preview.totals.new + preview.totals.update
  return (
    <section aria-labelledby="preview-title" className="space-y-3 rounded border border-slate-300 p-4">
      <h2 id="preview-title" className="text-lg font-semibold">
        {t('admin.import.previewTitle')}
      </h2>
      {preview.partner ? <p>{t('admin.import.previewFor', { partner: preview.partner.name })}</p> : null}
      <p role="status" className="font-medium">
        {t('admin.import.totals', preview.totals)}
      </p>
      {preview.ignoredColumns.length > 0 ? <p className="text-sm">{t('admin.import.ignoredColumns', { columns: preview.ignoredColumns.join(', ') })}</p> : null}
      <div className="overflow-x-auto">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">{t('admin.import.tableCaption')}</caption>
          <thead>
            <tr className="border-b border-slate-300">
              <th scope="col" className="py-1 pr-3">
                {t('admin.import.line')}
              </th>
              {preview.columns.map((c) => (
                <th key={c} scope="col" className="py-1 pr-3">
                  {t(`admin.import.fields.${c}`)}
                </th>
              ))}
              <th scope="col" className="py-1">
                {t('admin.import.result')}
              </th>
            </tr>
          </thead>
          <tbody>
            {preview.rows.map((row) => (
              <tr key={row.line} className={`border-b border-slate-200 align-top ${row.status === 'error' ? 'bg-red-50' : ''}`}>
                <th scope="row" className="py-1 pr-3 font-normal">
                  {row.line}
                </th>
                {preview.columns.map((c) => (
                  <td key={c} className={`py-1 pr-3 ${row.changes.includes(c) ? 'font-semibold' : ''}`}>
                    {row.values[c] ?? ''}
                  </td>
                ))}
                <td className="py-1">
                  {row.status === 'error' ? (
                    <ul className="font-medium text-red-800">
                      {row.errors.map((e, i) => (
                        <li key={i}>
                          {e.field ? `${t(`admin.import.fields.${e.field}`)} : ` : ''}
                          {t(e.key, e.vars)}
                        </li>
                      ))}
                    </ul>
                  ) : row.status === 'update' ? (
                    t('admin.import.status.update', { fields: row.changes.map((c) => t(`admin.import.fields.${c}`)).join(', ') })
                  ) : (
                    t(`admin.import.status.${row.status}`)
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {blocked ? (
        <p role="alert" className="rounded border border-red-700 bg-red-50 px-3 py-2 text-sm font-medium text-red-900">
          {t('admin.import.fixFirst')}
        </p>
      ) : toWrite === 0 ? (
        <p>{t('admin.import.nothingToDo')}</p>
      ) : (
        <Form method="post" encType="multipart/form-data">
          <input type="hidden" name="intent" value="import" />
          <input type="hidden" name="kind" value={preview.kind} />
          {preview.partner ? <input type="hidden" name="partnerId" value={preview.partner.id} /> : null}
          <input type="hidden" name="content" value={content} />
          <button type="submit" className={buttonClass}>
            {t('admin.import.confirm', { count: preview.rows.length })}
          </button>
        </Form>
      )}
    </section>
  )
}

export default function Import() {
  const { partners, done } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const t = useT()
  const locale = useLocale()
  const preview = result && result.ok && 'preview' in result ? result : null
  const failed = result && !result.ok ? result : null
  const echoed = failed?.values?.kind === 'contacts' ? 'contacts' : undefined
  const [kind, setKind] = useState<ImportKind>(preview?.preview.kind ?? echoed ?? 'companies')
  return (
    <section aria-labelledby="page-title" className="space-y-4">
      <PageTitle>{t('admin.import.title')}</PageTitle>
      {done ? (
        <p role="status" className="rounded border border-green-700 bg-green-50 px-3 py-2 text-sm font-medium text-green-900">
          {t('admin.import.done', done)}
        </p>
      ) : null}
      <FormMessage result={failed} />
      <p>{t('admin.import.intro')}</p>
      <p className="text-sm">{t('admin.import.limits')}</p>
      <p className="text-sm">{t('admin.import.emptyCells')}</p>
      <p className="text-sm">{t('admin.import.noMail')}</p>
      <CheckedForm schema={importFormSchema} serverErrors={failed?.fieldErrors} noValidate={false} method="post" encType="multipart/form-data" className="space-y-3 rounded border border-slate-300 p-4">
        {(errors) => (
          <>
            <input type="hidden" name="intent" value="preview" />
            <fieldset>
              <legend className="text-sm font-semibold text-slate-800">{t('admin.import.kind')}</legend>
              {IMPORT_KINDS.map((k) => (
                <div key={k} className="flex items-center gap-2">
                  <input id={`kind-${k}`} type="radio" name="kind" value={k} checked={kind === k} onChange={() => setKind(k)} className="h-4 w-4" />
                  <label htmlFor={`kind-${k}`} className="text-sm">
                    {t(`admin.import.kinds.${k}`)}
                  </label>
                </div>
              ))}
            </fieldset>
            <SelectField
              idPrefix="imp"
              name="partnerId"
              label={t('admin.import.partner')}
              includeEmpty={t('admin.import.pickPartner')}
              defaultValue={preview?.preview.partner?.id ?? (typeof failed?.values?.partnerId === 'string' ? failed.values.partnerId : null)}
              errors={errors}
              options={partners.map((p) => ({ value: p.id, label: p.name }))}
            />
            <div>
              <label htmlFor="imp-file" className="block text-sm font-semibold text-slate-800">
                {t('admin.import.file')}
              </label>
              <input
                id="imp-file"
                type="file"
                name="file"
                accept=".csv,text/csv"
                required
                aria-describedby={errors.file ? 'imp-file-error' : undefined}
                className={inputClass}
              />
              <ErrorList id="imp-file-error" errors={errors.file} />
            </div>
            <button type="submit" className={buttonClass}>
              {t('admin.import.preview')}
            </button>
          </>
        )}
      </CheckedForm>
      {preview ? <PreviewTable preview={preview.preview} content={preview.content} /> : null}
      {IMPORT_KINDS.map((k) => (
        <section key={k} aria-labelledby={`cols-${k}`} className="rounded border border-slate-300 p-4">
          <h2 id={`cols-${k}`} className="font-semibold">
            {t(`admin.import.columnsFor.${k}`)}
          </h2>
          <ColumnsTable kind={k} />
          <a href={localePath(locale, `/admin/import/template?kind=${k}`)} download className={`mt-2 ${secondaryButtonClass}`}>
            {t(`admin.import.templates.${k}`)}
          </a>
        </section>
      ))}
    </section>
  )
}
