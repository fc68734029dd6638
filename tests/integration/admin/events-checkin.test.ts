import { eq, sql } from 'drizzle-orm'
import { DateTime } from 'luxon'
import { beforeAll, describe, expect, it } from 'vitest'
import { getDb } from '#db/client'
import { auditEntries, capacityPools, events, programmeItems, ticketTypes } from '#db/schema/index'
import { Refusal } from '~/utils/refusal'
import { checkIn, searchForCheckIn } from '~/modules/checkin/checkin.server'
import { addCapacityPool, addTicketType } from '~/modules/events/ticketing.server'
import { addProgrammeItem } from '~/modules/events/programme.server'
import { createEvent, duplicateEvent, publishEvent, updateEvent } from '~/modules/events/events.server'
import { eventFormSchema } from '~/modules/events/admin-schemas'
import { createAdminWorld, request } from './fixtures'
import { routeArgs } from '../../factories/route-args'

let world: Awaited<ReturnType<typeof createAdminWorld>>
const form = (over: Record<string, unknown> = {}) =>
  eventFormSchema.parse({
    slug: `b2b-${Math.random().toString(36).slice(2, 8)}-2027`,
    kind: 'b2b_meetup',
    titleFr: 'Rencontres acheteurs',
    titleEn: 'Buyers meetup',
    summaryFr: 'Résumé',
    summaryEn: 'Summary',
    descriptionFr: 'Description',
    descriptionEn: 'Description',
    timezone: 'America/New_York',
    startsLocal: '2027-03-10T09:00',
    endsLocal: '2027-03-10T17:00',
    venueName: 'Hôtel',
    venueAddress: '1 Brickell',
    venueCity: 'Miami',
    venueCountry: 'US',
    currency: 'USD',
    taxRatePercent: '8,5',
    paymentMethods: ['card'],
    reminderHours: '168, 24',
    ...over,
  })

beforeAll(async () => {
  world = await createAdminWorld()
})

describe('event administration', () => {
  it('creates with times in the venue zone, publishes only with a ticket type, duplicates one year later as a draft', async () => {
    const db = getDb()
    const actor = { id: world.people.organiser.id, organisationId: world.org.id }
    const id = await createEvent(db, actor, form())
    const [created] = await db.select().from(events).where(eq(events.id, id))
    expect(created.startsAt.toISOString()).toBe('2027-03-10T14:00:00.000Z') // 09:00 EST
    expect(created.taxRateBp).toBe(850)
    expect(created.reminderOffsetsMinutes).toEqual([10080, 1440])
    await expect(publishEvent(db, actor, id)).rejects.toMatchObject({ messageKey: 'refusals.noTicketType' })
    const delegate = await addTicketType(db, actor, id, { nameFr: 'Délégué', nameEn: 'Delegate', price: 15000, maxPerOrder: 3, hidden: false })
    const exhibitor = await addTicketType(db, actor, id, { nameFr: 'Exposant', nameEn: 'Exhibitor', price: 50000, maxPerOrder: 1, hidden: false })
    await addCapacityPool(db, actor, id, { nameFr: 'Salle', nameEn: 'Room', size: 40, ticketTypeIds: [delegate, exhibitor] })
    await addProgrammeItem(db, actor, id, { kind: 'b2b_session', titleFr: 'Rendez-vous', titleEn: 'Meetings', day: '2027-03-10', startTime: '10:00', endTime: '12:00', contactIds: [] })
    await publishEvent(db, actor, id)
    expect((await db.select().from(events).where(eq(events.id, id)))[0].status).toBe('published')

    const copyId = await duplicateEvent(db, actor, id)
    const [copy] = await db.select().from(events).where(eq(events.id, copyId))
    expect(copy.status).toBe('draft')
    expect(copy.slug).toMatch(/-2028$/)
    expect(DateTime.fromJSDate(copy.startsAt, { zone: 'America/New_York' }).toFormat('yyyy-MM-dd HH:mm')).toBe('2028-03-10 09:00')
    expect(await db.select().from(ticketTypes).where(eq(ticketTypes.eventId, copyId))).toHaveLength(2)
    expect(await db.select().from(capacityPools).where(eq(capacityPools.eventId, copyId))).toHaveLength(1)
    const [item] = await db.select().from(programmeItems).where(eq(programmeItems.eventId, copyId))
    expect(item.startsAt.toISOString()).toBe('2028-03-10T15:00:00.000Z')
  })

  it('asks for confirmation (with who is told) before moving a published event, then records it', async () => {
    const db = getDb()
    const actor = { id: world.people.organiser.id, organisationId: world.org.id }
    const current = form({ slug: world.event.slug, startsLocal: DateTime.fromJSDate(world.event.startsAt, { zone: 'America/New_York' }).toFormat("yyyy-MM-dd'T'HH:mm"), endsLocal: DateTime.fromJSDate(world.event.endsAt, { zone: 'America/New_York' }).toFormat("yyyy-MM-dd'T'HH:mm"), venueName: world.event.venueName, venueAddress: world.event.venueAddress })
    const moved = { ...current, venueName: 'Autre salle' }
    const first = await updateEvent(db, actor, world.event.id, moved)
    expect(first).toMatchObject({ kind: 'confirm', changes: expect.arrayContaining(['place']), recipients: { attendees: 2, companies: 2 } })
    expect((await db.select().from(events).where(eq(events.id, world.event.id)))[0].venueName).toBe('Venue')
    const second = await updateEvent(db, actor, world.event.id, { ...moved, confirmChange: true })
    expect(second).toEqual({ kind: 'updated', timeOrPlaceChanged: true })
    const audit = await db.select().from(auditEntries).where(sql`${auditEntries.subjectId} = ${world.event.id} and ${auditEntries.action} = 'event.rescheduled'`)
    expect(audit).toHaveLength(1)
    // The calendar service took it: event SEQUENCE up and an update job enqueued for its people.
    const [after] = await db.select().from(events).where(eq(events.id, world.event.id))
    expect(after.venueName).toBe('Autre salle')
    expect(after.calendarSequence).toBe(world.event.calendarSequence + 1)
    const jobs = await db.execute<{ n: number }>(sql`select count(*)::int as n from pgboss.job where name = 'calendar.update' and data->>'id' = ${world.event.id}`)
    expect(jobs[0].n).toBe(1)
  })

  it('rejects bad input with field errors in the reader’s language, writing nothing', async () => {
    const mod = await import('../../../app/routes/$lang.admin.events.new')
    const before = await getDb().execute<{ n: number }>(sql`select count(*)::int as n from event where organisation_id = ${world.org.id}`)
    const res = (await mod.action(routeArgs({
      request: request('/fr/admin/events/new', world.people.organiser.cookie, { form: { slug: 'Pas Bon', titleFr: '', startsLocal: '2027-03-10T10:00', endsLocal: '2027-03-09T10:00' } }),
      params: { lang: 'fr' },
      context: {} as never,
    }))) as unknown as { init: { status: number }; data: { fieldErrors: Record<string, string[]> } }
    expect(res.init.status).toBe(400)
    expect(res.data.fieldErrors.slug).toEqual(['admin.errors.slug'])
    expect(res.data.fieldErrors.titleFr).toEqual(['errors.field.required'])
    const after = await getDb().execute<{ n: number }>(sql`select count(*)::int as n from event where organisation_id = ${world.org.id}`)
    expect(after[0].n).toBe(before[0].n)
  })
})

