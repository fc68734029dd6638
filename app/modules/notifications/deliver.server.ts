import { eq, sql } from 'drizzle-orm'
import type { DbOrTx } from '#db/client'
import { attendees, registrations } from '#db/schema/index'
import type { MailTemplateName } from '#emails/index'
import type { MailPayload } from '~/modules/mail/payload'
import { queueEmail } from '~/modules/mail/send.server'
import type { PartnerLink } from '~/modules/partners/recipients.server'

/**
 * How a notification becomes queued mails for each kind of recipient. Each mail has its own
 * dedupe key: a handler that runs twice queues nothing new.
 */
type AttendeeRow = typeof attendees.$inferSelect
type RegistrationRow = typeof registrations.$inferSelect

export async function mailAttendee(
  tx: DbOrTx,
  attendee: AttendeeRow,
  options: {
    key: string
    kind: string
    template: MailTemplateName
    calendar?: 'REQUEST' | 'CANCEL'
    data?: MailPayload['data']
    listUnsubscribe?: boolean
    organiserMessageId?: string
  },
) {
  return queueEmail(tx, {
    dedupeKey: options.key,
    kind: options.kind,
    toAddress: attendee.email,
    locale: attendee.locale,
    eventId: attendee.eventId,
    registrationId: attendee.registrationId,
    organiserMessageId: options.organiserMessageId,
    payload: {
      template: options.template,
      recipient: { type: 'attendee', attendeeId: attendee.id },
      eventId: attendee.eventId,
      registrationId: attendee.registrationId,
      calendar: options.calendar,
      data: options.data,
      listUnsubscribe: options.listUnsubscribe,
    },
  })
}

export async function mailContact(
  tx: DbOrTx,
  registration: RegistrationRow,
  options: { key: string; kind: string; template: MailTemplateName; data?: MailPayload['data']; listUnsubscribe?: boolean; organiserMessageId?: string },
) {
  return queueEmail(tx, {
    dedupeKey: options.key,
    kind: options.kind,
    toAddress: registration.contactEmail,
    locale: registration.locale,
    eventId: registration.eventId,
    registrationId: registration.id,
    organiserMessageId: options.organiserMessageId,
    payload: {
      template: options.template,
      recipient: { type: 'contact', registrationId: registration.id },
      eventId: registration.eventId,
      registrationId: registration.id,
      data: options.data,
      listUnsubscribe: options.listUnsubscribe,
    },
  })
}

/** Bumps an attendee's SEQUENCE (a CANCEL must be newer than the REQUEST it withdraws). */
export async function bumpAttendeeSequence(tx: DbOrTx, attendeeId: string) {
  await tx
    .update(attendees)
    .set({ calendarSequence: sql`${attendees.calendarSequence} + 1` })
    .where(eq(attendees.id, attendeeId))
}

export async function mailPartnerContact(
  tx: DbOrTx,
  link: PartnerLink,
  method: 'REQUEST' | 'CANCEL',
  change: 'invite' | 'changed' | 'cancelled',
  options: {
    withdrawn?: boolean
    /** Own dedupe key and kind (a contact's own change), instead of the item's version. */
    key?: string
    kind?: string
    formerEmail?: string
    removed?: { name: string; email: string; locale: 'fr' | 'en' }
  } = {},
) {
  return queueEmail(tx, {
    dedupeKey: options.key ?? `calendar:${link.calendarUid}:${link.calendarSequence}:${method}`,
    kind: options.kind ?? (change === 'invite' ? 'partner.invitation' : change === 'cancelled' ? 'programme-item.cancelled' : 'programme-item.changed'),
    toAddress: options.formerEmail ?? link.email,
    locale: link.locale,
    eventId: link.eventId,
    payload: {
      template: 'partner-invitation',
      recipient: {
        type: 'partner-contact',
        partnerContactId: link.partnerContactId,
        programmeItemId: link.programmeItemId,
        formerEmail: options.formerEmail,
        removed: options.removed,
      },
      eventId: link.eventId,
      programmeItemId: link.programmeItemId,
      calendar: method,
      // A contact taken off the item has no link row left: the mail carries its calendar identity.
      data: options.withdrawn ? { change, calendarIdentity: { uid: link.calendarUid, sequence: link.calendarSequence } } : { change },
    },
  })
}

/**
 * CANCEL to one partner contact taken off a programme item (the link row is gone once this
 * commits). With `removed`, the contact itself is being deleted: the mail carries who they were.
 */
export async function queuePartnerCancel(tx: DbOrTx, link: PartnerLink, removed?: { name: string; email: string; locale: 'fr' | 'en' }) {
  return mailPartnerContact(tx, link, 'CANCEL', 'cancelled', { withdrawn: true, removed })
}

