import { invitedSessionsOf } from '~/modules/partners/recipients.server'
import { fanOutCalendarUpdate, invitePartnerContacts } from '../calendar-fan-out.server'
import { mailPartnerContact } from '../deliver.server'
import type { KindHandler } from './types'

/** The event moved or was cancelled: every attendee's calendar (and, on cancel, every partner's) follows. */
export const eventCalendar: KindHandler<'event.changed' | 'event.cancelled'> = async (tx, n) => {
  await fanOutCalendarUpdate(tx, { scope: 'event', id: n.eventId, method: n.kind === 'event.cancelled' ? 'CANCEL' : 'REQUEST' })
}

/** A session moved or was cancelled: its partner contacts' invitations follow. */
export const programmeItemCalendar: KindHandler<'programme-item.changed' | 'programme-item.cancelled'> = async (tx, n) => {
  await fanOutCalendarUpdate(tx, { scope: 'programme-item', id: n.programmeItemId, method: n.kind === 'programme-item.cancelled' ? 'CANCEL' : 'REQUEST' })
}

/** Invitations to a session for its partner contacts (all, or the newly attached ones). */
export const partnerInvitation: KindHandler<'partner.invitation'> = async (tx, n) => {
  await invitePartnerContacts(tx, n.programmeItemId, n.data?.partnerContactIds)
}

/**
 * A contact's own details changed (SEQUENCE already raised on their invitations): each session
 * gets an updated REQUEST; after an address change, a CANCEL (same UID) to the old one.
 */
export const partnerContactChanged: KindHandler<'partner-contact.changed'> = async (tx, n) => {
  const changeKey = String(n.version ?? 0)
  const formerEmail = n.data.previousEmail || undefined
  for (const link of await invitedSessionsOf(tx, [n.data.partnerContactId])) {
    const moved = Boolean(formerEmail && formerEmail.toLowerCase() !== link.email.toLowerCase())
    if (moved) {
      await mailPartnerContact(tx, link, 'CANCEL', 'cancelled', {
        withdrawn: true,
        formerEmail,
        kind: n.kind,
        key: `partner-contact.changed:former:${link.calendarUid}:${changeKey}`,
      })
    }
    await mailPartnerContact(tx, link, 'REQUEST', moved ? 'invite' : 'changed', { kind: n.kind, key: `partner-contact.changed:${link.calendarUid}:${changeKey}` })
  }
}
