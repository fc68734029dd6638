import { and, eq, sql } from 'drizzle-orm'
import { afterAll, describe, expect, inject, it } from 'vitest'
import { createDatabase, getDb } from '#db/client'
import { attendees, auditEntries, emailMessages, holds, registrations, ticketTypes } from '#db/schema/index'
import { dispatch } from '~/modules/notifications/dispatch.server'
import type { Notification } from '~/modules/notifications/notify.server'
import { moveAttendee } from '~/modules/registration/attendees.server'
import { registerCompany } from '~/modules/registration/intake.server'
import { Refusal } from '~/utils/refusal'
import { action } from '~/routes/$lang.admin.registrations.$registrationId'
import { createTestEvent, registrationInput } from '../../factories'
import { createAdminWorld, postForm } from './fixtures'

const pglite = inject('databaseKind') === 'pglite'
// A second, independent connection pool: two organisers on two web instances.
const second = createDatabase(inject('databaseUrl'), { max: pglite ? 2 : 4, applicationName: 'move-second-pool' })
afterAll(() => second.sql.end({ timeout: 5 }))

const organiser = { label: 'organiser:test' }

async function attendeesOf(registrationId: string) {
  return getDb().select().from(attendees).where(eq(attendees.registrationId, registrationId)).orderBy(attendees.lastName)
}

async function seatsOfType(ticketTypeId: string) {
  const [row] = await getDb().execute<{ n: number }>(sql`
    select count(*)::int as n from attendee a join registration r on r.id = a.registration_id
    where a.ticket_type_id = ${ticketTypeId} and a.status = 'active' and r.status in ('confirmed', 'awaiting_payment')`)
  return Number(row.n)
}

