import { getDb } from '#db/client'
import type { Notification, NotificationKind } from './notification'
import { b2bFollowUp, b2bMeeting, b2bRequest } from './kinds/b2b.server'
import { eventCalendar, partnerContactChanged, partnerInvitation, programmeItemCalendar } from './kinds/calendar.server'
import { attendeeCancelled, registrationCancelled } from './kinds/cancellations.server'
import { attendeeChanged } from './kinds/attendee-changed.server'
import { attendeeDeclined } from './kinds/attendee-declined.server'
import { linkMail } from './kinds/link-mail.server'
import { organiserMessage } from './kinds/organiser-message.server'
import { paymentMail } from './kinds/payment-mail.server'
import { registrationConfirmed } from './kinds/registration-confirmed.server'
import { registrationMail } from './kinds/registration-mail.server'
import type { KindHandler } from './kinds/types'
import { waitlistOffer } from './kinds/waitlist-offer.server'

/** One handler per kind; a kind without one does not compile. */
const HANDLERS: { [K in NotificationKind]: KindHandler<K> } = {
  'registration.received': registrationMail,
  'application.approved': registrationMail,
  'application.rejected': registrationMail,
  'registration.confirmed': registrationConfirmed,
  'registration.cancelled': registrationCancelled,
  'attendee.cancelled': attendeeCancelled,
  'attendee.changed': attendeeChanged,
  'attendee.declined': attendeeDeclined,
  'waitlist.offer': waitlistOffer,
  'payment.receipt': paymentMail,
  'payment.refunded': paymentMail,
  'payment.late-refunded': paymentMail,
  'invoice.reminder': paymentMail,
  'event.changed': eventCalendar,
  'event.cancelled': eventCalendar,
  'programme-item.changed': programmeItemCalendar,
  'programme-item.cancelled': programmeItemCalendar,
  'partner.invitation': partnerInvitation,
  'partner-contact.changed': partnerContactChanged,
  'organiser.message': organiserMessage,
  'user.invitation': linkMail,
  'user.password-reset': linkMail,
  'company.sign-in-link': linkMail,
  'privacy.confirm-request': linkMail,
  'b2b.request': b2bRequest,
  'b2b.meeting': b2bMeeting,
  'b2b.follow-up': b2bFollowUp,
}

/**
 * Turns one notification into `email.send` jobs, one per recipient, in one transaction. Safe to
 * run twice: every message has its dedupe key.
 */
export async function dispatch(notification: Notification, db = getDb()) {
  const handler = HANDLERS[notification.kind] as KindHandler<NotificationKind>
  await db.transaction((tx) => handler(tx, notification))
}
