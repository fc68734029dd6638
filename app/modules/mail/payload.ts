import { z } from 'zod'
import { MAIL_TEMPLATES, type MailTemplateName } from '#emails/index'

/** Who a message goes to; resolved to a name, address and language when the mail is built. */
export const mailRecipientSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('attendee'),
    attendeeId: z.guid(),
    /** The address the attendee had before a change: the mail goes there instead (it withdraws the old invitation). */
    formerEmail: z.email().optional(),
  }),
  z.object({ type: z.literal('contact'), registrationId: z.guid() }),
  z.object({
    type: z.literal('partner-contact'),
    partnerContactId: z.guid(),
    programmeItemId: z.guid(),
    /** The address the contact had before a change: the CANCEL goes there (it withdraws the old invitation). */
    formerEmail: z.email().optional(),
    /** The contact as they were when deleted (no row is left when their CANCEL is built). */
    removed: z.object({ name: z.string(), email: z.email(), locale: z.enum(['fr', 'en']) }).optional(),
  }),
  z.object({
    type: z.literal('address'),
    email: z.email(),
    name: z.string().nullish(),
    locale: z.enum(['fr', 'en']),
  }),
])
export type MailRecipient = z.infer<typeof mailRecipientSchema>

/**
 * Stored on `email_message.payload`: what to build, not the built mail. The mail is rendered at
 * send time so it shows the current times and carries a freshly minted management link.
 */
export const mailPayloadSchema = z.object({
  template: z.string().refine((name): name is MailTemplateName => name in MAIL_TEMPLATES),
  recipient: mailRecipientSchema,
  eventId: z.guid().optional(),
  /** The sending organisation when no event says it (account invitations, password links). */
  organisationId: z.guid().optional(),
  registrationId: z.guid().optional(),
  programmeItemId: z.guid().optional(),
  /** A B2B meeting: the calendar part and the times shown are the meeting's (recipient: one of its delegates). */
  meetingId: z.guid().optional(),
  /** A `text/calendar` part: REQUEST (invitation or update) or CANCEL. */
  calendar: z.enum(['REQUEST', 'CANCEL']).optional(),
  listUnsubscribe: z.boolean().optional(),
  data: z
    .object({
      amountMinor: z.number().int().optional(),
      currency: z.string().optional(),
      note: z.string().optional(),
      expiresAt: z.string().optional(),
      actionUrl: z.url().optional(),
      message: z.object({ subject: z.string(), body: z.string() }).optional(),
      change: z.enum(['invite', 'changed', 'cancelled']).optional(),
      wholeEvent: z.boolean().optional(),
      /** UID and SEQUENCE of an invitation whose link row is gone (a partner contact taken off a session). */
      calendarIdentity: z.object({ uid: z.string(), sequence: z.number().int() }).optional(),
      /** Slot for the payments module: a PDF to attach (e.g. the invoice), read at send time. */
      attachment: z.object({ filename: z.string(), contentBase64: z.string() }).optional(),
      /** B2B mails: what happened and with whom. */
      b2b: z
        .object({
          change: z.enum(['received', 'accepted', 'declined', 'expired', 'invite', 'changed', 'cancelled', 'rating', 'follow-up']),
          otherCompany: z.string(),
          message: z.string().optional(),
          months: z.number().int().optional(),
          declineUrl: z.url().optional(),
        })
        .optional(),
    })
    .optional(),
})
export type MailPayload = Omit<z.infer<typeof mailPayloadSchema>, 'template'> & { template: MailTemplateName }
