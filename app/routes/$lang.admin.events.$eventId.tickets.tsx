import { Form, useActionData, useLoaderData, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from 'react-router'
import { pageTitle } from '~/utils/page-meta'
import { getDb } from '#db/client'
import { CODE_KINDS } from '~/modules/events/vocabulary'
import { listFunders } from '~/modules/partners/partners.server'
import { invalid, orRespond, parseForm, runAction } from '~/utils/forms.server'
import { authorize } from '~/modules/auth/guard.server'
import { EventTabs, PageTitle } from '~/components/admin/ui'
import { addCapacityPool, addCode, addQuestion, addTicketType, deleteCapacityPool, deleteCode, deleteQuestion, deleteTicketType, loadTicketing, updateCapacityPool, updateTicketType } from '~/modules/events/ticketing.server'
import { loadEventForAdmin } from '~/modules/events/events.server'
import { toLocalInput } from '~/utils/time'
import {
  capacityPoolEditSchema,
  capacityPoolFormSchema,
  codeFormSchema,
  questionFormSchema,
  ticketTypeEditSchema,
  ticketTypeFormSchema,
} from '~/modules/events/admin-schemas'
import { localized } from '~/locales'
import { formatMoney } from '~/utils/money'
import { useLocale, useT } from '~/utils/i18n'
import { CheckboxField, CheckedForm, ErrorList, Field, FormMessage, SelectField, buttonClass, dangerButtonClass } from '~/components/forms'

export const meta: MetaFunction = ({ params }) => pageTitle(params, 'admin.events.tabs.tickets')

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await authorize(request, '$lang.admin.events.$eventId.tickets', 'loader')
  const db = getDb()
  const event = await orRespond(loadEventForAdmin(db, user, params.eventId ?? ''))
  const ticketing = await loadTicketing(db, event.id)
  const funders = await listFunders(db, user.organisationId)
  const types = ticketing.types.map((ty) => ({
    ...ty,
    edit: {
      nameFr: ty.name.fr,
      nameEn: ty.name.en,
      descriptionFr: ty.description?.fr ?? '',
      descriptionEn: ty.description?.en ?? '',
      price: (ty.priceMinor / 100).toFixed(2),
      minPerOrder: String(ty.minPerOrder),
      maxPerOrder: String(ty.maxPerOrder),
      salesStartLocal: ty.salesStartAt ? toLocalInput(ty.salesStartAt, event.timezone) : '',
      salesEndLocal: ty.salesEndAt ? toLocalInput(ty.salesEndAt, event.timezone) : '',
      position: String(ty.position),
    },
  }))
  return { event: { id: event.id, title: event.title, currency: event.currency, timezone: event.timezone }, ...ticketing, types, funders }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await authorize(request, '$lang.admin.events.$eventId.tickets', 'action')
  const eventId = params.eventId ?? ''
  const db = getDb()
  const formData = await request.formData()
  const intent = String(formData.get('intent') ?? '')
  const id = String(formData.get('id') ?? '')
  const saved = { ok: true as const, intent, notice: 'admin.common.saved' }
  switch (intent) {
    case 'add-type': {
      const parsed = parseForm(formData, ticketTypeFormSchema)
      if (!parsed.ok) return invalid(intent, parsed.fieldErrors, parsed.values)
      return runAction(intent, async () => (await addTicketType(db, user, eventId, parsed.value), saved))
    }
    case 'add-pool': {
      const parsed = parseForm(formData, capacityPoolFormSchema)
      if (!parsed.ok) return invalid(intent, parsed.fieldErrors, parsed.values)
      return runAction(intent, async () => (await addCapacityPool(db, user, eventId, parsed.value), saved))
    }
    case 'add-code': {
      const parsed = parseForm(formData, codeFormSchema)
      if (!parsed.ok) return invalid(intent, parsed.fieldErrors, parsed.values)
      return runAction(intent, async () => (await addCode(db, user, eventId, parsed.value), saved))
    }
    case 'add-question': {
      const parsed = parseForm(formData, questionFormSchema)
      if (!parsed.ok) return invalid(intent, parsed.fieldErrors, parsed.values)
      return runAction(intent, async () => (await addQuestion(db, user, eventId, parsed.value), saved))
    }
    case 'edit-type': {
      const parsed = parseForm(formData, ticketTypeEditSchema)
      if (!parsed.ok) return invalid(intent, parsed.fieldErrors, parsed.values)
      const { id: typeId, ...form } = parsed.value
      return runAction(intent, async () => (await updateTicketType(db, user, eventId, typeId, form), saved))
    }
    case 'edit-pool': {
      const parsed = parseForm(formData, capacityPoolEditSchema)
      if (!parsed.ok) return invalid(intent, parsed.fieldErrors, parsed.values)
      const { id: poolId, ...form } = parsed.value
      return runAction(intent, async () => (await updateCapacityPool(db, user, eventId, poolId, form), saved))
    }
    case 'delete-type':
      return runAction(intent, async () => (await deleteTicketType(db, user, eventId, id), saved))
    case 'delete-pool':
      return runAction(intent, async () => (await deleteCapacityPool(db, user, eventId, id), saved))
    case 'delete-code':
      return runAction(intent, async () => (await deleteCode(db, user, eventId, id), saved))
    case 'delete-question':
      return runAction(intent, async () => (await deleteQuestion(db, user, eventId, id), saved))
    default:
      return invalid(intent, {})
  }
}

