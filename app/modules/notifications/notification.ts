import { z } from 'zod'

/**
 * What a business rule tells the notification job: one kind, and exactly the ids and data that
 * kind needs. Services enqueue it with `notify(tx, …)`; the `notify.dispatch` job hands it to the
 * handler of its kind (`kinds/*.server.ts`). No server imports: the job contract reads it too.
 */
const uuid = z.guid()
/** Distinguishes repeated notifications of the same kind (e.g. a calendar sequence, a resend token). */
const version = z.union([z.string(), z.number()]).optional()

const registrationMail = z.object({
  kind: z.enum(['registration.received', 'application.approved', 'application.rejected']),
  registrationId: uuid,
  version,
})

const registrationConfirmed = z.object({
  kind: z.literal('registration.confirmed'),
  registrationId: uuid,
  /** One delegate added to a confirmed registration (or a resend to one): only they are invited. */
  attendeeId: uuid.optional(),
  version,
})

const registrationCancelled = z.object({
  kind: z.literal('registration.cancelled'),
  registrationId: uuid,
  data: z.object({ reason: z.string().optional() }).optional(),
})

const attendeeCancelled = z.object({
  kind: z.literal('attendee.cancelled'),
  registrationId: uuid.optional(),
  attendeeId: uuid,
})

const attendeeChanged = z.object({
  kind: z.literal('attendee.changed'),
  registrationId: uuid.optional(),
  attendeeId: uuid,
  version,
  data: z.object({ previousEmail: z.string().optional() }).optional(),
})

/** A registered attendee's calendar answered "declined": they are asked to confirm by cancelling themselves. */
const attendeeDeclined = z.object({
  kind: z.literal('attendee.declined'),
  attendeeId: uuid,
  version,
})

const waitlistOffer = z.object({
  kind: z.literal('waitlist.offer'),
  eventId: uuid.optional(),
  waitlistEntryId: uuid,
  version,
  data: z.object({ token: z.string().optional(), url: z.string().optional(), offerExpiresAt: z.string().optional() }).optional(),
})

const paymentMail = z.object({
  kind: z.enum(['payment.receipt', 'payment.refunded', 'payment.late-refunded', 'invoice.reminder']),
  registrationId: uuid,
  paymentId: uuid.optional(),
  refundId: uuid.optional(),
  invoiceId: uuid.optional(),
  version,
  data: z
    .object({
      amountMinor: z.number().int().optional(),
      attachmentBase64: z.string().optional(),
      attachmentFilename: z.string().optional(),
    })
    .optional(),
})

const eventCalendar = z.object({ kind: z.enum(['event.changed', 'event.cancelled']), eventId: uuid, version })

const programmeItemCalendar = z.object({
  kind: z.enum(['programme-item.changed', 'programme-item.cancelled']),
  programmeItemId: uuid,
  version,
})

const partnerInvitation = z.object({
  kind: z.literal('partner.invitation'),
  programmeItemId: uuid,
  /** Only these contacts (newly attached ones); all of the item's contacts when absent. */
  data: z.object({ partnerContactIds: z.array(uuid).optional() }).optional(),
})

const partnerContactChanged = z.object({
  kind: z.literal('partner-contact.changed'),
  version,
  data: z.object({ partnerContactId: uuid, previousEmail: z.string().optional() }),
})

const organiserMessage = z.object({
  kind: z.literal('organiser.message'),
  /** One attendee, one registration's contact, or (neither) every attendee of the event. */
  attendeeId: uuid.optional(),
  registrationId: uuid.optional(),
  eventId: uuid.optional(),
  version,
  data: z
    .object({
      messageId: z.string().optional(),
      /** Older jobs carried the texts themselves (plain or per language) instead of a recorded message. */
      subject: z.unknown().optional(),
      body: z.unknown().optional(),
    })
    .optional(),
})

/** A one-use link mailed to an address: no attendee or registration behind it. */
const linkMail = z.object({
  kind: z.enum(['user.invitation', 'user.password-reset', 'company.sign-in-link', 'privacy.confirm-request']),
  version,
  data: z
    .object({
      email: z.string(),
      url: z.string(),
      locale: z.string().optional(),
      name: z.string().nullish(),
      expiresAt: z.string().optional(),
      organisationId: z.string().optional(),
    })
    .loose(),
})

/** A B2B meeting request was received, answered or expired (`version` says which). */
const b2bRequest = z.object({
  kind: z.literal('b2b.request'),
  requestId: uuid,
  version: z.enum(['received', 'accepted', 'declined', 'expired']),
  /** For `received`: the signed one-click answer token (the handler makes the link in the reader's language). */
  data: z.object({ answerToken: z.string().optional() }).optional(),
})

/** A published B2B meeting: invitation or update (REQUEST) or withdrawal (CANCEL), to both delegates. */
const b2bMeeting = z.object({
  kind: z.literal('b2b.meeting'),
  meetingId: uuid,
  version,
  data: z.object({ method: z.enum(['REQUEST', 'CANCEL']) }),
})

/** After a meeting: the rating (months 0) or a follow-up (3, 6, 12) asked of one company, with its signed link token. */
const b2bFollowUp = z.object({
  kind: z.literal('b2b.follow-up'),
  meetingId: uuid,
  data: z.object({ companyId: uuid, months: z.number().int(), token: z.string() }),
})

const VARIANTS = [
  b2bRequest,
  b2bMeeting,
  b2bFollowUp,
  registrationMail,
  registrationConfirmed,
  registrationCancelled,
  attendeeCancelled,
  attendeeChanged,
  attendeeDeclined,
  waitlistOffer,
  paymentMail,
  eventCalendar,
  programmeItemCalendar,
  partnerInvitation,
  partnerContactChanged,
  organiserMessage,
  linkMail,
] as const

// Each variant's enum or literal lists the kinds it carries.
export const notificationSchema = z.discriminatedUnion('kind', [...VARIANTS])
export type Notification = z.infer<typeof notificationSchema>
export type NotificationKind = Notification['kind']
/** The notification of kind(s) K (a variant may carry several kinds: narrowed to K). */
export type NotificationOf<K extends NotificationKind> = Notification extends infer N
  ? N extends { kind: infer NK }
    ? [K & NK] extends [never]
      ? never
      : Omit<N, 'kind'> & { kind: K & NK }
    : never
  : never
