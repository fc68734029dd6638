import { and, eq, gte, isNull, sql } from 'drizzle-orm'
import type { DbOrTx } from '#db/client'
import { attendees, events, partnerContacts, programmeItemContacts, programmeItems } from '#db/schema/index'

/**
 * An invitation a reply can answer: a partner contact's for one session, or an attendee's for
 * the event. Read here, in the inbound room, from the tables the partners, registration and
 * calendar rooms write: those rooms never import this one.
 */
export type Invitation =
  | {
      kind: 'partner-contact'
      calendarUid: string
      sequence: number
      programmeItemId: string
      partnerContactId: string
      eventId: string
      organisationId: string
      email: string
      name: string
    }
  | {
      kind: 'attendee'
      calendarUid: string
      sequence: number
      attendeeId: string
      registrationId: string
      eventId: string
      organisationId: string
      email: string
      name: string
      active: boolean
    }

const contactColumns = {
  calendarUid: programmeItemContacts.calendarUid,
  sequence: programmeItemContacts.calendarSequence,
  programmeItemId: programmeItemContacts.programmeItemId,
  partnerContactId: programmeItemContacts.partnerContactId,
  eventId: programmeItems.eventId,
  organisationId: events.organisationId,
  email: partnerContacts.email,
  name: partnerContacts.name,
}

const attendeeColumns = {
  calendarUid: attendees.calendarUid,
  sequence: attendees.calendarSequence,
  attendeeId: attendees.id,
  registrationId: attendees.registrationId,
  eventId: attendees.eventId,
  organisationId: events.organisationId,
  email: attendees.email,
  firstName: attendees.firstName,
  lastName: attendees.lastName,
  status: attendees.status,
}

type ContactRow = { [K in keyof typeof contactColumns]: (typeof contactColumns)[K]['_']['data'] }
type AttendeeRow = { [K in keyof typeof attendeeColumns]: (typeof attendeeColumns)[K]['_']['data'] }

const asContact = (r: ContactRow): Invitation => ({ kind: 'partner-contact', ...r })
const asAttendee = ({ firstName, lastName, status, ...r }: AttendeeRow): Invitation => ({
  kind: 'attendee',
  ...r,
  name: `${firstName} ${lastName}`.trim(),
  active: status === 'active',
})

function contacts(db: DbOrTx) {
  return db
    .select(contactColumns)
    .from(programmeItemContacts)
    .innerJoin(programmeItems, eq(programmeItems.id, programmeItemContacts.programmeItemId))
    .innerJoin(events, eq(events.id, programmeItems.eventId))
    .innerJoin(partnerContacts, eq(partnerContacts.id, programmeItemContacts.partnerContactId))
}

function attendeeInvitations(db: DbOrTx) {
  return db.select(attendeeColumns).from(attendees).innerJoin(events, eq(events.id, attendees.eventId))
}

/** The invitation with this calendar UID (UIDs are unique across both tables by construction). */
export async function invitationByUid(db: DbOrTx, uid: string): Promise<Invitation | null> {
  const [contact] = await contacts(db).where(eq(programmeItemContacts.calendarUid, uid))
  if (contact) return asContact(contact)
  const [attendee] = await attendeeInvitations(db).where(eq(attendees.calendarUid, uid))
  return attendee ? asAttendee(attendee) : null
}

/**
 * The one invitation still to come held by this address (any case), or null when there is none
 * or more than one (then a person decides: the review queue).
 */
export async function soleInvitationOfAddress(db: DbOrTx, address: string, now = new Date()): Promise<{ invitation: Invitation | null; count: number }> {
  const lower = address.toLowerCase()
  const found = [
    ...(
      await contacts(db).where(
        and(eq(sql`lower(${partnerContacts.email})`, lower), gte(programmeItems.endsAt, now), isNull(programmeItems.cancelledAt)),
      )
    ).map(asContact),
    ...(
      await attendeeInvitations(db).where(and(eq(sql`lower(${attendees.email})`, lower), eq(attendees.status, 'active'), gte(events.endsAt, now)))
    ).map(asAttendee),
  ]
  return { invitation: found.length === 1 ? found[0] : null, count: found.length }
}

/** Invitations whose UID digest (see rsvp-address.server.ts) is this one: the caller checks the signature. */
export async function invitationsByUidDigest(db: DbOrTx, digest: string): Promise<Invitation[]> {
  const digestOf = (column: typeof attendees.calendarUid | typeof programmeItemContacts.calendarUid) =>
    sql`left(encode(sha256(convert_to(${column}, 'UTF8')), 'hex'), 16)`
  return [
    ...(await contacts(db).where(eq(digestOf(programmeItemContacts.calendarUid), digest))).map(asContact),
    ...(await attendeeInvitations(db).where(eq(digestOf(attendees.calendarUid), digest))).map(asAttendee),
  ]
}
