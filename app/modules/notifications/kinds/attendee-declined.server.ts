import { attendeeById } from '~/modules/registration/recipients.server'
import { mailAttendee } from '../deliver.server'
import type { KindHandler } from './types'

/** A calendar said "declined": the attendee gets their management link to cancel (never a silent cancel). */
export const attendeeDeclined: KindHandler<'attendee.declined'> = async (tx, n) => {
  const attendee = await attendeeById(tx, n.attendeeId)
  if (!attendee || attendee.status !== 'active') return
  await mailAttendee(tx, attendee, {
    key: `attendee.declined:${attendee.id}:${n.version ?? 0}`,
    kind: n.kind,
    template: 'rsvp-declined',
  })
}
