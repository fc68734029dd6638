import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { asc, eq } from 'drizzle-orm'
import { DateTime } from 'luxon'
import { getDb } from '#db/client'
import { PROGRAMME_ITEM_KINDS } from '#db/schema/events'
import { partnerContacts, partners } from '#db/schema/index'
import { invalid, orRespond, parseForm, runAction } from '~/modules/admin/forms.server'
import { authorize } from '~/modules/admin/guard.server'
import { CheckboxField, EventTabs, Field, FormMessage, PageTitle, SelectField, buttonClass, dangerButtonClass } from '~/modules/admin/ui'
import { addProgrammeItem, deleteProgrammeItem, listProgramme, loadEventForAdmin } from '~/modules/events/admin.server'
import { programmeItemFormSchema } from '~/modules/events/admin-schemas'
import { localized, type MessageKey } from '~/locales'
import { useLocale, useT } from '~/utils/i18n'
import { dayKey, formatDay } from '~/utils/time'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await authorize(request, '$lang.admin.events.$eventId.programme', 'loader')
  const db = getDb()
  const event = await orRespond(loadEventForAdmin(db, user, params.eventId ?? ''))
  const items = await listProgramme(db, event.id)
  const contacts = await db
    .select({ id: partnerContacts.id, name: partnerContacts.name, partner: partners.name })
    .from(partnerContacts)
    .innerJoin(partners, eq(partners.id, partnerContacts.partnerId))
    .where(eq(partners.organisationId, user.organisationId))
    .orderBy(asc(partners.name), asc(partnerContacts.name))
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
  return {
    event: { id: event.id, title: event.title, status: event.status, timezone: event.timezone, firstDay: dayKey(event.startsAt, event.timezone) },
    days: [...days.values()].map((d) => ({ ...d, startsAt: items.find((i) => dayKey(i.startsAt, event.timezone) === d.key)!.startsAt })),
    contacts,
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await authorize(request, '$lang.admin.events.$eventId.programme', 'action')
  const eventId = params.eventId ?? ''
  const formData = await request.formData()
  const intent = String(formData.get('intent') ?? '')
  if (intent === 'delete') {
    return runAction(intent, async () => {
      await deleteProgrammeItem(getDb(), user, eventId, String(formData.get('itemId') ?? ''))
      return { ok: true, intent, notice: 'admin.common.saved' }
    })
  }
  const parsed = parseForm(formData, programmeItemFormSchema)
  if (!parsed.ok) return invalid('add', parsed.fieldErrors, parsed.values)
  return runAction('add', async () => {
    await addProgrammeItem(getDb(), user, eventId, parsed.value)
    return { ok: true, intent: 'add', notice: 'admin.common.saved' }
  })
}

export default function Programme() {
  const { event, days, contacts } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const t = useT()
  const locale = useLocale()
  const errors = result && !result.ok ? result.fieldErrors : undefined
  const values = result && !result.ok && 'values' in result ? (result.values ?? {}) : {}
  const v = (k: string) => (typeof values[k] === 'string' ? (values[k] as string) : undefined)
  return (
    <section aria-labelledby="page-title">
      <PageTitle>{localized(event.title, locale)}</PageTitle>
      <EventTabs eventId={event.id} />
      <h2 className="mt-4 text-xl font-semibold">{t('admin.programme.title')}</h2>
      <p className="text-sm text-slate-700">{t('admin.programme.timesIn', { zone: event.timezone })}</p>
      <div className="mt-2">
        <FormMessage result={result} />
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
                    <span className="text-sm text-slate-700">({t(`admin.programme.kinds.${item.kind}` as MessageKey)})</span>
                  </p>
                  {item.place ? <p className="text-sm text-slate-700">{item.place}</p> : null}
                  <p className="text-sm text-slate-700">
                    {t('admin.programme.contacts')} :{' '}
                    {item.contacts.length ? item.contacts.map((c) => `${c.name} (${c.partner})`).join(', ') : t('admin.programme.noContacts')}
                  </p>
                </div>
                {event.status === 'draft' ? (
                  <Form method="post">
                    <input type="hidden" name="itemId" value={item.id} />
                    <button type="submit" name="intent" value="delete" className={dangerButtonClass}>
                      {t('admin.common.delete')}
                    </button>
                  </Form>
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      ))}
      <Form method="post" className="mt-6 space-y-4 rounded border border-slate-300 p-4" noValidate>
        <h3 className="font-semibold">{t('admin.programme.addTitle')}</h3>
        <input type="hidden" name="intent" value="add" />
        <div className="grid gap-4 md:grid-cols-4">
          <SelectField
            name="kind"
            label={t('admin.programme.fields.kind')}
            errors={errors}
            defaultValue={v('kind') ?? 'session'}
            options={PROGRAMME_ITEM_KINDS.map((k) => ({ value: k, label: t(`admin.programme.kinds.${k}` as MessageKey) }))}
          />
          <Field name="day" type="date" label={t('admin.programme.fields.day')} errors={errors} defaultValue={v('day') ?? event.firstDay} />
          <Field name="startTime" type="time" label={t('admin.programme.fields.startTime')} errors={errors} defaultValue={v('startTime')} />
          <Field name="endTime" type="time" label={t('admin.programme.fields.endTime')} errors={errors} defaultValue={v('endTime')} />
        </div>
        <div className="grid gap-4 md:grid-cols-2">
          <Field name="titleFr" lang="fr" label={`${t('admin.programme.fields.title')} — ${t('admin.common.french')}`} errors={errors} defaultValue={v('titleFr')} />
          <Field name="titleEn" lang="en" label={`${t('admin.programme.fields.title')} — ${t('admin.common.english')}`} errors={errors} defaultValue={v('titleEn')} />
          <Field name="descriptionFr" lang="fr" multiline rows={2} label={`${t('admin.programme.fields.description')} — ${t('admin.common.french')}`} errors={errors} defaultValue={v('descriptionFr')} />
          <Field name="descriptionEn" lang="en" multiline rows={2} label={`${t('admin.programme.fields.description')} — ${t('admin.common.english')}`} errors={errors} defaultValue={v('descriptionEn')} />
          <Field name="place" label={t('admin.programme.fields.place')} errors={errors} defaultValue={v('place')} />
          <Field name="address" label={t('admin.programme.fields.address')} errors={errors} defaultValue={v('address')} />
        </div>
        {contacts.length > 0 ? (
          <fieldset>
            <legend className="text-sm font-semibold">{t('admin.programme.contacts')}</legend>
            <div className="grid gap-1 md:grid-cols-2">
              {contacts.map((c) => (
                <CheckboxField key={c.id} name="contactIds" value={c.id} label={`${c.name} — ${c.partner}`} />
              ))}
            </div>
          </fieldset>
        ) : null}
        <button type="submit" className={buttonClass}>
          {t('admin.common.add')}
        </button>
      </Form>
    </section>
  )
}
