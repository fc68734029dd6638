import { eq } from 'drizzle-orm'
import type { DbOrTx } from '#db/client'
import { attendees, companies, meetings, meetingSlots, meetingTables, registrations } from '#db/schema/index'

/** A B2B meeting as one of its delegates' invitations shows it: time, table, the other company and delegate. */
export async function meetingEntryOf(db: DbOrTx, meetingId: string, attendeeId: string) {
  const [row] = await db
    .select({ meeting: meetings, startsAt: meetingSlots.startsAt, endsAt: meetingSlots.endsAt, tableNumber: meetingTables.number, tableLabel: meetingTables.label })
    .from(meetings)
    .innerJoin(meetingSlots, eq(meetingSlots.id, meetings.slotId))
    .innerJoin(meetingTables, eq(meetingTables.id, meetings.tableId))
    .where(eq(meetings.id, meetingId))
  if (!row) return undefined
  const m = row.meeting
  const mineIsA = m.delegateAId === attendeeId
  const otherDelegateId = mineIsA ? m.delegateBId : m.delegateAId
  const [other] = await db
    .select({ firstName: attendees.firstName, lastName: attendees.lastName, email: attendees.email, company: companies.name })
    .from(attendees)
    .innerJoin(registrations, eq(registrations.id, attendees.registrationId))
    .innerJoin(companies, eq(companies.id, registrations.companyId))
    .where(eq(attendees.id, otherDelegateId))
  if (!other) return undefined
  return {
    uid: m.calendarUid,
    sequence: m.calendarSequence,
    startsAt: row.startsAt,
    endsAt: row.endsAt,
    table: row.tableLabel ?? String(row.tableNumber),
    otherCompany: other.company,
    other: { email: other.email, name: `${other.firstName} ${other.lastName}`.trim() },
    cancelled: m.status === 'cancelled',
  }
}
