/**
 * Rows the payment tests need, written straight to the schema (the registration service is
 * built in parallel). Every call creates its own organisation, event and company, so tests
 * never see each other's rows.
 */
import crypto from 'node:crypto'
import { and, eq, sql } from 'drizzle-orm'
import { getDb } from '#db/client'
import {
  attendees,
  capacityPools,
  capacityPoolTicketTypes,
  codes,
  companies,
  events,
  funderShares,
  holds,
  organisations,
  partners,
  registrations,
  ticketTypes,
} from '#db/schema/index'
import { countJobs } from '~/jobs/queue.server'

const uid = () => crypto.randomBytes(5).toString('hex')

export type FixtureEvent = Awaited<ReturnType<typeof createPaymentEvent>>

export async function createPaymentEvent(
  options: {
    currency?: 'EUR' | 'USD'
    taxRateBp?: number
    tickets?: { name: string; priceMinor: number }[]
    poolSize?: number
    capacity?: number | null
    invoiceConfirmsImmediately?: boolean
    organisationId?: string
  } = {},
) {
  const db = getDb()
  const key = uid()
  const organisationId =
    options.organisationId ??
    (
      await db
        .insert(organisations)
        .values({
          slug: `org-${key}`,
          name: `Org ${key}`,
          legalName: `Organisation ${key} SAS`,
          email: `contact-${key}@org.example`,
          organiserMailbox: `events-${key}@org.example`,
          addressLine: '1395 Brickell Avenue',
          city: 'Miami',
          postalCode: 'FL 33131',
          timezone: 'America/New_York',
          invoicePrefix: `T${key.slice(0, 4).toUpperCase()}`,
          invoicePaymentTermsDays: 30,
          taxId: 'FR00123456789',
          bankDetails: { holder: `Organisation ${key}`, iban: 'FR76 3000 4000 0100 0000 0000 000', bic: 'BNPAFRPPXXX', bankName: 'BNP Paribas Martinique' },
        })
        .returning({ id: organisations.id })
    )[0].id
  const startsAt = new Date(Date.now() + 60 * 24 * 3600_000)
  const [event] = await db
    .insert(events)
    .values({
      organisationId,
      slug: `event-${key}`,
      kind: 'delegation',
      status: 'published',
      title: { fr: `Mission test ${key}`, en: `Test mission ${key}` },
      summary: { fr: 'Résumé', en: 'Summary' },
      description: { fr: 'Description', en: 'Description' },
      timezone: 'America/New_York',
      startsAt,
      endsAt: new Date(startsAt.getTime() + 3 * 24 * 3600_000),
      venueName: 'Miami',
      venueAddress: 'Brickell',
      venueCity: 'Miami',
      currency: options.currency ?? 'EUR',
      taxRateBp: options.taxRateBp ?? 850,
      capacity: options.capacity ?? null,
      invoiceConfirmsImmediately: options.invoiceConfirmsImmediately ?? true,
    })
    .returning()
  const tickets = []
  for (const [i, t] of (options.tickets ?? [{ name: 'Délégué', priceMinor: 120000 }]).entries()) {
    const [row] = await db
      .insert(ticketTypes)
      .values({ eventId: event.id, name: { fr: t.name, en: `${t.name} (en)` }, priceMinor: t.priceMinor, position: i })
      .returning()
    tickets.push(row)
  }
  const [pool] = await db
    .insert(capacityPools)
    .values({ eventId: event.id, name: { fr: 'Pool', en: 'Pool' }, size: options.poolSize ?? 20 })
    .returning()
  for (const t of tickets) await db.insert(capacityPoolTicketTypes).values({ capacityPoolId: pool.id, ticketTypeId: t.id })
  return { organisationId, event, tickets, pool }
}

export async function createFunder(organisationId: string, name = 'Région Martinique') {
  const [row] = await getDb()
    .insert(partners)
    .values({ organisationId, slug: `funder-${uid()}`, name, kind: 'funder', isFunder: true, legalName: `${name} (collectivité)`, address: 'Fort-de-France' })
    .returning()
  return row
}

export async function createCode(eventId: string, options: { kind: 'discount' | 'funder'; percentOffBp: number; funderPartnerId?: string }) {
  const [row] = await getDb()
    .insert(codes)
    .values({ eventId, code: `C${uid().toUpperCase()}`, kind: options.kind, percentOffBp: options.percentOffBp, funderPartnerId: options.funderPartnerId ?? null })
    .returning()
  return row
}

