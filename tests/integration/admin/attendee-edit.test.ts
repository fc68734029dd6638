import { and, eq, sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { getDb } from '#db/client'
import { attendees, auditEntries, events } from '#db/schema/index'
import { translate } from '~/locales'
import { action } from '~/routes/$lang.admin.registrations.$registrationId'
import { run } from '../auth/helpers'
import { createAdminWorld, request } from './fixtures'
import { routeArgs } from '../../factories/route-args'

const ctx = { context: { requestId: 'test', cspNonce: 'test' } }

type World = Awaited<ReturnType<typeof createAdminWorld>>

function edit(world: World, form: Record<string, string>, cookie = world.people.organiser.cookie, lang: 'fr' | 'en' = 'fr') {
  const id = world.consenting.registration.id
  return run(() =>
    action(routeArgs({ request: request(`/${lang}/admin/registrations/${id}`, cookie, { form: { intent: 'edit-attendee', attendeeId: world.consenting.attendee.id, ...form } }), params: { lang, registrationId: id }, ...ctx })),
  )
}

async function attendeeRow(id: string) {
  const [row] = await getDb().select().from(attendees).where(eq(attendees.id, id))
  return row
}

describe('organisers edit a delegate’s details from the registration page', () => {
  it('saves a corrected name and address after the self-service cut-off, audits it and tells both addresses', async () => {
    const world = await createAdminWorld()
    // The self-service window has closed (cut-off longer than the time left before the start).
    await getDb().update(events).set({ changeCutoffHours: 24 * 365 }).where(eq(events.id, world.event.id))
    const before = await attendeeRow(world.consenting.attendee.id)
    const newEmail = `line.corrected-${world.org.slug}@example.test`
    const saved = await edit(world, { firstName: 'Line', lastName: 'Consent-Marie', email: newEmail, locale: 'en', jobTitle: 'Export manager', phone: '+596 696 00 00 00' })
    expect(saved.status).toBe(200)
    expect(saved.body).toMatchObject({ ok: true, notice: 'admin.registration.attendeeEdited' })
    const after = await attendeeRow(world.consenting.attendee.id)
    expect(after).toMatchObject({ lastName: 'Consent-Marie', email: newEmail, locale: 'en', jobTitle: 'Export manager', phone: '+596 696 00 00 00' })
    expect(after.calendarSequence).toBe(before.calendarSequence + 1)
    const audits = await getDb().select().from(auditEntries).where(and(eq(auditEntries.subjectId, before.id), eq(auditEntries.action, 'attendee.changed')))
    expect(audits).toHaveLength(1)
    expect(audits[0].actorUserId).toBe(world.people.organiser.id)
    const jobs = await getDb().execute<{ previous: string }>(
      sql`select data->'data'->>'previousEmail' as previous from pgboss.job where name = 'notify.dispatch' and data->>'kind' = 'attendee.changed' and data->>'attendeeId' = ${before.id}`,
    )
    expect(jobs.map((j) => j.previous)).toEqual([before.email])
  })

  it('refuses bad input and another delegate’s address with a message in the reader’s language, changing nothing', async () => {
    const world = await createAdminWorld()
    const before = await attendeeRow(world.consenting.attendee.id)
    const badEmail = await edit(world, { firstName: '', lastName: 'X', email: 'not-an-email', locale: 'fr' }, world.people.organiser.cookie, 'en')
    expect(badEmail.status).toBe(400)
    const errors = (badEmail.body as { fieldErrors: Record<string, string[]> }).fieldErrors
    expect(translate('en', errors.email[0] as never)).toBe('Enter a valid email address (e.g. name@company.com).')
    expect(translate('fr', errors.firstName[0] as never)).toBe('Ce champ est obligatoire.')
    const taken = await edit(world, { firstName: 'Line', lastName: 'Consent', email: world.private.attendee.email, locale: 'fr' })
    expect(taken.status).toBe(409)
    expect(taken.body).toMatchObject({ ok: false, formError: 'refusals.emailAlreadyRegistered' })
    const foreign = await run(() =>
      action(routeArgs({
        request: request(`/fr/admin/registrations/${world.consenting.registration.id}`, world.people.organiser.cookie, {
          form: { intent: 'edit-attendee', attendeeId: world.private.attendee.id, firstName: 'Paul', lastName: 'Hijack', email: 'p@example.test', locale: 'fr' },
        }),
        params: { lang: 'fr', registrationId: world.consenting.registration.id },
        ...ctx,
      })),
    )
    expect(foreign.status).toBe(400)
    await expect(edit(world, { firstName: 'Line', lastName: 'Staff', email: 'x@example.test', locale: 'fr' }, world.people.check_in.cookie)).resolves.toMatchObject({ status: 403 })
    expect(await attendeeRow(world.consenting.attendee.id)).toEqual(before)
    expect((await attendeeRow(world.private.attendee.id)).lastName).toBe('Private')
  })
})
