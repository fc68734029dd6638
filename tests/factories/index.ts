/**
 * Reusable test data. Every helper creates its own rows (unique slugs, emails) so test files can
 * share one database. All amounts in minor units.
 */
import crypto from 'node:crypto'
import { eq, sql } from 'drizzle-orm'
import type { DbOrTx } from '#db/client'
import {
  capacityPools,
  capacityPoolTicketTypes,
  codes,
  codeTicketTypes,
  events,
  organisations,
  partners,
  questions,
  ticketTypes,
  type CodeKind,
  type LocalizedText,
} from '#db/schema/index'
import type { RegisterInput } from '~/modules/registration/registration-schemas'

export const uniqueSuffix = () => crypto.randomBytes(5).toString('hex')

export async function ensureTestOrganisation(db: DbOrTx, options: { isDefault?: boolean } = {}) {
  const [existing] = await db.select({ id: organisations.id }).from(organisations).where(eq(organisations.slug, 'test-org'))
  if (existing) return existing.id
  const [row] = await db
    .insert(organisations)
    .values({
      slug: 'test-org',
      name: 'Test org',
      legalName: 'Test organisation',
      email: 'org@test.example',
      organiserMailbox: 'events@test.example',
      invoicePrefix: 'TEST',
      isDefault: options.isDefault ?? false,
    })
    .onConflictDoNothing()
    .returning({ id: organisations.id })
  if (row) return row.id
  const [again] = await db.select({ id: organisations.id }).from(organisations).where(eq(organisations.slug, 'test-org'))
  return again.id
}

export type TestTicketSpec = {
  key: string
  priceMinor?: number
  minPerOrder?: number
  maxPerOrder?: number
  hidden?: boolean
  allowMultiplePerPerson?: boolean
  salesStartAt?: Date | null
  salesEndAt?: Date | null
  name?: LocalizedText
}
export type TestPoolSpec = { key: string; size: number; tickets: string[] }
export type TestCodeSpec = {
  code: string
  kind: CodeKind
  percentOffBp?: number | null
  amountOffMinor?: number | null
  maxUses?: number | null
  uses?: number
  validFrom?: Date | null
  validUntil?: Date | null
  tickets?: string[]
  /** For funder codes: a funder partner is created when true. */
  funder?: boolean
  eligibilityQuestions?: { key: string; label: LocalizedText; required: boolean }[]
}

export type TestEventOverrides = Partial<Omit<typeof events.$inferInsert, 'id' | 'organisationId'>> & {
  tickets?: TestTicketSpec[]
  pools?: TestPoolSpec[]
  codes?: TestCodeSpec[]
  questions?: { key: string; kind: 'text' | 'choice' | 'boolean'; required?: boolean; options?: string[] }[]
}

export type TestEvent = {
  id: string
  slug: string
  organisationId: string
  ticket: Record<string, string>
  pool: Record<string, string>
  code: Record<string, string>
  question: Record<string, string>
}

/**
 * An event 30 days ahead (published, USD, no cap) with, by default, one free ticket type `guest`
 * in a pool `main` of 100 seats. Override anything; ticket/pool/code/question ids come back by key.
 */