describe('check-in', () => {
  it('checks a person in exactly once even when five phones scan at the same moment', async () => {
    const db = getDb()
    const person = await world.registration({ company: 'Scan SARL', first: 'Anne', last: 'Scan', consent: true })
    const results = await Promise.all(Array.from({ length: 5 }, () => checkIn(db, { id: world.people.check_in.id }, world.event.id, person.attendee.id)))
    expect(results.filter((r) => r.kind === 'checked_in')).toHaveLength(1)
    expect(results.filter((r) => r.kind === 'already')).toHaveLength(4)
  })

  it('warns on a cancelled ticket and on an unknown attendee', async () => {
    const db = getDb()
    const cancelled = await world.registration({ company: 'Annul', first: 'Cal', last: 'Cancel', consent: false, status: 'cancelled' })
    expect((await checkIn(db, { id: world.people.check_in.id }, world.event.id, cancelled.attendee.id)).kind).toBe('cancelled')
    const pending = await world.registration({ company: 'Attente', first: 'Pat', last: 'Pending', consent: false, status: 'pending_approval' })
    expect((await checkIn(db, { id: world.people.check_in.id }, world.event.id, pending.attendee.id)).kind).toBe('not_confirmed')
    expect((await checkIn(db, { id: world.people.check_in.id }, world.event.id, '00000000-0000-0000-0000-000000000000')).kind).toBe('not_found')
  })

  it('finds a person at the desk by any word of their name or company, accents ignored', async () => {
    const db = getDb()
    await world.registration({ company: 'Distillerie du Carbet', first: 'Hélène', last: 'Péloux-Marie', consent: false })
    const names = async (q: string) => (await searchForCheckIn(db, world.event.id, q)).map((p) => p.lastName)
    expect(await names('carbet')).toEqual(['Péloux-Marie'])
    expect(await names('du Carb')).toEqual(['Péloux-Marie'])
    expect(await names('peloux')).toEqual(['Péloux-Marie'])
    expect(await names('marie helene')).toEqual(['Péloux-Marie'])
    expect(await names('arbet')).toEqual([])
    expect(await names('%_')).toEqual([])
  })
})

describe('event form', () => {
  it('puts cross-field errors next to the field (end before start) and a Refusal carries its status', () => {
    const parsed = eventFormSchema.safeParse({ ...form(), startsLocal: '2027-03-10T10:00', endsLocal: '2027-03-09T10:00', taxRatePercent: '8.5' })
    expect(parsed.success).toBe(false)
    expect(parsed.error?.issues.find((i) => i.path[0] === 'endsLocal')?.message).toBe('admin.errors.endsBeforeStart')
    expect(new Refusal('notFound').status).toBe(404)
  })
})
