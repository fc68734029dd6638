import { and, eq, gt, inArray, isNull, sql } from 'drizzle-orm'
import type { DbOrTx } from '#db/client'
import { events, partnerContacts, programmeItemContacts, programmeItems } from '#db/schema/index'

/** What a partner contact's invitation to one session is: the link row and where to send it. */
const LINK_COLUMNS = {
  partnerContactId: programmeItemContacts.partnerContactId,
  programmeItemId: programmeItemContacts.programmeItemId,
  calendarUid: programmeItemContacts.calendarUid,
  calendarSequence: programmeItemContacts.calendarSequence,
  email: partnerContacts.email,
  locale: partnerContacts.locale,
  eventId: programmeItems.eventId,
}

/** Partner contacts on a programme item (or on every item of an event). */
export async function concernedPartnerContacts(tx: DbOrTx, where: { programmeItemId: string } | { eventId: string }) {
  return tx
    .select(LINK_COLUMNS)
    .from(programmeItemContacts)
    .innerJoin(partnerContacts, eq(partnerContacts.id, programmeItemContacts.partnerContactId))
    .innerJoin(programmeItems, eq(programmeItems.id, programmeItemContacts.programmeItemId))
    .where(
      'programmeItemId' in where
        ? eq(programmeItemContacts.programmeItemId, where.programmeItemId)
        : eq(programmeItems.eventId, where.eventId),
    )
    .orderBy(programmeItemContacts.programmeItemId, programmeItemContacts.partnerContactId)
}

export type PartnerLink = Awaited<ReturnType<typeof concernedPartnerContacts>>[number]

/**
 * The invitations partner contacts hold: their sessions (not cancelled) of published events that
 * are not over yet. Editing or deleting a contact updates or withdraws exactly these.
 */
export async function invitedSessionsOf(tx: DbOrTx, partnerContactIds: string[]) {
  if (partnerContactIds.length === 0) return []
  return tx
    .select({ ...LINK_COLUMNS, name: partnerContacts.name })
    .from(programmeItemContacts)
    .innerJoin(partnerContacts, eq(partnerContacts.id, programmeItemContacts.partnerContactId))
    .innerJoin(programmeItems, eq(programmeItems.id, programmeItemContacts.programmeItemId))
    .innerJoin(events, eq(events.id, programmeItems.eventId))
    .where(
      and(
        inArray(programmeItemContacts.partnerContactId, partnerContactIds),
        isNull(programmeItems.cancelledAt),
        eq(events.status, 'published'),
        gt(events.endsAt, sql`now()`),
      ),
    )
    .orderBy(programmeItemContacts.programmeItemId, programmeItemContacts.partnerContactId)
}

