import { index, integer, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core'
import { id, timestamps, timestamptz } from './_columns'
import { events } from './events'
import { registrations } from './registrations'

export const EMAIL_STATUSES = ['queued', 'sending', 'sent', 'failed'] as const
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
    sentAt: timestamptz(),
    ...timestamps,
  },
  (t) => [index().on(t.registrationId), index().on(t.status), index().on(t.eventId)],
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
