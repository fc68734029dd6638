import { and, eq, sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { getDb } from '#db/client'
import { auditEntries, emailMessages, events, partnerContacts, programmeItemContacts, programmeItems } from '#db/schema/index'
import { composeMail } from '~/modules/mail/compose.server'
import type { MailPayload } from '~/modules/mail/payload'
import { addProgrammeItem } from '~/modules/events/programme.server'
import { publishEvent } from '~/modules/events/events.server'
import { dispatch } from '~/modules/notifications/dispatch.server'
import type { Notification } from '~/modules/notifications/notify.server'
import { action, loader } from '~/routes/$lang.admin.events.$eventId.programme'
import { createAdminWorld, postForm, request } from './fixtures'
import { routeArgs } from '../../factories/route-args'

type Body = { ok: boolean; intent?: string; formError?: string; fieldErrors?: Record<string, string[]>; changes?: string[]; recipients?: Record<string, number> }

function post(cookie: string, eventId: string, form: Record<string, string | string[]>) {
  return postForm<Body>(action, `/fr/admin/events/${eventId}/programme`, { lang: 'fr', eventId }, cookie, form)
}

/** 10–12 March 2027 in New York (EST, UTC−5). */
async function worldWithDates(status: 'published' | 'draft' = 'published') {
  const world = await createAdminWorld()
  await getDb()
    .update(events)
    .set({ status, startsAt: new Date('2027-03-10T14:00:00Z'), endsAt: new Date('2027-03-12T23:00:00Z') })
    .where(eq(events.id, world.event.id))
  const contact = async (name: string, partnerId = world.partner.id) =>
    (await getDb().insert(partnerContacts).values({ partnerId, name, email: `${name.toLowerCase()}-${world.org.slug}@partner.test`, locale: 'en' }).returning())[0]
  return { world, contact }
}

const itemForm = (over: Record<string, string | string[]> = {}) => ({
  kind: 'meeting',
  titleFr: 'Rencontre au consulat',
  titleEn: 'Meeting at the consulate',
  day: '2027-03-11',
  startTime: '10:00',
  endTime: '11:00',
  place: 'Consulat',
  address: '1395 Brickell Ave',
  ...over,
})

async function jobs(name: string, where: ReturnType<typeof sql>) {
  return getDb().execute<{ data: Record<string, unknown> }>(sql`select data from pgboss.job where name = ${name} and ${where}`)
}

async function itemRow(id: string) {
  return (await getDb().select().from(programmeItems).where(eq(programmeItems.id, id)))[0]
}

describe('editing a programme item', () => {
  it('invites the contacts of a new item on a published event, refuses bad edits, saves text at once and asks before moving', async () => {
    const { world, contact } = await worldWithDates()
    const cookie = world.people.organiser.cookie
    const ana = await contact('Ana')
    const ben = await contact('Ben')
    const elsewhere = await createAdminWorld()
    const [foreign] = await getDb().insert(partnerContacts).values({ partnerId: elsewhere.partner.id, name: 'Foreign', email: `foreign-${elsewhere.org.slug}@x.test` }).returning()

    // A foreign contact is refused on add too, and nothing is created.
    const foreignAdd = await post(cookie, world.event.id, { intent: 'add', ...itemForm({ contactIds: [foreign.id] }) })
    expect(foreignAdd.status).toBe(400)
    expect(foreignAdd.body?.fieldErrors?.contactIds).toEqual(['refusals.unknownContact'])
    expect(await getDb().$count(programmeItems, eq(programmeItems.eventId, world.event.id))).toBe(0)

    const added = await post(cookie, world.event.id, { intent: 'add', ...itemForm({ contactIds: [ana.id] }) })
    expect(added).toMatchObject({ status: 200, body: { ok: true } })
    const [item] = await getDb().select().from(programmeItems).where(eq(programmeItems.eventId, world.event.id))
    const invitation = await jobs('notify.dispatch', sql`data->>'kind' = 'partner.invitation' and data->>'programmeItemId' = ${item.id}`)
    expect(invitation.map((j) => j.data.data)).toEqual([{ partnerContactIds: [ana.id] }])
    await dispatch(invitation[0].data as Notification)
    const anaMails = await getDb().select().from(emailMessages).where(eq(emailMessages.toAddress, ana.email))
    expect(anaMails.map((m) => m.kind)).toEqual(['partner.invitation'])

    const base = { intent: 'edit', itemId: item.id, contactIds: [ana.id] }
    // Bad input: 4xx with the message, nothing written.
    const backwards = await post(cookie, world.event.id, { ...base, ...itemForm({ startTime: '12:00', endTime: '11:00' }) })
    expect(backwards.status).toBe(400)
    expect(backwards.body?.fieldErrors?.endTime).toEqual(['admin.errors.endsBeforeStart'])
    const outside = await post(cookie, world.event.id, { ...base, ...itemForm({ day: '2027-03-20' }) })
    expect(outside.status).toBe(400)
    expect(outside.body?.fieldErrors?.day).toEqual(['refusals.dayOutsideEvent'])
    const foreignEdit = await post(cookie, world.event.id, { ...base, ...itemForm({ contactIds: [ana.id, foreign.id] }) })
    expect(foreignEdit.status).toBe(400)
    expect(foreignEdit.body?.formError).toBe('refusals.unknownContact')
    const checkIn = await post(world.people.check_in.cookie, world.event.id, { ...base, ...itemForm({ titleEn: 'Hacked' }) })
    expect(checkIn.status).toBe(403)
    expect((await itemRow(item.id)).title.en).toBe('Meeting at the consulate')
    expect(await getDb().$count(programmeItemContacts, eq(programmeItemContacts.programmeItemId, item.id))).toBe(1)

    // Kind only: saved at once; nothing in the invitation changes, so no calendar update.
    const kindOnly = await post(cookie, world.event.id, { ...base, ...itemForm({ kind: 'session' }) })
    expect(kindOnly).toMatchObject({ status: 200, body: { ok: true, notice: 'admin.common.saved' } })
    expect((await itemRow(item.id)).kind).toBe('session')
    expect(await jobs('calendar.update', sql`data->>'id' = ${item.id}`)).toHaveLength(0)

    // A new title: saved at once (no confirmation), and the partner's invitation is updated (SEQUENCE + 1).
    const text = await post(cookie, world.event.id, { ...base, ...itemForm({ titleEn: 'Meeting with the Consul', kind: 'session' }) })
    expect(text).toMatchObject({ status: 200, body: { ok: true, notice: 'admin.common.saved' } })
    const afterText = await itemRow(item.id)
    expect(afterText.title.en).toBe('Meeting with the Consul')
    expect(afterText.calendarSequence).toBe(1)
    expect((await jobs('calendar.update', sql`data->>'id' = ${item.id}`)).map((j) => j.data)).toEqual([{ scope: 'programme-item', id: item.id, method: 'REQUEST' }])

    // Time and place on a published event: first the confirmation step, nothing changed.
    const moved = itemForm({ titleEn: 'Meeting with the Consul', kind: 'session', startTime: '15:00', endTime: '16:30', place: 'Résidence' })
    const ask = await post(cookie, world.event.id, { ...base, ...moved, contactIds: [ben.id] })
    expect(ask.status).toBe(409)
    expect(ask.body?.changes).toEqual(['time', 'place'])
    expect(ask.body?.recipients).toEqual({ contacts: 0, invited: 1, withdrawn: 1, attendees: 2 })
    const unchanged = await itemRow(item.id)
    expect(unchanged.startsAt).toEqual(new Date('2027-03-11T15:00:00Z'))
    expect(unchanged.place).toBe('Consulat')
    expect(await jobs('calendar.update', sql`data->>'id' = ${item.id}`)).toHaveLength(1)

    // The loader shows the edit form with the item's values in the event's zone.
    const page = (await loader(routeArgs({ request: request(`/fr/admin/events/${world.event.id}/programme?edit=${item.id}`, cookie), params: { lang: 'fr', eventId: world.event.id }, context: {} }))) as {
      editing: { values: Record<string, unknown> } | null
    }
    expect(page.editing?.values).toMatchObject({ day: '2027-03-11', startTime: '10:00', endTime: '11:00', contactIds: [ana.id] })

    const [anaLink] = await getDb().select().from(programmeItemContacts).where(eq(programmeItemContacts.partnerContactId, ana.id))
    // Confirmed: moved through the calendar service, Ana (taken off) gets a CANCEL, Ben an invitation.
    const done = await post(cookie, world.event.id, { ...base, ...moved, contactIds: [ben.id], confirmChange: 'on' })
    expect(done).toMatchObject({ status: 200, body: { ok: true, notice: 'admin.programme.moved' } })
    const after = await itemRow(item.id)
    expect(after.startsAt).toEqual(new Date('2027-03-11T20:00:00Z'))
    expect(after.endsAt).toEqual(new Date('2027-03-11T21:30:00Z'))
    expect(after.place).toBe('Résidence')
    expect(after.calendarSequence).toBe(2)
    expect(await jobs('calendar.update', sql`data->>'id' = ${item.id}`)).toHaveLength(2)
    const links = await getDb().select().from(programmeItemContacts).where(eq(programmeItemContacts.programmeItemId, item.id))
    expect(links.map((l) => l.partnerContactId)).toEqual([ben.id])
    const benInvite = await jobs('notify.dispatch', sql`data->>'kind' = 'partner.invitation' and data->>'programmeItemId' = ${item.id} and data->'data'->'partnerContactIds' ? ${ben.id}`)
    expect(benInvite).toHaveLength(1)
    const [audit] = await getDb().select().from(auditEntries).where(and(eq(auditEntries.subjectId, item.id), eq(auditEntries.action, 'programme_item.moved')))
    expect(audit.data).toMatchObject({ changes: ['time', 'place'], contactsAdded: [ben.id], contactsRemoved: [ana.id] })

    const [cancel] = await getDb().select().from(emailMessages).where(and(eq(emailMessages.toAddress, ana.email), eq(emailMessages.kind, 'programme-item.cancelled')))
    expect(cancel).toBeDefined()
    const built = await composeMail(getDb(), { id: cancel.id, payload: cancel.payload as MailPayload })
    expect(built.toAddress).toBe(ana.email)
    const calendarPart = built.mail.icalEvent as { method?: string; content?: unknown } | undefined
    expect(calendarPart?.method).toBe('CANCEL')
    const ics = String(calendarPart?.content)
    expect(ics).toContain(`UID:${anaLink.calendarUid}`)
    expect(ics).toContain('METHOD:CANCEL')
    expect(ics).toContain('STATUS:CANCELLED')
    // Her invitation was at SEQUENCE 1 after the title change; the withdrawal goes one above.
    expect(ics).toMatch(/SEQUENCE:2\r?\n/)
  })

  it('moves a draft item without any calendar mail, and invites the contacts when the event is published', async () => {
    const { world, contact } = await worldWithDates('draft')
    const cora = await contact('Cora')
    const actor = { id: world.people.organiser.id, organisationId: world.org.id }
    const itemId = await addProgrammeItem(getDb(), actor, world.event.id, { ...itemForm(), kind: 'meeting', contactIds: [cora.id] })
    expect(await jobs('notify.dispatch', sql`data->>'programmeItemId' = ${itemId}`)).toHaveLength(0)

    const moved = await post(world.people.organiser.cookie, world.event.id, { intent: 'edit', itemId, ...itemForm({ startTime: '08:00', endTime: '09:00' }), contactIds: [cora.id] })
    expect(moved).toMatchObject({ status: 200, body: { ok: true, notice: 'admin.common.saved' } })
    const row = await itemRow(itemId)
    expect(row.startsAt).toEqual(new Date('2027-03-11T13:00:00Z'))
    expect(row.calendarSequence).toBe(0)
    expect(await jobs('calendar.update', sql`data->>'id' = ${itemId}`)).toHaveLength(0)

    await publishEvent(getDb(), actor, world.event.id)
    const invitations = await jobs('notify.dispatch', sql`data->>'kind' = 'partner.invitation' and data->>'programmeItemId' = ${itemId}`)
    expect(invitations).toHaveLength(1)
    await dispatch(invitations[0].data as Notification)
    await dispatch(invitations[0].data as Notification) // a retried job mails once
    expect(await getDb().$count(emailMessages, eq(emailMessages.toAddress, cora.email))).toBe(1)
  })
})
