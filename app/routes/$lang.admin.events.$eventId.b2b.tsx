import { Form, useActionData, useLoaderData, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from 'react-router'
import { z } from 'zod'
import { getDb } from '#db/client'
import { EventTabs, PageTitle } from '~/components/admin/ui'
import { CheckedForm, Field, FormMessage, SubmitButton, inputClass } from '~/components/forms'
import { localized, paramLocale, translate } from '~/locales'
import { authorize } from '~/modules/auth/guard.server'
import { sessionSchema, settingsSchema } from '~/modules/b2b/b2b-schemas'
import { dashboardOf } from '~/modules/b2b/dashboard.server'
import { brokerMeeting } from '~/modules/b2b/requests.server'
import { cancelMeeting, publishSchedule, scheduleAll, setMeetingLock } from '~/modules/b2b/scheduling.server'
import { addSession, saveSettings } from '~/modules/b2b/sessions.server'
import { loadEventForAdmin } from '~/modules/events/events.server'
import { invalid, orRespond, parseForm, runAction } from '~/utils/forms.server'
import { badRequest } from '~/utils/http.server'
import { localePath, useLocale, useT } from '~/utils/i18n'

export const meta: MetaFunction = ({ params }) => [{ title: translate(paramLocale(params), 'b2b.admin.tab') }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await authorize(request, '$lang.admin.events.$eventId.b2b', 'loader')
  const event = await orRespond(loadEventForAdmin(getDb(), user, params.eventId ?? ''))
  return { event: { id: event.id, title: event.title }, board: await dashboardOf(event, paramLocale(params)) }
}

const INTENTS = ['settings', 'session', 'broker', 'schedule', 'publish', 'lock', 'unlock', 'cancel'] as const

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await authorize(request, '$lang.admin.events.$eventId.b2b', 'action')
  const event = await orRespond(loadEventForAdmin(getDb(), user, params.eventId ?? ''))
  const form = await request.formData()
  const intent = z.enum(INTENTS).safeParse(form.get('intent'))
  if (!intent.success) return invalid(undefined, {})
  const meetingId = () => {
    const id = z.guid().safeParse(form.get('meetingId'))
    if (!id.success) badRequest()
    return id.data
  }
  switch (intent.data) {
    case 'settings': {
      const parsed = parseForm(form, settingsSchema)
      if (!parsed.ok) return invalid('settings', parsed.fieldErrors, parsed.values)
      return runAction('settings', async () => {
        await saveSettings(event.id, parsed.value)
        return { ok: true, intent: 'settings', notice: 'b2b.admin.saved' }
      })
    }
    case 'session': {
      const parsed = parseForm(form, sessionSchema)
      if (!parsed.ok) return invalid('session', parsed.fieldErrors, parsed.values)
      return runAction('session', async () => {
        await addSession(event, parsed.value)
        return { ok: true, intent: 'session', notice: 'b2b.admin.saved' }
      })
    }
    case 'broker': {
      const pair = z.object({ companyA: z.guid(), companyB: z.guid() }).safeParse(Object.fromEntries(form))
      if (!pair.success) badRequest()
      return runAction('broker', async () => {
        await brokerMeeting(event.id, [pair.data.companyA, pair.data.companyB], { userId: user.id })
        return { ok: true, intent: 'broker', notice: 'b2b.admin.brokered' }
      })
    }
    case 'schedule':
      return runAction('schedule', async () => {
        const run = await scheduleAll(event.id)
        return { ok: true, intent: 'schedule', notice: translate(paramLocale(params), 'b2b.admin.scheduled', { placed: run.placed, unplaced: run.unplaced.length }) }
      })
    case 'publish':
      return runAction('publish', async () => {
        const count = await publishSchedule(event.id)
        return { ok: true, intent: 'publish', notice: translate(paramLocale(params), 'b2b.admin.published', { count }) }
      })
    case 'lock':
    case 'unlock': {
      const id = meetingId()
      return runAction(intent.data, async () => setMeetingLock(event.id, id, intent.data === 'lock'))
    }
    case 'cancel': {
      const id = meetingId()
      return runAction('cancel', async () => cancelMeeting(event.id, id))
    }
  }
}