export async function createTestEvent(db: DbOrTx, overrides: TestEventOverrides = {}): Promise<TestEvent> {
  const { tickets = [{ key: 'guest' }], pools, codes: codeSpecs = [], questions: questionSpecs = [], ...eventFields } = overrides
  const organisationId = await ensureTestOrganisation(db)
  const slug = eventFields.slug ?? `test-event-${uniqueSuffix()}`
  const startsAt = eventFields.startsAt ?? new Date(Date.now() + 30 * 86_400_000)
  const [event] = await db
    .insert(events)
    .values({
      organisationId,
      kind: 'celebration',
      status: 'published',
      title: { fr: `Événement test ${slug}`, en: `Test event ${slug}` },
      summary: { fr: 'Résumé', en: 'Summary' },
      description: { fr: 'Description', en: 'Description' },
      timezone: 'America/New_York',
      endsAt: new Date(startsAt.getTime() + 3 * 3_600_000),
      venueName: 'Test venue',
      venueAddress: '1 Test Street',
      venueCity: 'Miami',
      currency: 'USD',
      ...eventFields,
      slug,
      startsAt,
    })
    .returning({ id: events.id })

  const ticket: Record<string, string> = {}
  for (const [position, t] of tickets.entries()) {
    const [row] = await db
      .insert(ticketTypes)
      .values({
        eventId: event.id,
        name: t.name ?? { fr: `Billet ${t.key}`, en: `Ticket ${t.key}` },
        priceMinor: t.priceMinor ?? 0,
        minPerOrder: t.minPerOrder ?? 0,
        maxPerOrder: t.maxPerOrder ?? 10,
        hidden: t.hidden ?? false,
        allowMultiplePerPerson: t.allowMultiplePerPerson ?? false,
        salesStartAt: t.salesStartAt ?? null,
        salesEndAt: t.salesEndAt ?? null,
        position,
      })
      .returning({ id: ticketTypes.id })
    ticket[t.key] = row.id
  }

  const pool: Record<string, string> = {}
  for (const p of pools ?? [{ key: 'main', size: 100, tickets: tickets.map((t) => t.key) }]) {
    const [row] = await db.insert(capacityPools).values({ eventId: event.id, name: { fr: p.key, en: p.key }, size: p.size }).returning({ id: capacityPools.id })
    pool[p.key] = row.id
    if (p.tickets.length) await db.insert(capacityPoolTicketTypes).values(p.tickets.map((key) => ({ capacityPoolId: row.id, ticketTypeId: ticket[key] })))
  }

  const code: Record<string, string> = {}
  for (const c of codeSpecs) {
    let funderPartnerId: string | null = null
    if (c.funder) {
      const [partner] = await db
        .insert(partners)
        .values({ organisationId, slug: `funder-${uniqueSuffix()}`, name: 'Test funder', kind: 'funder', isFunder: true })
        .returning({ id: partners.id })
      funderPartnerId = partner.id
    }
    const [row] = await db
      .insert(codes)
      .values({
        eventId: event.id,
        code: c.code,
        kind: c.kind,
        percentOffBp: c.percentOffBp ?? null,
        amountOffMinor: c.amountOffMinor ?? null,
        maxUses: c.maxUses ?? null,
        uses: c.uses ?? 0,
        validFrom: c.validFrom ?? null,
        validUntil: c.validUntil ?? null,
        funderPartnerId,
        eligibilityQuestions: c.eligibilityQuestions ?? null,
      })
      .returning({ id: codes.id })
    code[c.code] = row.id
    if (c.tickets?.length) await db.insert(codeTicketTypes).values(c.tickets.map((key) => ({ codeId: row.id, ticketTypeId: ticket[key] })))
  }

  const question: Record<string, string> = {}
  for (const [position, q] of questionSpecs.entries()) {
    const [row] = await db
      .insert(questions)
      .values({
        eventId: event.id,
        kind: q.kind,
        label: { fr: q.key, en: q.key },
        options: q.options?.map((key) => ({ key, label: { fr: key, en: key } })) ?? null,
        required: q.required ?? false,
        position,
      })
      .returning({ id: questions.id })
    question[q.key] = row.id
  }

  return { id: event.id, slug, organisationId, ticket, pool, code, question }
}

let personCounter = 0

/** A valid `registerCompany` input: one delegate per requested seat, unique emails. */
export function registrationInput(
  event: Pick<TestEvent, 'id'>,
  seats: Record<string, number>,
  overrides: Partial<RegisterInput> & { emailPrefix?: string } = {},
): RegisterInput {
  const { emailPrefix, ...rest } = overrides
  const prefix = emailPrefix ?? `p${uniqueSuffix()}`
  const attendees: RegisterInput['attendees'] = []
  for (const [ticketTypeId, quantity] of Object.entries(seats))
    for (let i = 0; i < quantity; i++) {
      personCounter++
      attendees.push({ ticketTypeId, firstName: 'Marie', lastName: `Test${personCounter}`, email: `${prefix}-${personCounter}@company.example`, locale: 'fr' })
    }
  return {
    eventId: event.id,
    locale: 'fr',
    tickets: Object.entries(seats).map(([ticketTypeId, quantity]) => ({ ticketTypeId, quantity })),
    company: {
      name: 'Rhums de Test',
      country: 'MQ',
      exportInterests: ['US'],
      contactName: 'Marie Test',
      contactEmail: `${prefix}-contact@company.example`,
    },
    attendees,
    answers: {},
    eligibility: {},
    privacyAccepted: true,
    listingConsent: false,
    ...rest,
  }
}

/**
 * Holds the event's row lock in a transaction of its own (as a registration in progress would),
 * until the returned function is called; that function waits for the transaction to end.
 */
export async function holdEventLock(db: DbOrTx, eventId: string): Promise<() => Promise<void>> {
  let release: () => void = () => {}
  const released = new Promise<void>((resolve) => (release = resolve))
  let locked: () => void = () => {}
  const granted = new Promise<void>((resolve) => (locked = resolve))
  const holding = db.transaction(async (tx) => {
    await tx.execute(sql`select id from event where id = ${eventId} for update`)
    locked()
    await released
  })
  await Promise.race([granted, holding])
  return async () => {
    release()
    await holding
  }
}
