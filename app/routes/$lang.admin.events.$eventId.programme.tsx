import { data, Form, Link, useActionData, useLoaderData, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from 'react-router'
import { pageTitle } from '~/utils/page-meta'
import { DateTime } from 'luxon'
import { getDb } from '#db/client'
import { PROGRAMME_ITEM_KINDS } from '~/modules/events/vocabulary'
import { listContactsForProgramme } from '~/modules/partners/partners.server'
import { invalid, orRespond, parseForm, runAction, type FormValues } from '~/utils/forms.server'
import type { FieldErrors } from '~/components/forms'
import { authorize } from '~/modules/auth/guard.server'
import { EventTabs, PageTitle } from '~/components/admin/ui'
import { addProgrammeItem, deleteProgrammeItem, listProgramme, loadProgrammeItemForEdit, updateProgrammeItem } from '~/modules/events/programme.server'
import { loadEventForAdmin } from '~/modules/events/events.server'
import { programmeItemEditSchema, programmeItemFormSchema } from '~/modules/events/admin-schemas'
import { localized, translateMessage } from '~/locales'
import { localePath, useLocale, useT } from '~/utils/i18n'
import { dayKey, formatDay } from '~/utils/time'
import { CheckboxField, CheckedForm, ErrorList, Field, FormMessage, SelectField, buttonClass, dangerButtonClass } from '~/components/forms'

export const meta: MetaFunction = ({ params }) => pageTitle(params, 'admin.events.tabs.programme')

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await authorize(request, '$lang.admin.events.$eventId.programme', 'loader')
  const db = getDb()
  const event = await orRespond(loadEventForAdmin(db, user, params.eventId ?? ''))
  const items = await listProgramme(db, event.id)
  const contacts = await listContactsForProgramme(db, user.organisationId)
  const days = new Map<string, { key: string; label: string; items: typeof view }>()
  const view = items.map((item) => ({
    id: item.id,
    kind: item.kind,
    title: item.title,
    place: item.place,
    cancelled: Boolean(item.cancelledAt),
    start: DateTime.fromJSDate(item.startsAt, { zone: event.timezone }).toFormat('HH:mm'),
    end: DateTime.fromJSDate(item.endsAt, { zone: event.timezone }).toFormat('HH:mm'),
    day: dayKey(item.startsAt, event.timezone),
    contacts: item.contacts,
  }))
  for (const item of view) {
    const day = days.get(item.day) ?? { key: item.day, label: '', items: [] }
    day.items.push(item)
    days.set(item.day, day)
  }
  const editId = new URL(request.url).searchParams.get('edit')
  const editing = editId ? await orRespond(loadProgrammeItemForEdit(db, event, editId)) : null
  return {
    editing: editing && !editing.cancelled ? editing : null,
    event: { id: event.id, title: event.title, status: event.status, timezone: event.timezone, firstDay: dayKey(event.startsAt, event.timezone) },
    days: [...days.values()].map((d) => ({ ...d, startsAt: items.find((i) => dayKey(i.startsAt, event.timezone) === d.key)!.startsAt })),
    contacts,
  }
}

type ConfirmStep = {
  ok: false
  intent: 'confirm'
  fieldErrors: Record<string, never>
  values: FormValues
  changes: string[]
  recipients: { contacts: number; invited: number; withdrawn: number; attendees: number }
}

function formValues(formData: FormData): FormValues {
  const values: FormValues = {}
  for (const [k, v] of formData.entries()) if (typeof v === 'string') values[k] = k in values ? ([] as string[]).concat(values[k], v) : v
  return values
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await authorize(request, '$lang.admin.events.$eventId.programme', 'action')
  const event = await orRespond(loadEventForAdmin(getDb(), user, params.eventId ?? ''))
  const eventId = event.id
  const formData = await request.formData()
  const intent = String(formData.get('intent') ?? '')
  if (intent === 'delete') {
    return runAction(intent, async () => {
      await deleteProgrammeItem(getDb(), user, eventId, String(formData.get('itemId') ?? ''))
      return { ok: true, intent, notice: 'admin.common.saved' }
    })
  }
  if (intent === 'edit') {
    const edit = parseForm(formData, programmeItemEditSchema)
    if (!edit.ok) return invalid(intent, edit.fieldErrors, edit.values)
    const { itemId, ...form } = edit.value
    let confirm: ConfirmStep | null = null
    const result = await runAction(intent, async () => {
      const outcome = await updateProgrammeItem(getDb(), user, eventId, itemId, form)
      if (outcome.kind === 'confirm') {
        confirm = { ok: false, intent: 'confirm', fieldErrors: {}, values: formValues(formData), changes: outcome.changes, recipients: outcome.recipients }
        return
      }
      return { ok: true, intent, notice: outcome.timeOrPlaceChanged && event.status === 'published' ? 'admin.programme.moved' : 'admin.common.saved' }
    })
    if (confirm) return data(confirm as ConfirmStep, { status: 409 })
    // A refusal keeps what the organiser typed (the page works without JavaScript too).
    if (!result.data.ok) result.data = { ...result.data, values: formValues(formData) }
    return result
  }
  const parsed = parseForm(formData, programmeItemFormSchema)
  if (!parsed.ok) return invalid('add', parsed.fieldErrors, parsed.values)
  return runAction('add', async () => {
    await addProgrammeItem(getDb(), user, eventId, parsed.value)
    return { ok: true, intent: 'add', notice: 'admin.common.saved' }
  })
}

