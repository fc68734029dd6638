import { eq, sql } from 'drizzle-orm'
import { describe, expect, inject, it } from 'vitest'
import { getDb } from '#db/client'
import { attendees, auditEntries, codes, companies, funderShares, registrations } from '#db/schema/index'
import { registerCompany } from '~/modules/registration/intake.server'
import { Refusal } from '~/utils/refusal'
import { resolveManagementToken } from '~/modules/registration/management-link.server'
import { createTestEvent, holdEventLock, registrationInput } from '../../factories'

// The embedded database is one session: a second transaction cannot hold the event lock beside it.
const pglite = inject('databaseKind') === 'pglite'

async function expectCode(promise: Promise<unknown>, code: string) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(Refusal)
  expect((error as Refusal).code).toBe(code)
  return error as Refusal
}

async function rowCount(eventId: string) {
  const [row] = await getDb().execute<{ n: number }>(sql`select count(*)::int as n from registration where event_id = ${eventId}`)
  return Number(row.n)
}

describe('registerCompany', () => {
  it('confirms a free registration at once, with attendees, audit and a working management link', async () => {
    const event = await createTestEvent(getDb())
    const result = await registerCompany(registrationInput(event, { [event.ticket.guest]: 2 }))
    expect(result.status).toBe('confirmed')
    expect(result.reference).toMatch(/^TEST-[A-Z0-9]{8}$/)
    expect(result.managementUrl).toContain(`/fr/manage/${result.managementToken}`)
    expect(await resolveManagementToken(getDb(), result.managementToken)).toBe(result.registrationId)
    const people = await getDb().select().from(attendees).where(eq(attendees.registrationId, result.registrationId))
    expect(people).toHaveLength(2)
    expect(people[0].calendarUid).toMatch(/@passerelle/)
    expect(new Set(people.map((p) => p.checkInSecret)).size).toBe(2)
    const audit = await getDb().select().from(auditEntries).where(eq(auditEntries.subjectId, result.registrationId))
    expect(audit.map((a) => a.action)).toContain('registration.created')
    const jobs = await getDb().execute<{ kind: string }>(
      sql`select data->>'kind' as kind from pgboss.job where name = 'notify.dispatch' and data->>'registrationId' = ${result.registrationId}`,
    )
    expect(jobs.map((j) => j.kind)).toEqual(['registration.confirmed'])
  })

  it('holds a paid card registration for holdMinutes and prices with a discount code', async () => {
    const event = await createTestEvent(getDb(), {
      holdMinutes: 30,
      tickets: [{ key: 'delegate', priceMinor: 15000 }],
      codes: [{ code: 'EARLY10', kind: 'discount', percentOffBp: 1000, maxUses: 5 }],
    })
    const before = Date.now()
    const result = await registerCompany(registrationInput(event, { [event.ticket.delegate]: 2 }, { code: 'early10', paymentMethod: 'card' }))
    expect(result.status).toBe('awaiting_payment')
    expect(result.holdExpiresAt!.getTime()).toBeGreaterThanOrEqual(before + 29 * 60_000)
    const [row] = await getDb().select().from(registrations).where(eq(registrations.id, result.registrationId))
    expect(row).toMatchObject({ subtotalMinor: 30000, discountMinor: 3000, totalMinor: 27000, paymentMethod: 'card' })
    const [code] = await getDb().select().from(codes).where(eq(codes.id, event.code.EARLY10))
    expect(code.uses).toBe(1)
  })

  it('confirms an invoice registration at once when the event says so, and records a funder share', async () => {
    const event = await createTestEvent(getDb(), {
      invoiceConfirmsImmediately: true,
      tickets: [{ key: 'delegate', priceMinor: 10000 }],
      codes: [{ code: 'REGION50', kind: 'funder', percentOffBp: 5000, funder: true, eligibilityQuestions: [{ key: 'siret', label: { fr: 'SIRET', en: 'SIRET' }, required: true }] }],
    })
    const input = registrationInput(event, { [event.ticket.delegate]: 1 }, { code: 'REGION50', paymentMethod: 'invoice' })
    await expectCode(registerCompany(input), 'eligibilityRequired')
    const result = await registerCompany({ ...input, eligibility: { siret: '12345678901234' } })
    expect(result.status).toBe('confirmed')
    const [row] = await getDb().select().from(registrations).where(eq(registrations.id, result.registrationId))
    expect(row).toMatchObject({ subtotalMinor: 10000, funderShareMinor: 5000, totalMinor: 5000 })
    const shares = await getDb().select().from(funderShares).where(eq(funderShares.registrationId, result.registrationId))
    expect(shares[0].amountMinor).toBe(5000)
  })

  it('files an application without taking seats when approval is required', async () => {
    const event = await createTestEvent(getDb(), { approvalRequired: true, pools: [{ key: 'main', size: 1, tickets: ['guest'] }] })
    const a = await registerCompany(registrationInput(event, { [event.ticket.guest]: 1 }))
    const b = await registerCompany(registrationInput(event, { [event.ticket.guest]: 1 }))
    expect([a.status, b.status]).toEqual(['pending_approval', 'pending_approval'])
  })

  it('refuses bad input with a typed error and writes nothing', async () => {
    const event = await createTestEvent(getDb(), {
      tickets: [{ key: 'guest', maxPerOrder: 2 }, { key: 'vip', hidden: true }],
      pools: [{ key: 'main', size: 3, tickets: ['guest', 'vip'] }],
      questions: [{ key: 'products', kind: 'text', required: true }],
    })
    const other = await createTestEvent(getDb(), { codes: [{ code: `OTHER${event.slug.slice(-6)}`, kind: 'discount', percentOffBp: 1000 }] })
    const answers = { [event.question.products]: 'Rhum' }
    const ok = (seats: Record<string, number>, o = {}) => registrationInput(event, seats, { answers, ...o })
    const tampered = ok({ [event.ticket.guest]: 1 })
    tampered.tickets[0].ticketTypeId = other.ticket.guest
    tampered.attendees[0].ticketTypeId = other.ticket.guest
    await expectCode(registerCompany(tampered), 'invalidTicket')
    await expectCode(registerCompany({ ...ok({ [event.ticket.guest]: 1 }), tickets: [{ ticketTypeId: event.ticket.guest, quantity: -1 }] }), 'invalidInput')
    await expectCode(registerCompany(ok({ [event.ticket.guest]: 3 })), 'tooMany')
    await expectCode(registerCompany(ok({ [event.ticket.vip]: 1 })), 'invalidTicket')
    await expectCode(registerCompany(ok({ [event.ticket.guest]: 1 }, { code: `OTHER${event.slug.slice(-6)}` })), 'codeWrongEvent')
    await expectCode(registerCompany(ok({ [event.ticket.guest]: 1 }, { code: 'NOPE' })), 'codeInvalid')
    await expectCode(registerCompany(registrationInput(event, { [event.ticket.guest]: 1 })), 'answerRequired')
    const dup = ok({ [event.ticket.guest]: 2 })
    dup.attendees[1].email = dup.attendees[0].email
    await expectCode(registerCompany(dup), 'duplicatePerson')
    expect(await rowCount(event.id)).toBe(0)

    const first = await registerCompany(ok({ [event.ticket.guest]: 2 }))
    expect(first.status).toBe('confirmed')
    const again = ok({ [event.ticket.guest]: 1 })
    again.attendees[0].email = dup.attendees[0].email
    // someone else's registration already holds this person? only if it was registered: use the first one's email
    const [person] = await getDb().select().from(attendees).where(eq(attendees.registrationId, first.registrationId))
    again.attendees[0].email = person.email
    await expectCode(registerCompany(again), 'duplicatePerson')
    await expectCode(registerCompany(ok({ [event.ticket.guest]: 2 })), 'soldOut')
    expect(await rowCount(event.id)).toBe(1)
  })

  it('refuses outside the registration and sales windows', async () => {
    const past = new Date(Date.now() - 3_600_000)
    const closed = await createTestEvent(getDb(), { registrationClosesAt: past })
    await expectCode(registerCompany(registrationInput(closed, { [closed.ticket.guest]: 1 })), 'registrationClosed')
    const sales = await createTestEvent(getDb(), { tickets: [{ key: 'guest', salesEndAt: past }] })
    await expectCode(registerCompany(registrationInput(sales, { [sales.ticket.guest]: 1 })), 'salesClosed')
  })

  it.skipIf(pglite)('with a snapshot of seats left, refuses a sold-out request the same way, writing nothing and without waiting for the event lock', async () => {
    const event = await createTestEvent(getDb(), {
      tickets: [{ key: 'guest', maxPerOrder: 2 }],
      pools: [{ key: 'main', size: 1, tickets: ['guest'] }],
    })
    await registerCompany(registrationInput(event, { [event.ticket.guest]: 1 }))
    const soldOut = new Map([[event.ticket.guest, 0]])
    const input = registrationInput(event, { [event.ticket.guest]: 1 })
    const companiesBefore = await getDb().execute<{ n: number }>(sql`select count(*)::int as n from company where lower(contact_email) = lower(${input.company.contactEmail})`)
    // Someone holds the event lock for longer than the lock timeout (3 s): without the snapshot this
    // attempt would queue behind it and end 'busy'; with it, it is refused at once.
    const release = await holdEventLock(getDb(), event.id)
    try {
      const started = Date.now()
      const refusal = await expectCode(registerCompany(input, { seatsLeft: soldOut }), 'soldOut')
      expect(Date.now() - started).toBeLessThan(1000)
      expect(refusal.status).toBe(409)
      expect(refusal.messageKey).toBe('refusals.soldOut')
      expect(refusal.details).toEqual({ ticketTypeId: event.ticket.guest, left: 0 })
      // Every other refusal still comes first, as without the snapshot.
      await expectCode(registerCompany(registrationInput(event, { [event.ticket.guest]: 3 }), { seatsLeft: soldOut }), 'tooMany')
    } finally {
      await release()
    }
    expect(await rowCount(event.id)).toBe(1)
    const companiesAfter = await getDb().execute<{ n: number }>(sql`select count(*)::int as n from company where lower(contact_email) = lower(${input.company.contactEmail})`)
    expect(companiesAfter[0].n).toBe(companiesBefore[0].n)
    // The locked count stays the authority: a stale snapshot with seats left lets nothing more through.
    const locked = await expectCode(registerCompany(input, { seatsLeft: new Map([[event.ticket.guest, 5]]) }), 'soldOut')
    expect(locked.details).toEqual({ ticketTypeId: event.ticket.guest, left: 0 })
    expect(await rowCount(event.id)).toBe(1)
    // And a snapshot never refuses an application (approval takes the seats later).
    const byApproval = await createTestEvent(getDb(), { approvalRequired: true, pools: [{ key: 'main', size: 1, tickets: ['guest'] }] })
    const filed = await registerCompany(registrationInput(byApproval, { [byApproval.ticket.guest]: 1 }), { seatsLeft: new Map([[byApproval.ticket.guest, 0]]) })
    expect(filed.status).toBe('pending_approval')
  })

  it('recognises a company by contact email and does not let a stranger overwrite its profile', async () => {
    const event = await createTestEvent(getDb())
    const input = registrationInput(event, { [event.ticket.guest]: 1 })
    const first = await registerCompany(input)
    const second = await registerCompany({ ...registrationInput(event, { [event.ticket.guest]: 1 }), company: { ...input.company, name: 'Hijacked', sector: 'Rum' } })
    const [a] = await getDb().select({ companyId: registrations.companyId }).from(registrations).where(eq(registrations.id, first.registrationId))
    const [b] = await getDb().select({ companyId: registrations.companyId }).from(registrations).where(eq(registrations.id, second.registrationId))
    expect(a.companyId).toBe(b.companyId)
    const [company] = await getDb().select().from(companies).where(eq(companies.id, a.companyId))
    expect(company.name).toBe('Rhums de Test')
    expect(company.sector).toBe('Rum')
  })
})