export default function EventB2b() {
  const { event, board } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const t = useT()
  const locale = useLocale()
  const errorsFor = (intent: string) => (result && !result.ok && result.intent === intent ? result.fieldErrors : undefined)
  return (
    <section aria-labelledby="page-title" className="space-y-6">
      <PageTitle>{t('b2b.admin.title', { event: localized(event.title, locale) })}</PageTitle>
      <EventTabs eventId={event.id} />
      <FormMessage result={result} />

      <section aria-labelledby="b2b-dashboard">
        <h2 id="b2b-dashboard" className="text-lg font-semibold">{t('b2b.admin.dashboard')}</h2>
        <p data-testid="b2b-counts">{t('b2b.admin.counts', board.counts)}</p>
        {board.withoutProfile.length ? <p>{t('b2b.admin.noProfile', { list: board.withoutProfile.join(', ') })}</p> : null}
        {board.withoutRequests.length ? <p>{t('b2b.admin.noRequests', { list: board.withoutRequests.join(', ') })}</p> : null}
      </section>

      <section aria-labelledby="b2b-settings">
        <h2 id="b2b-settings" className="text-lg font-semibold">{t('b2b.admin.settings')}</h2>
        <CheckedForm schema={settingsSchema} serverErrors={errorsFor('settings')} method="post" className="flex flex-wrap items-end gap-3">
          {(errors) => (
            <>
              <Field name="requestExpiryHours" label={t('b2b.admin.expiry')} inputMode="numeric" defaultValue={String(board.settings.requestExpiryHours)} errors={errors} />
              <Field name="maxOpenRequests" label={t('b2b.admin.cap')} inputMode="numeric" defaultValue={String(board.settings.maxOpenRequests)} errors={errors} />
              <Field name="slotMinutes" label={t('b2b.admin.slot')} inputMode="numeric" defaultValue={String(board.settings.slotMinutes)} errors={errors} />
              <SubmitButton name="intent" value="settings">{t('b2b.admin.saveSettings')}</SubmitButton>
            </>
          )}
        </CheckedForm>
      </section>

      <section aria-labelledby="b2b-sessions">
        <h2 id="b2b-sessions" className="text-lg font-semibold">{t('b2b.admin.sessions')}</h2>
        <ul className="list-disc pl-5">
          {board.sessions.map((s) => (
            <li key={s.id}>{t('b2b.admin.sessionLine', { when: s.when, slots: s.slots, tables: s.tables })}</li>
          ))}
        </ul>
        <CheckedForm schema={sessionSchema} serverErrors={errorsFor('session')} method="post" className="mt-2 flex flex-wrap items-end gap-3">
          {(errors) => (
            <>
              <Field name="day" type="date" label={t('b2b.admin.day')} errors={errors} />
              <Field name="startTime" type="time" label={t('b2b.admin.start')} errors={errors} />
              <Field name="endTime" type="time" label={t('b2b.admin.end')} errors={errors} />
              <Field name="slotMinutes" label={t('b2b.admin.slot')} inputMode="numeric" defaultValue={String(board.settings.slotMinutes)} idPrefix="session" errors={errors} />
              <Field name="tableCount" label={t('b2b.admin.tables')} inputMode="numeric" errors={errors} />
              <Field name="breaks" label={t('b2b.admin.breaks')} errors={errors} />
              <SubmitButton name="intent" value="session">{t('b2b.admin.addSession')}</SubmitButton>
            </>
          )}
        </CheckedForm>
      </section>

      <section aria-labelledby="b2b-broker">
        <h2 id="b2b-broker" className="text-lg font-semibold">{t('b2b.admin.broker')}</h2>
        <Form method="post" className="flex flex-wrap items-end gap-3">
          {(['companyA', 'companyB'] as const).map((name) => (
            <div key={name}>
              <label htmlFor={`broker-${name}`} className="block text-sm font-semibold">{t(`b2b.admin.${name}`)}</label>
              <select id={`broker-${name}`} name={name} className={inputClass}>
                {board.participants.map((p) => (
                  <option key={p.companyId} value={p.companyId}>{`${p.name} (${t(`b2b.roles.${p.role}`)})`}</option>
                ))}
              </select>
            </div>
          ))}
          <SubmitButton name="intent" value="broker">{t('b2b.admin.broker')}</SubmitButton>
        </Form>
      </section>

      <section aria-labelledby="b2b-meetings">
        <h2 id="b2b-meetings" className="text-lg font-semibold">{t('b2b.admin.meetings')}</h2>
        <Form method="post" className="flex flex-wrap gap-3">
          <SubmitButton name="intent" value="schedule">{t('b2b.admin.scheduleAll')}</SubmitButton>
          <SubmitButton name="intent" value="publish" variant="secondary">{t('b2b.admin.publish')}</SubmitButton>
          <a href={localePath(locale, `/admin/events/${event.id}/b2b/schedule.csv`)} className="self-center font-semibold text-brand-700 underline underline-offset-4" download>
            {t('b2b.admin.export')}
          </a>
          <a href={localePath(locale, `/admin/events/${event.id}/b2b/schedule.xlsx`)} className="self-center font-semibold text-brand-700 underline underline-offset-4" download>
            {t('b2b.admin.exportXlsx')}
          </a>
        </Form>
        <table className="mt-3 w-full text-left text-sm">
          <thead>
            <tr>
              <th scope="col">{t('b2b.admin.csv.start')}</th>
              <th scope="col">{t('b2b.admin.csv.table')}</th>
              <th scope="col">{t('b2b.admin.csv.companyA')}</th>
              <th scope="col">{t('b2b.admin.csv.companyB')}</th>
              <th scope="col">{t('b2b.admin.csv.status')}</th>
              <th scope="col"><span className="sr-only">{t('b2b.admin.lock')}</span></th>
            </tr>
          </thead>
          <tbody>
            {board.meetings.map((m) => (
              <tr key={m.id} className="border-t border-slate-200" data-testid="b2b-meeting">
                <td>{m.when}</td>
                <td>{m.table}</td>
                <td>{m.companyA} ({m.delegateA})</td>
                <td>{m.companyB} ({m.delegateB})</td>
                <td>
                  {t(`b2b.admin.status.${m.status}`)}
                  {m.locked ? ` · ${t('b2b.admin.locked')}` : ''}
                </td>
                <td>
                  <Form method="post" className="flex gap-2">
                    <input type="hidden" name="meetingId" value={m.id} />
                    <SubmitButton name="intent" value={m.locked ? 'unlock' : 'lock'} variant="secondary">
                      {t(m.locked ? 'b2b.admin.unlock' : 'b2b.admin.lock')}
                    </SubmitButton>
                    <SubmitButton name="intent" value="cancel" variant="danger">{t('b2b.admin.cancelMeeting')}</SubmitButton>
                  </Form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </section>
  )
}