function DeleteButton({ intent, id }: { intent: string; id: string }) {
  const t = useT()
  return (
    <Form method="post">
      <input type="hidden" name="id" value={id} />
      <button type="submit" name="intent" value={intent} className={dangerButtonClass}>
        {t('admin.common.delete')}
      </button>
    </Form>
  )
}

type Result = { ok: boolean; intent?: string; formError?: string; fieldErrors?: Record<string, string[] | undefined>; values?: Record<string, string | string[]> } | undefined

/** The edit form of one row, open when it was the one just submitted with errors. */
function editState(result: Result, intent: string, id: string) {
  const mine = result && !result.ok && result.intent === intent && result.values?.id === id ? result : undefined
  return { open: Boolean(mine), errors: mine?.fieldErrors, values: mine?.values, message: mine }
}

function EditTicketType({
  type,
  currency,
  timezone,
  result,
}: {
  type: { id: string; hidden: boolean; active: boolean; allowMultiplePerPerson: boolean; edit: Record<string, string> }
  currency: string
  timezone: string
  result: Result
}) {
  const t = useT()
  const state = editState(result, 'edit-type', type.id)
  const v = (k: string) => (typeof state.values?.[k] === 'string' ? (state.values[k] as string) : type.edit[k])
  const prefix = `type-${type.id}`
  return (
    <details className="w-full" open={state.open}>
      <summary className="cursor-pointer text-sm underline">{t('admin.tickets.edit')}</summary>
      <CheckedForm schema={ticketTypeEditSchema} serverErrors={state.errors} method="post" className="mt-2 space-y-3 rounded border border-slate-300 p-3" aria-label={t('admin.tickets.editType')}>
        {(errors) => (
          <>
            <input type="hidden" name="intent" value="edit-type" />
            <input type="hidden" name="id" value={type.id} />
            {state.message ? <FormMessage result={state.message} /> : null}
            <div className="grid gap-3 md:grid-cols-2">
              <Field idPrefix={prefix} name="nameFr" lang="fr" label={`${t('admin.tickets.fields.name')} — ${t('admin.common.french')}`} errors={errors} defaultValue={v('nameFr')} />
              <Field idPrefix={prefix} name="nameEn" lang="en" label={`${t('admin.tickets.fields.name')} — ${t('admin.common.english')}`} errors={errors} defaultValue={v('nameEn')} />
              <Field idPrefix={prefix} name="descriptionFr" lang="fr" multiline rows={2} label={`${t('admin.tickets.fields.description')} — ${t('admin.common.french')}`} errors={errors} defaultValue={v('descriptionFr')} />
              <Field idPrefix={prefix} name="descriptionEn" lang="en" multiline rows={2} label={`${t('admin.tickets.fields.description')} — ${t('admin.common.english')}`} errors={errors} defaultValue={v('descriptionEn')} />
            </div>
            <div className="grid gap-3 md:grid-cols-3">
              <Field idPrefix={prefix} name="price" inputMode="decimal" label={t('admin.tickets.fields.price', { currency })} errors={errors} defaultValue={v('price')} hint={t('admin.tickets.priceNote')} />
              <Field idPrefix={prefix} name="minPerOrder" inputMode="numeric" label={t('admin.tickets.fields.minPerOrder')} errors={errors} defaultValue={v('minPerOrder')} />
              <Field idPrefix={prefix} name="maxPerOrder" inputMode="numeric" label={t('admin.tickets.fields.maxPerOrder')} errors={errors} defaultValue={v('maxPerOrder')} />
              <Field idPrefix={prefix} name="salesStartLocal" type="datetime-local" label={t('admin.tickets.fields.salesStart')} errors={errors} defaultValue={v('salesStartLocal')} hint={timezone} />
              <Field idPrefix={prefix} name="salesEndLocal" type="datetime-local" label={t('admin.tickets.fields.salesEnd')} errors={errors} defaultValue={v('salesEndLocal')} hint={timezone} />
            </div>
            <Field idPrefix={prefix} name="position" inputMode="numeric" label={t('admin.tickets.fields.position')} errors={errors} defaultValue={v('position')} hint={t('admin.tickets.positionHint')} />
            <CheckboxField idPrefix={prefix} name="active" label={t('admin.tickets.fields.active')} defaultChecked={state.values ? state.values.active === 'on' : type.active} />
            <CheckboxField idPrefix={prefix} name="hidden" label={t('admin.tickets.fields.hidden')} defaultChecked={state.values ? state.values.hidden === 'on' : type.hidden} />
            <CheckboxField
              idPrefix={prefix}
              name="allowMultiplePerPerson"
              label={t('admin.tickets.fields.allowMultiplePerPerson')}
              defaultChecked={state.values ? state.values.allowMultiplePerPerson === 'on' : type.allowMultiplePerPerson}
            />
            <ErrorList id={`${prefix}-allowMultiplePerPerson-error`} errors={errors.allowMultiplePerPerson} />
            <button type="submit" className={buttonClass}>
              {t('admin.common.save')}
            </button>
          </>
        )}
      </CheckedForm>
    </details>
  )
}

