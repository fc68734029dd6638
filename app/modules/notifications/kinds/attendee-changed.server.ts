import { queueEmail } from '~/modules/mail/send.server'
import { attendeeById } from '~/modules/registration/recipients.server'
import { mailAttendee } from '../deliver.server'
import type { KindHandler } from './types'

/** A delegate's details or ticket changed: an updated invitation; after an address change, a CANCEL to the old one. */
export const attendeeChanged: KindHandler<'attendee.changed'> = async (tx, n) => {
  const attendee = await attendeeById(tx, n.attendeeId)
  if (!attendee || attendee.status !== 'active') return
  const changeKey = n.version ?? attendee.updatedAt.getTime()
  const formerEmail = n.data?.previousEmail || undefined
  if (formerEmail && formerEmail.toLowerCase() !== attendee.email.toLowerCase()) {
    // The old address's calendar holds the invitation: withdraw it there (same UID, CANCEL).
    await queueEmail(tx, {
      dedupeKey: `attendee.changed:former:${attendee.id}:${changeKey}`,
      kind: n.kind,
      toAddress: formerEmail,
      locale: attendee.locale,
      eventId: attendee.eventId,
      registrationId: attendee.registrationId,
      payload: {
        template: 'cancelled',
        recipient: { type: 'attendee', attendeeId: attendee.id, formerEmail },
        eventId: attendee.eventId,
        registrationId: attendee.registrationId,
        calendar: 'CANCEL',
      },
    })
  }
  await mailAttendee(tx, attendee, {
    key: `attendee.changed:attendee:${attendee.id}:${changeKey}`,
    kind: n.kind,
    template: 'registration-confirmed',
    calendar: 'REQUEST',
  })
}
