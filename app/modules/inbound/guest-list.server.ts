import { and, asc, eq, inArray, isNull } from 'drizzle-orm'
import type { DbOrTx } from '#db/client'
import {
  attendeeRsvps,
  events,
  partnerContacts,
  partners,
  programmeItemContactRsvps,
  programmeItemContacts,
  programmeItems,
  type LocalizedText,
  type RsvpPartstat,
} from '#db/schema/index'

/** What the organiser sees per invitation: an answer, or none yet. */
export type GuestAnswer = RsvpPartstat | 'none'

export type PartnerGuest = {
  programmeItemId: string
  partnerContactId: string
  eventId: string
  event: LocalizedText
  session: LocalizedText
  startsAt: Date
  zone: string
  contact: string
  partner: string
  answer: GuestAnswer
  answeredAt: Date | null
}

function guests(db: DbOrTx) {
  return db
    .select({
      programmeItemId: programmeItemContacts.programmeItemId,
      partnerContactId: programmeItemContacts.partnerContactId,
      eventId: events.id,
      event: events.title,
      session: programmeItems.title,
      startsAt: programmeItems.startsAt,
      zone: events.timezone,
      contact: partnerContacts.name,
      partner: partners.name,
      answer: programmeItemContactRsvps.partstat,
      answeredAt: programmeItemContactRsvps.updatedAt,
    })
    .from(programmeItemContacts)
    .innerJoin(programmeItems, eq(programmeItems.id, programmeItemContacts.programmeItemId))
    .innerJoin(events, eq(events.id, programmeItems.eventId))
    .innerJoin(partnerContacts, eq(partnerContacts.id, programmeItemContacts.partnerContactId))
    .innerJoin(partners, eq(partners.id, partnerContacts.partnerId))
    .leftJoin(
      programmeItemContactRsvps,
      and(
        eq(programmeItemContactRsvps.programmeItemId, programmeItemContacts.programmeItemId),
        eq(programmeItemContactRsvps.partnerContactId, programmeItemContacts.partnerContactId),
      ),
    )
}

const withAnswer = <R extends { answer: RsvpPartstat | null }>(r: R) => ({ ...r, answer: (r.answer ?? 'none') as GuestAnswer })

/** An event's partner guest list: every invited contact of every live session, with their answer. */
export async function eventPartnerGuests(db: DbOrTx, eventId: string, organisationId: string): Promise<PartnerGuest[]> {
  const rows = await guests(db)
    .where(and(eq(events.id, eventId), eq(events.organisationId, organisationId), isNull(programmeItems.cancelledAt)))
    .orderBy(asc(programmeItems.startsAt), asc(partners.name), asc(partnerContacts.name))
  return rows.map(withAnswer)
}

/** The sessions each contact is invited to, with their answer (partners page), keyed by contact. */
export async function contactSessionAnswers(db: DbOrTx, organisationId: string, contactIds: string[]): Promise<Record<string, PartnerGuest[]>> {
  if (contactIds.length === 0) return {}
  const rows = await guests(db)
    .where(and(inArray(programmeItemContacts.partnerContactId, contactIds), eq(events.organisationId, organisationId), isNull(programmeItems.cancelledAt)))
    .orderBy(asc(programmeItems.startsAt))
  const byContact: Record<string, PartnerGuest[]> = {}
  for (const row of rows.map(withAnswer)) (byContact[row.partnerContactId] ??= []).push(row)
  return byContact
}

/** Attendees' answers to their invitation, by attendee id (the attendee list shows them). */
export async function attendeeAnswers(db: DbOrTx, attendeeIds: string[]): Promise<Record<string, RsvpPartstat>> {
  if (attendeeIds.length === 0) return {}
  const rows = await db
    .select({ attendeeId: attendeeRsvps.attendeeId, partstat: attendeeRsvps.partstat })
    .from(attendeeRsvps)
    .where(inArray(attendeeRsvps.attendeeId, attendeeIds))
  return Object.fromEntries(rows.map((r) => [r.attendeeId, r.partstat]))
}
