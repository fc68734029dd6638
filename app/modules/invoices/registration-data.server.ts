import { and, asc, eq, sql } from 'drizzle-orm'
import type { DbOrTx } from '#db/client'
import { attendees, codes, companies, events, organisations, partners, registrations, ticketTypes } from '#db/schema/index'
import type { SeatGroup } from './registration-lines'

/** Everything a payment step reads about a registration (explicit reads; no writes). */
export async function loadRegistrationForPayment(db: DbOrTx, registrationId: string) {
  const [row] = await db
    .select({ registration: registrations, event: events, company: companies, organisation: organisations })
    .from(registrations)
    .innerJoin(events, eq(events.id, registrations.eventId))
    .innerJoin(companies, eq(companies.id, registrations.companyId))
    .innerJoin(organisations, eq(organisations.id, events.organisationId))
    .where(eq(registrations.id, registrationId))
  if (!row) return null
  const seats: SeatGroup[] = (
    await db
      .select({
        ticketTypeId: ticketTypes.id,
        name: ticketTypes.name,
        // The price the registration was made at (the registration service stores it per attendee).
        unitPriceMinor: attendees.priceMinor,
        quantity: sql<number>`count(*)::int`,
      })
      .from(attendees)
      .innerJoin(ticketTypes, eq(ticketTypes.id, attendees.ticketTypeId))
      .where(and(eq(attendees.registrationId, registrationId), eq(attendees.status, 'active')))
      .groupBy(ticketTypes.id, ticketTypes.name, attendees.priceMinor)
      .orderBy(asc(ticketTypes.id))
  ).map((s) => ({ ...s, quantity: Number(s.quantity) }))
  let code: typeof codes.$inferSelect | null = null
  let funderName: string | null = null
  if (row.registration.codeId) {
    ;[code] = await db.select().from(codes).where(eq(codes.id, row.registration.codeId))
    if (code?.funderPartnerId) {
      const [funder] = await db.select({ name: partners.name }).from(partners).where(eq(partners.id, code.funderPartnerId))
      funderName = funder?.name ?? null
    }
  }
  return { ...row, seats, code: code ?? null, funderName }
}

export type RegistrationForPayment = NonNullable<Awaited<ReturnType<typeof loadRegistrationForPayment>>>
