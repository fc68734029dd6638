import { attendeeById, registrationWithAttendees } from '~/modules/registration/recipients.server'
import { bumpAttendeeSequence, mailAttendee, mailContact } from '../deliver.server'
import type { KindHandler } from './types'

/** A whole registration cancelled: every delegate's invitation is withdrawn (CANCEL, SEQUENCE up). */
export const registrationCancelled: KindHandler<'registration.cancelled'> = async (tx, n) => {
  const found = await registrationWithAttendees(tx, n.registrationId)
  if (!found) return
  for (const attendee of found.people) {
    const id = await mailAttendee(tx, attendee, { key: `cancel:attendee:${attendee.id}`, kind: n.kind, template: 'cancelled', calendar: 'CANCEL' })
    if (id) await bumpAttendeeSequence(tx, attendee.id)
  }
  if (!found.people.some((p) => p.email.toLowerCase() === found.registration.contactEmail.toLowerCase())) {
    await mailContact(tx, found.registration, { key: `registration.cancelled:contact:${found.registration.id}`, kind: n.kind, template: 'cancelled' })
  }
}

/** One delegate cancelled: their invitation is withdrawn. */
export const attendeeCancelled: KindHandler<'attendee.cancelled'> = async (tx, n) => {
  const attendee = await attendeeById(tx, n.attendeeId)
  if (!attendee) return
  const id = await mailAttendee(tx, attendee, { key: `cancel:attendee:${attendee.id}`, kind: n.kind, template: 'cancelled', calendar: 'CANCEL' })
  if (id) await bumpAttendeeSequence(tx, attendee.id)
}
