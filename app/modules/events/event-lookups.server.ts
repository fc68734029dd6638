import { and, asc, eq } from 'drizzle-orm'
import { getDb, type DbOrTx } from '#db/client'
import { events, ticketTypes } from '#db/schema/index'

/** An event's title and time zone (the heading of pages reached by a link, e.g. a waiting-list offer). */
export async function eventHeading(eventId: string, db: DbOrTx = getDb()) {
  const [event] = await db.select({ title: events.title, timezone: events.timezone }).from(events).where(eq(events.id, eventId))
  return event ?? null
}

/** Every ticket type of an event, in display order (filters of the organiser's lists). */
export async function listTicketTypeNames(db: DbOrTx, eventId: string) {
  return db.select({ id: ticketTypes.id, name: ticketTypes.name }).from(ticketTypes).where(eq(ticketTypes.eventId, eventId)).orderBy(asc(ticketTypes.position))
}

/** The ticket types a visitor can pick (active, not hidden), in display order. */
export async function listPublicTicketTypeNames(eventId: string, db: DbOrTx = getDb()) {
  return db
    .select({ id: ticketTypes.id, name: ticketTypes.name })
    .from(ticketTypes)
    .where(and(eq(ticketTypes.eventId, eventId), eq(ticketTypes.active, true), eq(ticketTypes.hidden, false)))
    .orderBy(asc(ticketTypes.position))
}
