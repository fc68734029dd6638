import { and, eq, sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { getDb } from '#db/client'
import { attendees, auditEntries, codes, registrations, waitlistEntries } from '#db/schema/index'
import { addAttendees, cancelAttendee, changeAttendee } from '~/modules/registration/attendees.server'
import { approveApplication, confirmRegistration, rejectApplication } from '~/modules/registration/decisions.server'
import { cancelRegistration, expireHolds } from '~/modules/registration/lifecycle.server'
import { claimOffer, registerCompany } from '~/modules/registration/intake.server'
import { expireOffers, joinWaitlist } from '~/modules/registration/waitlist.server'
import { findOffer } from '~/modules/registration/waitlist.server'
import { getAvailability } from '~/modules/registration/availability.server'
import { Refusal } from '~/utils/refusal'
import { createTestEvent, registrationInput } from '../../factories'

const organiser = { label: 'organiser:test' }
const minutes = (n: number) => new Date(Date.now() + n * 60_000)

async function codeOf(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(Refusal)
  return (error as Refusal).code
}

async function registration(id: string) {
  const [row] = await getDb().select().from(registrations).where(eq(registrations.id, id))
  return row
}

async function offerJobs(entryId: string) {
  return getDb().execute<{ token: string }>(
    sql`select data->'data'->>'token' as token from pgboss.job where name = 'notify.dispatch' and data->>'kind' = 'waitlist.offer' and data->>'waitlistEntryId' = ${entryId}`,
  )
}

function waitlistInput(event: { id: string }, ticketTypeId: string, name: string) {
  return { eventId: event.id, ticketTypeId, quantity: 1, name, email: `${name.toLowerCase()}-${event.id.slice(0, 8)}@wait.example`, locale: 'fr' as const }
}

describe('holds and the waiting list', () => {
  it('an expired hold frees its seat, which is offered to the next in line; an unclaimed offer passes on', async () => {
    const event = await createTestEvent(getDb(), {
      holdMinutes: 30,
      waitlistOfferHours: 48,
      tickets: [{ key: 'delegate', priceMinor: 10000 }],
      pools: [{ key: 'room', size: 1, tickets: ['delegate'] }],
    })
    const held = await registerCompany(registrationInput(event, { [event.ticket.delegate]: 1 }, { paymentMethod: 'card' }))
    expect(held.status).toBe('awaiting_payment')
    expect(await codeOf(registerCompany(registrationInput(event, { [event.ticket.delegate]: 1 }, { paymentMethod: 'card' })))).toBe('soldOut')

    const first = await joinWaitlist(waitlistInput(event, event.ticket.delegate, 'First'))
    const second = await joinWaitlist(waitlistInput(event, event.ticket.delegate, 'Second'))
    // Not yet expired: nothing happens.
    await expireHolds(new Date())
    expect((await registration(held.registrationId)).status).toBe('awaiting_payment')

    const sweep = await expireHolds(minutes(31))
    expect(sweep.expired).toBeGreaterThanOrEqual(1)
    expect((await registration(held.registrationId)).status).toBe('expired')
    const people = await getDb().select().from(attendees).where(eq(attendees.registrationId, held.registrationId))
    expect(people.every((a) => a.status === 'cancelled')).toBe(true)
    const audit = await getDb().select().from(auditEntries).where(eq(auditEntries.subjectId, held.registrationId))
    expect(audit.map((a) => a.action)).toContain('registration.expired')

    const [firstEntry] = await getDb().select().from(waitlistEntries).where(eq(waitlistEntries.id, first.entryId))
    expect(firstEntry.status).toBe('offered')
    const [secondEntry] = await getDb().select().from(waitlistEntries).where(eq(waitlistEntries.id, second.entryId))
    expect(secondEntry.status).toBe('waiting')
    const [job] = await offerJobs(first.entryId)
    expect(job.token).toMatch(/^[A-Za-z0-9_-]{40,}$/)
    // The offered seat is set aside: nobody else can take it meanwhile.
    expect((await getAvailability(getDb(), event.id)).get(event.ticket.delegate)).toBe(0)
    expect(await codeOf(registerCompany(registrationInput(event, { [event.ticket.delegate]: 1 }, { paymentMethod: 'card' })))).toBe('soldOut')
    // Running the sweep again changes nothing (idempotent).
    await expireHolds(minutes(31))
    expect((await offerJobs(first.entryId)).length).toBe(1)

    // The first offer runs out: it passes to the second in line.
    const passed = await expireOffers(new Date(Date.now() + 49 * 3_600_000))
    expect(passed.expired).toBeGreaterThanOrEqual(1)
    const [firstAfter] = await getDb().select().from(waitlistEntries).where(eq(waitlistEntries.id, first.entryId))
    expect(firstAfter.status).toBe('expired')
    expect(await findOffer(job.token)).toBeNull()
    const [secondAfter] = await getDb().select().from(waitlistEntries).where(eq(waitlistEntries.id, second.entryId))
    expect(secondAfter.status).toBe('offered')

    // The second claims it: the seat set aside becomes theirs.
    const [secondJob] = await offerJobs(second.entryId)
    expect(await findOffer(secondJob.token)).toMatchObject({ entryId: second.entryId })
    const claimed = await claimOffer(secondJob.token, registrationInput(event, { [event.ticket.delegate]: 1 }, { paymentMethod: 'card' }))
    expect(claimed.status).toBe('awaiting_payment')
    const [done] = await getDb().select().from(waitlistEntries).where(eq(waitlistEntries.id, second.entryId))
    expect(done).toMatchObject({ status: 'claimed', claimedRegistrationId: claimed.registrationId })
    expect(await codeOf(claimOffer(secondJob.token, registrationInput(event, { [event.ticket.delegate]: 1 }, { paymentMethod: 'card' })))).toBe('offerInvalid')
  })

  it('a payment after the hold expired is accepted only if a seat is free', async () => {
    const event = await createTestEvent(getDb(), { tickets: [{ key: 'd', priceMinor: 5000 }], pools: [{ key: 'p', size: 1, tickets: ['d'] }] })
    const late = await registerCompany(registrationInput(event, { [event.ticket.d]: 1 }, { paymentMethod: 'card' }))
    await expireHolds(minutes(31))
    // Seat still free: the late payment confirms and the attendee comes back.
    const ok = await getDb().transaction((tx) => confirmRegistration(tx, late.registrationId, { label: 'stripe' }))
    expect(ok).toMatchObject({ outcome: 'confirmed', lateSeatTaken: true })
    expect((await registration(late.registrationId)).status).toBe('confirmed')
    const again = await getDb().transaction((tx) => confirmRegistration(tx, late.registrationId, { label: 'stripe' }))
    expect(again.outcome).toBe('already_confirmed')

    const event2 = await createTestEvent(getDb(), { tickets: [{ key: 'd', priceMinor: 5000 }], pools: [{ key: 'p', size: 1, tickets: ['d'] }] })
    const slow = await registerCompany(registrationInput(event2, { [event2.ticket.d]: 1 }, { paymentMethod: 'card' }))
    await expireHolds(minutes(31))
    await registerCompany(registrationInput(event2, { [event2.ticket.d]: 1 }, { paymentMethod: 'invoice' }))
    const refused = await getDb().transaction((tx) => confirmRegistration(tx, slow.registrationId, { label: 'stripe' }))
    expect(refused.outcome).toBe('no_seat')
    expect((await registration(slow.registrationId)).status).toBe('expired')
  })
})

describe('codes', () => {
  it('respect their use limit, validity window and ticket restriction, and free a use on cancellation', async () => {
    const event = await createTestEvent(getDb(), {
      tickets: [{ key: 'a', priceMinor: 1000 }, { key: 'b', priceMinor: 2000 }],
      paymentMethods: ['invoice'],
      codes: [
        { code: 'ONCE', kind: 'discount', amountOffMinor: 500, maxUses: 1 },
        { code: 'LATER', kind: 'discount', percentOffBp: 1000, validFrom: minutes(60) },
        { code: 'OVER', kind: 'discount', percentOffBp: 1000, validUntil: minutes(-60) },
        { code: 'ONLYB', kind: 'discount', percentOffBp: 5000, tickets: ['b'] },
      ],
    })
    const first = await registerCompany(registrationInput(event, { [event.ticket.a]: 1 }, { code: 'ONCE' }))
    expect((await registration(first.registrationId)).discountMinor).toBe(500)
    expect(await codeOf(registerCompany(registrationInput(event, { [event.ticket.a]: 1 }, { code: 'ONCE' })))).toBe('codeExhausted')
    await cancelRegistration(first.registrationId, organiser, 'test')
    const [code] = await getDb().select().from(codes).where(eq(codes.id, event.code.ONCE))
    expect(code.uses).toBe(0)
    await registerCompany(registrationInput(event, { [event.ticket.a]: 1 }, { code: 'ONCE' }))

    expect(await codeOf(registerCompany(registrationInput(event, { [event.ticket.a]: 1 }, { code: 'LATER' })))).toBe('codeExpired')
    expect(await codeOf(registerCompany(registrationInput(event, { [event.ticket.a]: 1 }, { code: 'OVER' })))).toBe('codeExpired')
    expect(await codeOf(registerCompany(registrationInput(event, { [event.ticket.a]: 1 }, { code: 'ONLYB' })))).toBe('codeNotApplicable')
    const mixed = await registerCompany(registrationInput(event, { [event.ticket.a]: 1, [event.ticket.b]: 1 }, { code: 'onlyb' }))
    expect(await registration(mixed.registrationId)).toMatchObject({ subtotalMinor: 3000, discountMinor: 1000, totalMinor: 2000 })
  })

  it('an invitation code unlocks a hidden ticket type', async () => {
    const event = await createTestEvent(getDb(), {
      tickets: [{ key: 'guest' }, { key: 'partner', hidden: true }],
      codes: [{ code: 'PARTNER', kind: 'invitation', maxUses: 10, tickets: ['partner'] }],
    })
    expect(await codeOf(registerCompany(registrationInput(event, { [event.ticket.partner]: 1 })))).toBe('invalidTicket')
    const ok = await registerCompany(registrationInput(event, { [event.ticket.partner]: 1 }, { code: 'partner' }))
    expect(ok.status).toBe('confirmed')
  })
})

describe('approval', () => {
  it('approval takes the seats (or says full), rejection frees the application', async () => {
    const event = await createTestEvent(getDb(), {
      approvalRequired: true,
      holdMinutes: 60,
      tickets: [{ key: 'delegate', priceMinor: 120000 }, { key: 'free' }],
      pools: [{ key: 'delegation', size: 1, tickets: ['delegate', 'free'] }],
      paymentMethods: ['card'],
    })
    const paid = await registerCompany(registrationInput(event, { [event.ticket.delegate]: 1 }))
    const free = await registerCompany(registrationInput(event, { [event.ticket.free]: 1 }))
    const third = await registerCompany(registrationInput(event, { [event.ticket.free]: 1 }))
    expect([paid.status, free.status, third.status]).toEqual(['pending_approval', 'pending_approval', 'pending_approval'])

    const approved = await approveApplication(paid.registrationId, organiser)
    expect(approved.status).toBe('awaiting_payment')
    expect(approved.holdExpiresAt!.getTime()).toBeGreaterThan(Date.now() + 59 * 60_000)
    expect(await codeOf(approveApplication(free.registrationId, organiser))).toBe('soldOut')
    expect(await codeOf(approveApplication(paid.registrationId, organiser))).toBe('invalidState')

    await rejectApplication(third.registrationId, organiser, 'Not export-ready yet')
    expect(await registration(third.registrationId)).toMatchObject({ status: 'rejected', decisionNote: 'Not export-ready yet' })

    await cancelRegistration(paid.registrationId, organiser, 'changed plans')
    const ok = await approveApplication(free.registrationId, organiser)
    expect(ok.status).toBe('confirmed')
    const actions = await getDb().select({ action: auditEntries.action }).from(auditEntries).where(eq(auditEntries.subjectId, free.registrationId))
    expect(actions.map((a) => a.action)).toEqual(expect.arrayContaining(['registration.created', 'registration.approved']))
  })
})

describe('self-service changes', () => {
  it('changes names and emails until the cut-off, adds delegates while seats remain, cancels one or all', async () => {
    const event = await createTestEvent(getDb(), {
      startsAt: new Date(Date.now() + 10 * 86_400_000),
      changeCutoffHours: 48,
      tickets: [{ key: 'guest', maxPerOrder: 4 }],
      pools: [{ key: 'p', size: 3, tickets: ['guest'] }],
    })
    const reg = await registerCompany(registrationInput(event, { [event.ticket.guest]: 2 }))
    const [a, b] = await getDb().select().from(attendees).where(eq(attendees.registrationId, reg.registrationId)).orderBy(attendees.lastName)

    await changeAttendee(a.id, { firstName: 'Renée', lastName: 'Change', email: 'renee@change.example', locale: 'fr' }, { label: 'company' })
    const [changed] = await getDb().select().from(attendees).where(eq(attendees.id, a.id))
    expect(changed).toMatchObject({ firstName: 'Renée', email: 'renee@change.example', calendarSequence: 1, calendarUid: a.calendarUid })
    expect(await codeOf(changeAttendee(a.id, { firstName: 'X', lastName: 'Y', email: b.email, locale: 'fr' }, { label: 'company' }))).toBe('duplicatePerson')
    // Past the cut-off (9 days later = 1 day before the start): refused.
    expect(await codeOf(changeAttendee(a.id, { firstName: 'Too', lastName: 'Late', email: 'late@x.example', locale: 'fr' }, { label: 'company' }, { now: new Date(Date.now() + 9 * 86_400_000) }))).toBe('cutoffPassed')

    await addAttendees(reg.registrationId, { attendees: [{ ticketTypeId: event.ticket.guest, firstName: 'Third', lastName: 'Person', email: 'third@add.example', locale: 'en' }] }, { label: 'company' })
    expect(
      await codeOf(addAttendees(reg.registrationId, { attendees: [{ ticketTypeId: event.ticket.guest, firstName: 'Fourth', lastName: 'Person', email: 'fourth@add.example', locale: 'en' }] }, { label: 'company' })),
    ).toBe('soldOut')

    const cancelled = await cancelAttendee(b.id, { label: 'company' })
    expect(cancelled.registrationCancelled).toBe(false)
    const active = await getDb().select().from(attendees).where(and(eq(attendees.registrationId, reg.registrationId), eq(attendees.status, 'active')))
    expect(active).toHaveLength(2)
    expect((await getAvailability(getDb(), event.id)).get(event.ticket.guest)).toBe(1)

    await cancelRegistration(reg.registrationId, { label: 'company' }, null)
    expect((await registration(reg.registrationId)).status).toBe('cancelled')
    expect((await getAvailability(getDb(), event.id)).get(event.ticket.guest)).toBe(3)
    expect(await codeOf(changeAttendee(a.id, { firstName: 'A', lastName: 'B', email: 'ab@x.example', locale: 'fr' }, { label: 'company' }))).toBe('invalidState')
  })
})