function EditPool({ pool, result }: { pool: { id: string; name: { fr: string; en: string }; size: number }; result: Result }) {
  const t = useT()
  const state = editState(result, 'edit-pool', pool.id)
  const v = (k: string, fallback: string) => (typeof state.values?.[k] === 'string' ? (state.values[k] as string) : fallback)
  const prefix = `pool-${pool.id}`
  return (
    <details className="w-full" open={state.open}>
      <summary className="cursor-pointer text-sm underline">{t('admin.tickets.edit')}</summary>
      <CheckedForm schema={capacityPoolEditSchema} serverErrors={state.errors} method="post" className="mt-2 space-y-3 rounded border border-slate-300 p-3" aria-label={t('admin.tickets.editPool')}>
        {(errors) => (
          <>
            <input type="hidden" name="intent" value="edit-pool" />
            <input type="hidden" name="id" value={pool.id} />
            {state.message ? <FormMessage result={state.message} /> : null}
            <div className="grid gap-3 md:grid-cols-3">
              <Field idPrefix={prefix} name="nameFr" lang="fr" label={`${t('admin.tickets.fields.name')} — ${t('admin.common.french')}`} errors={errors} defaultValue={v('nameFr', pool.name.fr)} />
              <Field idPrefix={prefix} name="nameEn" lang="en" label={`${t('admin.tickets.fields.name')} — ${t('admin.common.english')}`} errors={errors} defaultValue={v('nameEn', pool.name.en)} />
              <Field idPrefix={prefix} name="size" inputMode="numeric" label={t('admin.tickets.fields.size')} errors={errors} defaultValue={v('size', String(pool.size))} hint={t('admin.tickets.poolNote')} />
            </div>
            <button type="submit" className={buttonClass}>
              {t('admin.common.save')}
            </button>
          </>
        )}
      </CheckedForm>
    </details>
  )
}

