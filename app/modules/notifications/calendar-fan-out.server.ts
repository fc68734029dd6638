import { eq } from 'drizzle-orm'
import type { DbOrTx } from '#db/client'
import { programmeItems } from '#db/schema/index'
import { concernedPartnerContacts } from '~/modules/partners/recipients.server'
import { concernedAttendees } from '~/modules/registration/recipients.server'
import { mailAttendee, mailPartnerContact } from './deliver.server'

/**
 * Updated invitations (REQUEST, same UID, current SEQUENCE) or cancellations to everyone
 * concerned by an event or a programme item. Keys carry UID + SEQUENCE: one mail per version.
 */
export async function fanOutCalendarUpdate(
  tx: DbOrTx,
  input: { scope: 'event' | 'programme-item'; id: string; method: 'REQUEST' | 'CANCEL' },
) {
  let queued = 0
  if (input.scope === 'event') {
    for (const attendee of await concernedAttendees(tx, input.id)) {
      const id = await mailAttendee(tx, attendee, {
        key: `calendar:${attendee.calendarUid}:${attendee.calendarSequence}:${input.method}`,
        kind: input.method === 'CANCEL' ? 'event.cancelled' : 'event.changed',
        template: input.method === 'CANCEL' ? 'cancelled' : 'event-changed',
        calendar: input.method,
        data: input.method === 'CANCEL' ? { wholeEvent: true } : undefined,
      })
      if (id) queued++
    }
    if (input.method === 'CANCEL') {
      // The whole event is cancelled: so is every session a partner was invited to.
      for (const link of await concernedPartnerContacts(tx, { eventId: input.id })) {
        if (await mailPartnerContact(tx, link, 'CANCEL', 'cancelled')) queued++
      }
    }
  } else {
    for (const link of await concernedPartnerContacts(tx, { programmeItemId: input.id })) {
      const change = input.method === 'CANCEL' ? 'cancelled' : 'changed'
      if (await mailPartnerContact(tx, link, input.method, change)) queued++
    }
  }
  return queued
}

/** Invitations to a programme item for its partner contacts (all, or the ones named). */
export async function invitePartnerContacts(tx: DbOrTx, programmeItemId: string, partnerContactIds?: string[]) {
  const [item] = await tx.select({ cancelledAt: programmeItems.cancelledAt }).from(programmeItems).where(eq(programmeItems.id, programmeItemId))
  if (!item || item.cancelledAt) return 0
  let queued = 0
  for (const link of await concernedPartnerContacts(tx, { programmeItemId })) {
    if (partnerContactIds && !partnerContactIds.includes(link.partnerContactId)) continue
    if (await mailPartnerContact(tx, link, 'REQUEST', 'invite')) queued++
  }
  return queued
}