type ItemValues = Record<string, string | string[] | undefined>

/** The fields of a programme item, for the add and the edit forms. */
function ItemFields({
  values,
  errors,
  contacts,
  idPrefix,
}: {
  values: ItemValues
  errors?: FieldErrors
  contacts: { id: string; name: string; partner: string }[]
  idPrefix?: string
}) {
  const t = useT()
  const v = (k: string) => (typeof values[k] === 'string' ? (values[k] as string) : undefined)
  const chosen = ([] as (string | undefined)[]).concat(values.contactIds)
  return (
    <>
      <div className="grid gap-4 md:grid-cols-4">
        <SelectField
          name="kind"
          idPrefix={idPrefix}
          label={t('admin.programme.fields.kind')}
          errors={errors}
          defaultValue={v('kind') ?? 'session'}
          options={PROGRAMME_ITEM_KINDS.map((k) => ({ value: k, label: t(`admin.programme.kinds.${k}`) }))}
        />
        <Field name="day" idPrefix={idPrefix} type="date" label={t('admin.programme.fields.day')} errors={errors} defaultValue={v('day')} />
        <Field name="startTime" idPrefix={idPrefix} type="time" label={t('admin.programme.fields.startTime')} errors={errors} defaultValue={v('startTime')} />
        <Field name="endTime" idPrefix={idPrefix} type="time" label={t('admin.programme.fields.endTime')} errors={errors} defaultValue={v('endTime')} />
      </div>
      <div className="grid gap-4 md:grid-cols-2">
        <Field name="titleFr" idPrefix={idPrefix} lang="fr" label={`${t('admin.programme.fields.title')} — ${t('admin.common.french')}`} errors={errors} defaultValue={v('titleFr')} />
        <Field name="titleEn" idPrefix={idPrefix} lang="en" label={`${t('admin.programme.fields.title')} — ${t('admin.common.english')}`} errors={errors} defaultValue={v('titleEn')} />
        <Field name="descriptionFr" idPrefix={idPrefix} lang="fr" multiline rows={2} label={`${t('admin.programme.fields.description')} — ${t('admin.common.french')}`} errors={errors} defaultValue={v('descriptionFr')} />
        <Field name="descriptionEn" idPrefix={idPrefix} lang="en" multiline rows={2} label={`${t('admin.programme.fields.description')} — ${t('admin.common.english')}`} errors={errors} defaultValue={v('descriptionEn')} />
        <Field name="place" idPrefix={idPrefix} label={t('admin.programme.fields.place')} errors={errors} defaultValue={v('place')} />
        <Field name="address" idPrefix={idPrefix} label={t('admin.programme.fields.address')} errors={errors} defaultValue={v('address')} />
      </div>
      {contacts.length > 0 ? (
        <fieldset aria-describedby={errors?.contactIds ? `${idPrefix ?? 'f'}-contactIds-error` : undefined}>
          <legend className="text-sm font-semibold">{t('admin.programme.contacts')}</legend>
          <div className="grid gap-1 md:grid-cols-2">
            {contacts.map((c) => (
              <CheckboxField key={c.id} idPrefix={idPrefix} name="contactIds" value={c.id} label={`${c.name} — ${c.partner}`} defaultChecked={chosen.includes(c.id)} />
            ))}
          </div>
          <ErrorList id={`${idPrefix ?? 'f'}-contactIds-error`} errors={errors?.contactIds} />
        </fieldset>
      ) : null}
    </>
  )
}