export default function Tickets() {
  const { event, types, pools, codes, questions, funders } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const t = useT()
  const locale = useLocale()
  const errorsFor = (intent: string) => (result && !result.ok && result.intent === intent ? result.fieldErrors : undefined)
  const typeName = (id: string) => localized(types.find((ty) => ty.id === id)?.name, locale)
  return (
    <section aria-labelledby="page-title">
      <PageTitle>{localized(event.title, locale)}</PageTitle>
      <EventTabs eventId={event.id} />
      <div className="mt-2">
        <FormMessage result={result} />
      </div>

      <h2 className="mt-4 text-xl font-semibold">{t('admin.tickets.types')}</h2>
      <ul className="mt-2 divide-y divide-slate-200 rounded border border-slate-200">
        {types.map((ty) => (
          <li key={ty.id} className="flex flex-wrap items-center justify-between gap-2 px-3 py-2">
            <span>
              {localized(ty.name, locale)} · {formatMoney(ty.priceMinor, event.currency, locale)}
              {ty.hidden ? ` · ${t('admin.tickets.hidden')}` : ''}
              {ty.active ? '' : ` · ${t('admin.tickets.withdrawn')}`}
            </span>
            <DeleteButton intent="delete-type" id={ty.id} />
            <EditTicketType type={ty} currency={event.currency} timezone={event.timezone} result={result} />
          </li>
        ))}
      </ul>
      <CheckedForm schema={ticketTypeFormSchema} serverErrors={errorsFor('add-type')} method="post" className="mt-3 space-y-3 rounded border border-slate-300 p-4">
        {(errors) => (
          <>
            <h3 className="font-semibold">{t('admin.tickets.addType')}</h3>
            <input type="hidden" name="intent" value="add-type" />
            <div className="grid gap-3 md:grid-cols-4">
              <Field idPrefix="type" name="nameFr" lang="fr" label={`${t('admin.tickets.fields.name')} — ${t('admin.common.french')}`} errors={errors} />
              <Field idPrefix="type" name="nameEn" lang="en" label={`${t('admin.tickets.fields.name')} — ${t('admin.common.english')}`} errors={errors} />
              <Field idPrefix="type" name="price" inputMode="decimal" label={t('admin.tickets.fields.price', { currency: event.currency })} errors={errors} defaultValue="0" />
              <Field idPrefix="type" name="maxPerOrder" inputMode="numeric" label={t('admin.tickets.fields.maxPerOrder')} errors={errors} defaultValue="5" />
            </div>
            <CheckboxField idPrefix="type" name="hidden" label={t('admin.tickets.fields.hidden')} />
            <button type="submit" className={buttonClass}>
              {t('admin.common.add')}
            </button>
          </>
        )}
      </CheckedForm>

      <h2 className="mt-6 text-xl font-semibold">{t('admin.tickets.pools')}</h2>
      <ul className="mt-2 divide-y divide-slate-200 rounded border border-slate-200">
        {pools.map((p) => (
          <li key={p.id} className="flex flex-wrap items-center justify-between gap-2 px-3 py-2">
            <span>
              {localized(p.name, locale)} · {p.size} · {t('admin.tickets.poolInUse', { used: p.inUse })} ·{' '}
              {t('admin.tickets.poolShares', { types: p.ticketTypeIds.map(typeName).join(', ') })}
            </span>
            <DeleteButton intent="delete-pool" id={p.id} />
            <EditPool pool={p} result={result} />
          </li>
        ))}
      </ul>
      {types.length > 0 ? (
        <CheckedForm schema={capacityPoolFormSchema} serverErrors={errorsFor('add-pool')} method="post" className="mt-3 space-y-3 rounded border border-slate-300 p-4">
          {(errors) => (
            <>
              <h3 className="font-semibold">{t('admin.tickets.addPool')}</h3>
              <input type="hidden" name="intent" value="add-pool" />
              <div className="grid gap-3 md:grid-cols-3">
                <Field idPrefix="pool" name="nameFr" lang="fr" label={`${t('admin.tickets.fields.name')} — ${t('admin.common.french')}`} errors={errors} />
                <Field idPrefix="pool" name="nameEn" lang="en" label={`${t('admin.tickets.fields.name')} — ${t('admin.common.english')}`} errors={errors} />
                <Field idPrefix="pool" name="size" inputMode="numeric" label={t('admin.tickets.fields.size')} errors={errors} />
              </div>
              <fieldset aria-describedby={errors.ticketTypeIds ? 'pool-types-error' : undefined}>
                <legend className="text-sm font-semibold">{t('admin.tickets.fields.ticketTypes')}</legend>
                {types.map((ty) => (
                  <CheckboxField key={ty.id} idPrefix="pool" name="ticketTypeIds" value={ty.id} label={localized(ty.name, locale)} />
                ))}
                <ErrorList id="pool-types-error" errors={errors.ticketTypeIds} />
              </fieldset>
              <button type="submit" className={buttonClass}>
                {t('admin.common.add')}
              </button>
            </>
          )}
        </CheckedForm>
      ) : null}

      <h2 className="mt-6 text-xl font-semibold">{t('admin.tickets.codes')}</h2>
      <ul className="mt-2 divide-y divide-slate-200 rounded border border-slate-200">
        {codes.map((c) => (
          <li key={c.id} className="flex items-center justify-between gap-2 px-3 py-2">
            <span>
              <code className="font-mono">{c.code}</code> · {t(`admin.tickets.codeKinds.${c.kind}`)}
              {c.percentOffBp !== null ? ` · ${c.percentOffBp / 100} %` : ''} ·{' '}
              {c.maxUses !== null ? t('admin.tickets.usesMax', { uses: c.uses, max: c.maxUses }) : t('admin.tickets.uses', { uses: c.uses })}
            </span>
            <DeleteButton intent="delete-code" id={c.id} />
          </li>
        ))}
      </ul>
      <CheckedForm schema={codeFormSchema} serverErrors={errorsFor('add-code')} method="post" className="mt-3 space-y-3 rounded border border-slate-300 p-4">
        {(errors) => (
          <>
            <h3 className="font-semibold">{t('admin.tickets.addCode')}</h3>
            <input type="hidden" name="intent" value="add-code" />
            <div className="grid gap-3 md:grid-cols-5">
              <Field idPrefix="code" name="code" label={t('admin.tickets.fields.code')} errors={errors} />
              <SelectField
                idPrefix="code"
                name="kind"
                label={t('admin.tickets.fields.kind')}
                errors={errors}
                options={CODE_KINDS.map((k) => ({ value: k, label: t(`admin.tickets.codeKinds.${k}`) }))}
              />
              <Field idPrefix="code" name="percentOff" inputMode="decimal" label={t('admin.tickets.fields.percentOff')} errors={errors} />
              <Field idPrefix="code" name="maxUses" inputMode="numeric" label={t('admin.tickets.fields.maxUses')} errors={errors} />
              <SelectField
                idPrefix="code"
                name="funderPartnerId"
                label={t('admin.tickets.fields.funder')}
                errors={errors}
                includeEmpty="—"
                options={funders.map((f) => ({ value: f.id, label: f.name }))}
              />
            </div>
            <button type="submit" className={buttonClass}>
              {t('admin.common.add')}
            </button>
          </>
        )}
      </CheckedForm>

      <h2 className="mt-6 text-xl font-semibold">{t('admin.tickets.questions')}</h2>
      <ul className="mt-2 divide-y divide-slate-200 rounded border border-slate-200">
        {questions.map((q) => (
          <li key={q.id} className="flex items-center justify-between gap-2 px-3 py-2">
            <span>
              {localized(q.label, locale)} · {t(`admin.tickets.questionKinds.${q.kind === 'boolean' ? 'boolean' : 'text'}`)}
              {q.required ? ' *' : ''}
            </span>
            <DeleteButton intent="delete-question" id={q.id} />
          </li>
        ))}
      </ul>
      <CheckedForm schema={questionFormSchema} serverErrors={errorsFor('add-question')} method="post" className="mt-3 space-y-3 rounded border border-slate-300 p-4">
        {(errors) => (
          <>
            <h3 className="font-semibold">{t('admin.tickets.addQuestion')}</h3>
            <input type="hidden" name="intent" value="add-question" />
            <div className="grid gap-3 md:grid-cols-3">
              <Field idPrefix="q" name="labelFr" lang="fr" label={`${t('admin.tickets.fields.label')} — ${t('admin.common.french')}`} errors={errors} />
              <Field idPrefix="q" name="labelEn" lang="en" label={`${t('admin.tickets.fields.label')} — ${t('admin.common.english')}`} errors={errors} />
              <SelectField
                idPrefix="q"
                name="kind"
                label={t('admin.tickets.fields.questionKind')}
                errors={errors}
                options={[
                  { value: 'text', label: t('admin.tickets.questionKinds.text') },
                  { value: 'boolean', label: t('admin.tickets.questionKinds.boolean') },
                ]}
              />
            </div>
            <CheckboxField idPrefix="q" name="required" label={t('admin.tickets.fields.required')} />
            <button type="submit" className={buttonClass}>
              {t('admin.common.add')}
            </button>
          </>
        )}
      </CheckedForm>
    </section>
  )
}
