import { check, index, integer, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core'
import { sql } from 'drizzle-orm'
import { createdAt, id, timestamps, timestamptz, type LocalizedText } from './_columns'
import { users } from './auth'
import { events } from './events'
import { attendees, registrations } from './registrations'
import { partnerContacts } from './partners'

/** `cancelled`: no longer relevant when its turn came (e.g. a reminder for an attendee who cancelled). */
export const EMAIL_STATUSES = ['queued', 'sending', 'sent', 'failed', 'cancelled'] as const
export type EmailStatus = (typeof EMAIL_STATUSES)[number]

/**
 * Every outbound message. `dedupeKey` = (kind, recipient, subject, version): a retried or
 * duplicated job finds its row and sends nothing twice.
 */
export const emailMessages = pgTable(
  'email_message',
  {
    id: id(),
    dedupeKey: text().notNull().unique(),
    /** The notification kind that caused it (e.g. `registration.confirmed`, `reminder`). */
    kind: text(),
    template: text().notNull(),
    locale: text().$type<'fr' | 'en'>().notNull(),
    toAddress: text().notNull(),
    subject: text(),
    status: text().$type<EmailStatus>().notNull().default('queued'),
    attempts: integer().notNull().default(0),
    messageId: text(),
    lastError: text(),
    eventId: uuid().references(() => events.id),
    registrationId: uuid().references(() => registrations.id),
    payload: jsonb(),
    /** Set for the mails of one organiser message, so its progress can be counted. */
    organiserMessageId: uuid().references(() => organiserMessages.id),
    /** When a sender claimed it (`queued → sending`); a row left `sending` was interrupted mid-send. */
    claimedAt: timestamptz(),
    sentAt: timestamptz(),
    ...timestamps,
  },
  (t) => [index().on(t.registrationId), index().on(t.status), index().on(t.eventId), index().on(t.organiserMessageId)],
)

export const ORGANISER_MESSAGE_AUDIENCES = ['attendees', 'contacts'] as const
export type OrganiserMessageAudience = (typeof ORGANISER_MESSAGE_AUDIENCES)[number]

/**
 * A message an organiser sends to a selection of an event's attendees or company contacts,
 * written in both languages; each recipient gets their own language. Sent by jobs.
 */
export const organiserMessages = pgTable(
  'organiser_message',
  {
    id: id(),
    eventId: uuid()
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    subject: jsonb().$type<LocalizedText>().notNull(),
    body: jsonb().$type<LocalizedText>().notNull(),
    audience: text().$type<OrganiserMessageAudience>().notNull(),
    recipientCount: integer().notNull(),
    sentByUserId: uuid().references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index().on(t.eventId)],
)

/** The built-in dev mailbox (like Mailpit): mail lands here when no SMTP server is configured. */
export const devMailbox = pgTable(
  'dev_mailbox_message',
  {
    id: id(),
    messageId: text(),
    fromAddress: text().notNull(),
    toAddresses: text().notNull(),
    subject: text().notNull(),
    locale: text(),
    template: text(),
    raw: text().notNull(),
    receivedAt: timestamptz().notNull().defaultNow(),
  },
  (t) => [index().on(t.receivedAt)],
)

/**
 * Private calendar subscription feeds (PUBLISH, never invitations): one token per attendee or per
 * partner contact; only the SHA-256 of the token is stored.
 */
export const calendarFeedTokens = pgTable(
  'calendar_feed_token',
  {
    tokenHash: text().primaryKey(),
    attendeeId: uuid().references(() => attendees.id, { onDelete: 'cascade' }),
    partnerContactId: uuid().references(() => partnerContacts.id, { onDelete: 'cascade' }),
    revokedAt: timestamptz(),
    createdAt: timestamptz().notNull().defaultNow(),
  },
  (t) => [
    index().on(t.attendeeId),
    index().on(t.partnerContactId),
    check('calendar_feed_token_one_owner', sql`(${t.attendeeId} IS NULL) <> (${t.partnerContactId} IS NULL)`),
  ],
)