export default function Programme() {
  const { event, days, contacts, editing } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const t = useT()
  const locale = useLocale()
  const confirm = result && 'changes' in result ? result : null
  const failed = result && !result.ok && !confirm ? result : null
  const serverErrors = failed && failed.intent === 'add' ? failed.fieldErrors : undefined
  const values: ItemValues = failed && failed.intent === 'add' && 'values' in failed ? (failed.values ?? {}) : {}
  const editErrors = failed && failed.intent === 'edit' ? failed.fieldErrors : undefined
  const editValues: ItemValues | null = editing
    ? ((confirm?.values ?? (failed && failed.intent === 'edit' && 'values' in failed ? failed.values : undefined) ?? editing.values) as ItemValues)
    : null
  return (
    <section aria-labelledby="page-title">
      <PageTitle>{localized(event.title, locale)}</PageTitle>
      <EventTabs eventId={event.id} />
      <h2 className="mt-4 text-xl font-semibold">{t('admin.programme.title')}</h2>
      <p className="text-sm text-slate-700">{t('admin.programme.timesIn', { zone: event.timezone })}</p>
      <div className="mt-2">
        <FormMessage result={confirm || failed?.intent === 'edit' ? null : result} />
      </div>
      {days.length === 0 ? <p className="mt-3 text-sm">{t('admin.programme.empty')}</p> : null}
      {days.map((day) => (
        <section key={day.key} className="mt-4" aria-label={formatDay(new Date(day.startsAt), event.timezone, locale)}>
          <h3 className="font-semibold capitalize">{formatDay(new Date(day.startsAt), event.timezone, locale)}</h3>
          <ul className="mt-1 divide-y divide-slate-200 rounded border border-slate-200">
            {day.items.map((item) => (
              <li key={item.id} className="flex flex-wrap items-start justify-between gap-2 px-3 py-2">
                <div>
                  <p className="font-medium">
                    {item.start}–{item.end} · {localized(item.title, locale)}{' '}
                    <span className="text-sm text-slate-700">({t(`admin.programme.kinds.${item.kind}`)})</span>
                  </p>
                  {item.place ? <p className="text-sm text-slate-700">{item.place}</p> : null}
                  <p className="text-sm text-slate-700">
                    {t('admin.programme.contacts')}{t('common.colon')}{' '}
                    {item.contacts.length ? item.contacts.map((c) => `${c.name} (${c.partner})`).join(', ') : t('admin.programme.noContacts')}
                  </p>
                </div>
                <div className="flex flex-wrap gap-2">
                {!item.cancelled ? (
                  <Link to={`?edit=${item.id}#edit-item`} className="rounded border border-slate-400 px-3 py-1 text-sm underline" aria-label={`${t('admin.programme.edit')}${t('common.colon')} ${localized(item.title, locale)}`}>
                    {t('admin.programme.edit')}
                  </Link>
                ) : null}
                {event.status === 'draft' ? (
                  <Form method="post">
                    <input type="hidden" name="itemId" value={item.id} />
                    <button type="submit" name="intent" value="delete" className={dangerButtonClass}>
                      {t('admin.common.delete')}
                    </button>
                  </Form>
                ) : null}
                </div>
              </li>
            ))}
          </ul>
        </section>
      ))}
      {editing && editValues ? (
        <CheckedForm schema={programmeItemEditSchema} serverErrors={editErrors} key={confirm ? 'confirm' : JSON.stringify(editing.values)} method="post" id="edit-item" aria-labelledby="edit-item-title" className="mt-6 space-y-4 rounded border-2 border-slate-500 p-4">
          {(errors) => (
            <>
              <h3 id="edit-item-title" className="font-semibold">
                {t('admin.programme.editTitle')}
              </h3>
              {failed && failed.intent === 'edit' ? <FormMessage result={failed} /> : null}
              {confirm ? (
                <div role="alertdialog" aria-labelledby="confirm-item-title" className="rounded border-2 border-amber-600 bg-amber-50 p-4">
                  <h4 id="confirm-item-title" className="font-semibold">
                    {t('admin.programme.confirm.title')}
                  </h4>
                  <p className="mt-2 text-sm">
                    {t('admin.programme.confirm.body', {
                      changes: confirm.changes.map((c) => translateMessage(t, `admin.events.confirmChange.${c}`)).join(', '),
                      contacts: confirm.recipients.contacts,
                      invited: confirm.recipients.invited,
                      withdrawn: confirm.recipients.withdrawn,
                    })}
                  </p>
                  <p className="mt-1 text-sm text-slate-700">{t('admin.programme.confirm.attendees', { attendees: confirm.recipients.attendees })}</p>
                  <input type="hidden" name="confirmChange" value="on" />
                </div>
              ) : null}
              <input type="hidden" name="intent" value="edit" />
              <input type="hidden" name="itemId" value={editing.id} />
              <ItemFields values={editValues} errors={errors} contacts={contacts} idPrefix="edit" />
              <div className="flex flex-wrap items-center gap-3">
                <button type="submit" className={buttonClass}>
                  {confirm ? t('admin.programme.confirm.submit') : t('admin.common.save')}
                </button>
                <Link to={localePath(locale, `/admin/events/${event.id}/programme`)} className="text-sm underline">
                  {t('admin.programme.editCancel')}
                </Link>
              </div>
            </>
          )}
        </CheckedForm>
      ) : null}
      <CheckedForm schema={programmeItemFormSchema} serverErrors={serverErrors} method="post" className="mt-6 space-y-4 rounded border border-slate-300 p-4">
        {(errors) => (
          <>
            <h3 className="font-semibold">{t('admin.programme.addTitle')}</h3>
            <input type="hidden" name="intent" value="add" />
            <ItemFields values={{ day: event.firstDay, ...values }} errors={errors} contacts={contacts} />
            <button type="submit" className={buttonClass}>
              {t('admin.common.add')}
            </button>
          </>
        )}
      </CheckedForm>
    </section>
  )
}
