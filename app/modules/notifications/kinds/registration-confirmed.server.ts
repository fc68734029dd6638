import { contactIsAttendee, registrationWithAttendees } from '~/modules/registration/recipients.server'
import { mailAttendee, mailContact } from '../deliver.server'
import type { KindHandler } from './types'

/** Each delegate gets their ticket and invitation; the contact a summary when not a delegate. */
export const registrationConfirmed: KindHandler<'registration.confirmed'> = async (tx, n) => {
  const found = await registrationWithAttendees(tx, n.registrationId)
  if (!found) return
  const version = n.version ?? 0
  // With an attendeeId, one delegate was added to a confirmed registration: only they are invited.
  const invited = found.people.filter((p) => p.status === 'active' && (!n.attendeeId || p.id === n.attendeeId))
  for (const attendee of invited) {
    await mailAttendee(tx, attendee, {
      key: `registration.confirmed:attendee:${attendee.id}:${version}`,
      kind: n.kind,
      template: 'registration-confirmed',
      calendar: 'REQUEST',
    })
  }
  if (!n.attendeeId && !contactIsAttendee(found.registration, found.people)) {
    await mailContact(tx, found.registration, {
      key: `registration.confirmed:contact:${found.registration.id}:${version}`,
      kind: n.kind,
      template: 'registration-confirmed',
    })
  }
}
