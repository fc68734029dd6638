import { z } from 'zod'
import type { DbOrTx } from '#db/client'
import { enqueue } from '~/jobs/boss.server'
import { defineJob } from '~/jobs/types'
import { logger } from '~/utils/logger.server'

/**
 * The one door from business rules to messages. Services call `notify(tx, …)` inside their
 * transaction; the `notify.dispatch` job (owned by the mail module) turns it into mails and
 * calendar invitations for the right people, each deduplicated by its own key.
 */
export const NOTIFICATION_KINDS = [
  'registration.received',
  'registration.confirmed',
  'registration.cancelled',
  'attendee.cancelled',
  'attendee.changed',
  'application.approved',
  'application.rejected',
  'waitlist.offer',
  'payment.receipt',
  'payment.refunded',
  'payment.late-refunded',
  'invoice.reminder',
  'event.changed',
  'event.cancelled',
  'programme-item.changed',
  'programme-item.cancelled',
  'organiser.message',
  'company.sign-in-link',
  'partner.invitation',
  'partner-contact.changed',
  'user.invitation',
  'user.password-reset',
] as const
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number]

export const notificationSchema = z.object({
  kind: z.enum(NOTIFICATION_KINDS),
  registrationId: z.string().uuid().optional(),
  attendeeId: z.string().uuid().optional(),
  eventId: z.string().uuid().optional(),
  programmeItemId: z.string().uuid().optional(),
  waitlistEntryId: z.string().uuid().optional(),
  paymentId: z.string().uuid().optional(),
  refundId: z.string().uuid().optional(),
  invoiceId: z.string().uuid().optional(),
  /** Distinguishes repeated notifications of the same kind (e.g. the event's calendar sequence). */
  version: z.union([z.string(), z.number()]).optional(),
  /** Free data a kind needs (e.g. an organiser message id, a sign-in token). Never secrets that outlive the job. */
  data: z.record(z.unknown()).optional(),
})
export type Notification = z.infer<typeof notificationSchema>

export async function notify(tx: DbOrTx, notification: Notification) {
  return enqueue(tx, 'notify.dispatch', notification)
}

/** Replaced by the mail module's dispatcher. */
export let dispatchNotification: (notification: Notification) => Promise<void> = async (notification) => {
  logger.info({ notification }, 'notification (no dispatcher installed yet)')
}

export function installDispatcher(dispatcher: typeof dispatchNotification) {
  dispatchNotification = dispatcher
}

export const notificationJobs = [
  defineJob({
    name: 'notify.dispatch',
    schema: notificationSchema,
    queue: { retryLimit: 8, retryDelay: 15, retryBackoff: true },
    handler: (notification) => dispatchNotification(notification),
  }),
]