/**
 * A held registration: attendees per ticket type, totals computed the way the registration
 * service does (percentage per seat, rounded half up), a hold of `holdMinutes` (negative = expired).
 */
export async function createHeldRegistration(
  fixture: FixtureEvent,
  options: {
    seats?: { ticketIndex: number; count: number }[]
    holdMinutes?: number
    status?: 'awaiting_payment' | 'expired' | 'confirmed'
    locale?: 'fr' | 'en'
    code?: typeof codes.$inferSelect
    paymentMethod?: 'none' | 'card' | 'invoice'
  } = {},
) {
  const db = getDb()
  const key = uid()
  const [company] = await db
    .insert(companies)
    .values({
      organisationId: fixture.organisationId,
      name: `Rhum ${key} SARL`,
      registrationNumber: '123 456 789 00012',
      addressLine: '12 rue Victor Hugo',
      postalCode: '97200',
      city: 'Fort-de-France',
      country: 'MQ',
      contactEmail: `buyer-${key}@company.example`,
      contactName: 'Marie Joseph',
    })
    .returning()
  const seats = options.seats ?? [{ ticketIndex: 0, count: 2 }]
  let subtotal = 0
  let reduction = 0
  for (const s of seats) {
    const price = fixture.tickets[s.ticketIndex].priceMinor
    subtotal += price * s.count
    if (options.code?.percentOffBp) reduction += Math.round((price * options.code.percentOffBp) / 10000) * s.count
  }
  const isFunder = options.code?.kind === 'funder'
  const holdExpiresAt = new Date(Date.now() + (options.holdMinutes ?? 30) * 60_000)
  const [registration] = await db
    .insert(registrations)
    .values({
      eventId: fixture.event.id,
      companyId: company.id,
      reference: `T-${key.toUpperCase()}`,
      status: options.status ?? 'awaiting_payment',
      locale: options.locale ?? 'fr',
      contactName: 'Marie Joseph',
      contactEmail: company.contactEmail,
      paymentMethod: options.paymentMethod ?? 'none',
      currency: fixture.event.currency,
      subtotalMinor: subtotal,
      discountMinor: isFunder ? 0 : reduction,
      funderShareMinor: isFunder ? reduction : 0,
      totalMinor: subtotal - reduction,
      codeId: options.code?.id ?? null,
      holdExpiresAt,
      privacyAcceptedAt: new Date(),
      eligibility: isFunder ? { registeredInMartinique: true, siret: '12345678900012' } : null,
    })
    .returning()
  let n = 0
  for (const s of seats) {
    const ticket = fixture.tickets[s.ticketIndex]
    for (let i = 0; i < s.count; i++) {
      n += 1
      await db.insert(attendees).values({
        registrationId: registration.id,
        eventId: fixture.event.id,
        ticketTypeId: ticket.id,
        firstName: `Délégué${n}`,
        lastName: key,
        email: `d${n}-${key}@company.example`,
        priceMinor: ticket.priceMinor,
        calendarUid: `${crypto.randomUUID()}@passerelle.test`,
        checkInSecret: crypto.randomBytes(16).toString('hex'),
      })
    }
    await db.insert(holds).values({ eventId: fixture.event.id, registrationId: registration.id, ticketTypeId: ticket.id, quantity: s.count, expiresAt: holdExpiresAt })
  }
  if (isFunder && options.code?.funderPartnerId)
    await db.insert(funderShares).values({ registrationId: registration.id, funderPartnerId: options.code.funderPartnerId, amountMinor: reduction, currency: fixture.event.currency })
  return { registration, company }
}

/** Jobs of `notify.dispatch` of one kind for one registration (enqueued in committed transactions). */
export async function countNotifications(kind: string, registrationId: string) {
  const rows = await getDb().execute<{ n: number }>(
    sql`select count(*)::int as n from pgboss.job where name = 'notify.dispatch' and data->>'kind' = ${kind} and data->>'registrationId' = ${registrationId}`,
  )
  return Number(rows[0].n)
}

export async function countJobsFor(name: string, field: string, value: string) {
  const rows = await getDb().execute<{ n: number }>(
    sql`select count(*)::int as n from pgboss.job where name = ${name} and data->>${field} = ${value}`,
  )
  return Number(rows[0].n)
}

export async function registrationRow(id: string) {
  const [row] = await getDb().select().from(registrations).where(eq(registrations.id, id))
  return row
}

export async function activeAttendees(registrationId: string) {
  return getDb().select().from(attendees).where(and(eq(attendees.registrationId, registrationId), eq(attendees.status, 'active')))
}

export { countJobs }
