import { and, eq } from 'drizzle-orm'
import type { DbOrTx } from '#db/client'
import { attendees, registrations, waitlistEntries } from '#db/schema/index'

type AttendeeRow = typeof attendees.$inferSelect
type RegistrationRow = typeof registrations.$inferSelect

/** Who a registration's mails go to: the registration row and its people, in the order they were added. */
export async function registrationWithAttendees(tx: DbOrTx, registrationId: string) {
  const [registration] = await tx.select().from(registrations).where(eq(registrations.id, registrationId))
  if (!registration) return null
  const people = await tx.select().from(attendees).where(eq(attendees.registrationId, registrationId)).orderBy(attendees.createdAt)
  return { registration, people }
}

/** The contact gets their own mail only when they are not one of the attendees (who get theirs). */
export function contactIsAttendee(registration: RegistrationRow, people: AttendeeRow[]) {
  const email = registration.contactEmail.toLowerCase()
  return people.some((p) => p.email.toLowerCase() === email && p.status === 'active')
}

/** Everyone whose calendar holds the event: active attendees of confirmed registrations. */
export async function concernedAttendees(tx: DbOrTx, eventId: string) {
  return tx
    .select({ attendee: attendees })
    .from(attendees)
    .innerJoin(registrations, eq(registrations.id, attendees.registrationId))
    .where(and(eq(attendees.eventId, eventId), eq(attendees.status, 'active'), eq(registrations.status, 'confirmed')))
    .orderBy(attendees.id)
    .then((rows) => rows.map((r) => r.attendee))
}

export async function attendeeById(tx: DbOrTx, attendeeId: string) {
  const [attendee] = await tx.select().from(attendees).where(eq(attendees.id, attendeeId))
  return attendee ?? null
}

export async function waitlistEntryById(tx: DbOrTx, waitlistEntryId: string) {
  const [entry] = await tx.select().from(waitlistEntries).where(eq(waitlistEntries.id, waitlistEntryId))
  return entry ?? null
}