describe('moving an attendee to another ticket type (service)', () => {
  it('moves an unpaid delegate, recomputes the total, audits and sends an updated confirmation', async () => {
    const event = await createTestEvent(getDb(), {
      tickets: [{ key: 'delegate', priceMinor: 5000 }, { key: 'guest' }, { key: 'vip', priceMinor: 8000 }],
    })
    const reg = await registerCompany(registrationInput(event, { [event.ticket.delegate]: 1, [event.ticket.guest]: 1 }, { paymentMethod: 'card' }))
    expect(reg.status).toBe('awaiting_payment')
    expect(reg.totalMinor).toBe(5000)
    const guest = (await attendeesOf(reg.registrationId)).find((a) => a.ticketTypeId === event.ticket.guest)!

    const moved = await moveAttendee(guest.id, event.ticket.vip, organiser)
    expect(moved.totalMinor).toBe(13000)
    const [after] = await getDb().select().from(attendees).where(eq(attendees.id, guest.id))
    expect(after).toMatchObject({ ticketTypeId: event.ticket.vip, priceMinor: 8000, calendarSequence: guest.calendarSequence + 1 })
    const [registration] = await getDb().select().from(registrations).where(eq(registrations.id, reg.registrationId))
    expect(registration.totalMinor).toBe(13000)
    const openHolds = await getDb().select({ ticketTypeId: holds.ticketTypeId, quantity: holds.quantity }).from(holds).where(eq(holds.registrationId, reg.registrationId))
    expect(openHolds.sort((x, y) => x.ticketTypeId.localeCompare(y.ticketTypeId))).toEqual(
      [{ ticketTypeId: event.ticket.delegate, quantity: 1 }, { ticketTypeId: event.ticket.vip, quantity: 1 }].sort((x, y) => x.ticketTypeId.localeCompare(y.ticketTypeId)),
    )
    const [audit] = await getDb().select().from(auditEntries).where(and(eq(auditEntries.subjectId, guest.id), eq(auditEntries.action, 'attendee.moved')))
    expect(audit.data).toMatchObject({ from: event.ticket.guest, to: event.ticket.vip, priceBefore: 0, priceAfter: 8000 })

    const [job] = await getDb().execute<{ data: Notification }>(sql`select data from pgboss.job where name = 'notify.dispatch' and data->>'kind' = 'attendee.changed' and data->>'attendeeId' = ${guest.id}`)
    expect(job).toBeDefined()
    await dispatch(job.data)
    const mails = await getDb().select().from(emailMessages).where(and(eq(emailMessages.toAddress, guest.email), eq(emailMessages.kind, 'attendee.changed')))
    expect(mails).toHaveLength(1)
    expect((mails[0].payload as { calendar?: string }).calendar).toBe('REQUEST')
  })

  it('refuses the same type, another event’s type, too many per registration, a full target, and a price change once paid', async () => {
    const event = await createTestEvent(getDb(), {
      tickets: [{ key: 'delegate', priceMinor: 5000 }, { key: 'partner', priceMinor: 5000, maxPerOrder: 1 }, { key: 'guest' }, { key: 'vip', priceMinor: 5000 }],
      pools: [
        { key: 'main', size: 100, tickets: ['delegate', 'partner', 'guest'] },
        { key: 'vip', size: 1, tickets: ['vip'] },
      ],
    })
    const other = await createTestEvent(getDb())
    const reg = await registerCompany(registrationInput(event, { [event.ticket.delegate]: 2, [event.ticket.partner]: 1 }, { paymentMethod: 'invoice' }))
    expect(reg.status).toBe('confirmed') // invoice confirms at once: the price is owed on the invoice
    const [first, second_] = (await attendeesOf(reg.registrationId)).filter((a) => a.ticketTypeId === event.ticket.delegate)

    const code = (p: Promise<unknown>) => p.then(() => 'ok', (e: unknown) => (e instanceof Refusal ? e.code : String(e)))
    expect(await code(moveAttendee(first.id, event.ticket.delegate, organiser))).toBe('sameTicketType')
    expect(await code(moveAttendee(first.id, other.ticket.guest, organiser))).toBe('invalidTicket')
    expect(await code(moveAttendee(first.id, event.ticket.partner, organiser))).toBe('tooMany')
    expect(await code(moveAttendee(first.id, event.ticket.guest, organiser))).toBe('movePriceDiffers')

    // Same price: fine, into the last VIP seat; then the VIP pool is full.
    expect(await code(moveAttendee(first.id, event.ticket.vip, organiser))).toBe('ok')
    expect(await code(moveAttendee(second_.id, event.ticket.vip, organiser))).toBe('soldOut')
    const people = await attendeesOf(reg.registrationId)
    expect(people.filter((a) => a.ticketTypeId === event.ticket.vip).map((a) => a.id)).toEqual([first.id])
    const [registration] = await getDb().select().from(registrations).where(eq(registrations.id, reg.registrationId))
    expect(registration.totalMinor).toBe(reg.totalMinor)
  })

  it('gives the delegate’s own seat back first: a move inside a full shared pool is allowed', async () => {
    const event = await createTestEvent(getDb(), {
      tickets: [{ key: 'a' }, { key: 'b' }],
      pools: [{ key: 'room', size: 2, tickets: ['a', 'b'] }],
      capacity: 2,
    })
    const reg = await registerCompany(registrationInput(event, { [event.ticket.a]: 2 }))
    const [one] = await attendeesOf(reg.registrationId)
    await moveAttendee(one.id, event.ticket.b, organiser)
    expect(await seatsOfType(event.ticket.b)).toBe(1)
    expect(await seatsOfType(event.ticket.a)).toBe(1)
  })

  for (const round of [1, 2, 3]) {
    it(`race ${round}: two organisers move two attendees into the last free seat at once — exactly one gets it`, async () => {
      const event = await createTestEvent(getDb(), {
        tickets: [{ key: 'guest' }, { key: 'vip' }],
        pools: [
          { key: 'main', size: 100, tickets: ['guest'] },
          { key: 'vip', size: 3, tickets: ['vip'] },
        ],
      })
      await registerCompany(registrationInput(event, { [event.ticket.vip]: 2 }))
      const a = await registerCompany(registrationInput(event, { [event.ticket.guest]: 1 }))
      const b = await registerCompany(registrationInput(event, { [event.ticket.guest]: 1 }))
      const [attendeeA] = await attendeesOf(a.registrationId)
      const [attendeeB] = await attendeesOf(b.registrationId)

      const settled = await Promise.allSettled([
        moveAttendee(attendeeA.id, event.ticket.vip, organiser),
        moveAttendee(attendeeB.id, event.ticket.vip, organiser, { db: second.db }),
      ])
      const outcomes = settled.map((s) => (s.status === 'fulfilled' ? 'ok' : s.reason instanceof Refusal ? s.reason.code : String(s.reason))).sort()
      expect(outcomes).toEqual(['ok', 'soldOut'])
      expect(await seatsOfType(event.ticket.vip)).toBe(3)
      const refused = settled.find((s) => s.status === 'rejected') as PromiseRejectedResult
      expect((refused.reason as Refusal).status).toBe(409)
    })
  }
})

type Body = { ok: boolean; formError?: string; fieldErrors?: Record<string, string[]>; notice?: string }

function post(cookie: string, registrationId: string, form: Record<string, string>) {
  return postForm<Body>(action, `/fr/admin/registrations/${registrationId}`, { lang: 'fr', registrationId }, cookie, form)
}

describe('moving an attendee from the registration page', () => {
  it('answers each refusal with the organiser’s message and writes nothing, then moves', async () => {
    const world = await createAdminWorld()
    const [free] = await getDb().insert(ticketTypes).values({ eventId: world.event.id, name: { fr: 'Invité', en: 'Guest' }, priceMinor: 0 }).returning()
    const [table] = await getDb().insert(ticketTypes).values({ eventId: world.event.id, name: { fr: 'Table', en: 'Table' }, priceMinor: 15000 }).returning()
    const { registration, attendee } = world.consenting // confirmed and paid 150.00
    // As the registration service stores it: the attendee carries the price they registered at.
    await getDb().update(attendees).set({ priceMinor: 15000 }).where(eq(attendees.eventId, world.event.id))
    const cookie = world.people.organiser.cookie
    const move = (ticketTypeId: string, who = cookie) => post(who, registration.id, { intent: 'move-attendee', attendeeId: attendee.id, ticketTypeId })
    const typeNow = async () => (await getDb().select({ t: attendees.ticketTypeId }).from(attendees).where(eq(attendees.id, attendee.id)))[0].t

    expect((await move(table.id, world.people.check_in.cookie)).status).toBe(403)
    const paid = await move(free.id)
    expect(paid.status).toBe(409)
    expect(paid.body?.formError).toBe('refusals.moveNotSamePrice')
    const same = await move(world.ticketType.id)
    expect(same.status).toBe(400)
    expect(same.body?.formError).toBe('refusals.moveSameTicketType')
    const elsewhere = await createAdminWorld()
    const foreign = await move(elsewhere.ticketType.id)
    expect(foreign.status).toBe(400)
    expect(foreign.body?.fieldErrors?.ticketTypeId).toEqual(['admin.registration.moveErrors.invalid_ticket'])
    expect(await typeNow()).toBe(world.ticketType.id)

    const done = await move(table.id)
    expect(done).toMatchObject({ status: 200, body: { ok: true, notice: 'admin.registration.moved' } })
    expect(await typeNow()).toBe(table.id)

    // The last seat: a pool of one on the table type, now taken.
    await getDb().execute(sql`with p as (insert into capacity_pool (event_id, name, size) values (${world.event.id}, '{"fr":"T","en":"T"}'::jsonb, 1) returning id)
      insert into capacity_pool_ticket_type (capacity_pool_id, ticket_type_id) select id, ${table.id}::uuid from p`)
    const full = await post(cookie, world.private.registration.id, { intent: 'move-attendee', attendeeId: world.private.attendee.id, ticketTypeId: table.id })
    expect(full.status).toBe(409)
    expect(full.body?.formError).toBe('refusals.moveSoldOut')
  })
})
