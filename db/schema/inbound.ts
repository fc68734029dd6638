import { sql } from 'drizzle-orm'
import { index, integer, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { bytea, id, timestamptz, timestamps } from './_columns'
import { users } from './auth'
import { programmeItems } from './events'
import { partnerContacts } from './partners'
import { attendees } from './registrations'

export const INBOUND_SOURCES = ['imap', 'pipe', 'webhook', 'dev'] as const
export type InboundSource = (typeof INBOUND_SOURCES)[number]

/**
 * `stored`: kept, waiting for its job; `applied`: a reply changed a guest list; `ignored`: read
 * and deliberately not applied (stale, not a reply); `review`: waits for a person;
 * `quarantined`: the sender is neither the guest nor aligned with their domain.
 */
export const INBOUND_STATUSES = ['stored', 'applied', 'ignored', 'review', 'quarantined'] as const
export type InboundStatus = (typeof INBOUND_STATUSES)[number]

/** Every received mail, stored raw before anything reads it. One row per Message-ID. */
export const inboundMessages = pgTable(
  'inbound_message',
  {
    id: id(),
    /** The Message-ID header (or a digest of the raw message when it has none). */
    messageId: text().notNull(),
    source: text().$type<InboundSource>().notNull(),
    raw: bytea().notNull(),
    sizeBytes: integer().notNull(),
    fromAddress: text(),
    subject: text(),
    status: text().$type<InboundStatus>().notNull().default('stored'),
    /** Why it was ignored, reviewed or quarantined (a code from inbound/reasons.ts). */
    reason: text(),
    receivedAt: timestamptz().notNull().defaultNow(),
    processedAt: timestamptz(),
  },
  (t) => [uniqueIndex('inbound_message_message_id_key').on(t.messageId), index().on(t.status, t.receivedAt)],
)

export const REVIEW_STATES = ['open', 'applied', 'ignored'] as const
export type ReviewState = (typeof REVIEW_STATES)[number]

/** A message a person must look at: unmatched, unreadable, a subject-only answer, a delegation. */
export const inboundReviewItems = pgTable(
  'inbound_review_item',
  {
    id: id(),
    inboundMessageId: uuid()
      .notNull()
      .references(() => inboundMessages.id, { onDelete: 'cascade' }),
    reason: text().notNull(),
    /** What the message seems to say (from its calendar part or its subject), never applied by itself. */
    suggestedPartstat: text().$type<RsvpPartstat>(),
    calendarUid: text(),
    attendeeAddress: text(),
    state: text().$type<ReviewState>().notNull().default('open'),
    resolvedByUserId: uuid().references(() => users.id),
    resolvedAt: timestamptz(),
    ...timestamps,
  },
  (t) => [uniqueIndex('inbound_review_item_message_key').on(t.inboundMessageId), index().on(t.state, t.createdAt)],
)

export const RSVP_PARTSTATS = ['accepted', 'declined', 'tentative', 'delegated'] as const
export type RsvpPartstat = (typeof RSVP_PARTSTATS)[number]

/** A partner contact's answer to one session's invitation (no row: no answer yet). */
export const programmeItemContactRsvps = pgTable(
  'programme_item_contact_rsvp',
  {
    programmeItemId: uuid()
      .notNull()
      .references(() => programmeItems.id, { onDelete: 'cascade' }),
    partnerContactId: uuid()
      .notNull()
      .references(() => partnerContacts.id, { onDelete: 'cascade' }),
    partstat: text().$type<RsvpPartstat>().notNull(),
    /** SEQUENCE and DTSTAMP of the reply applied: an older one is stale. */
    replySequence: integer().notNull(),
    replyStamp: timestamptz().notNull(),
    delegatedTo: text(),
    inboundMessageId: uuid().references(() => inboundMessages.id, { onDelete: 'set null' }),
    /** Set when the organiser's daily digest has reported the latest change. */
    digestedAt: timestamptz(),
    ...timestamps,
  },
  (t) => [primaryKey({ columns: [t.programmeItemId, t.partnerContactId] }), index().on(t.partnerContactId), index('programme_item_contact_rsvp_undigested_idx').on(t.updatedAt).where(sql`${t.digestedAt} IS NULL`)],
)

/** A registered attendee's answer to their invitation. A decline never cancels the seat by itself. */
export const attendeeRsvps = pgTable(
  'attendee_rsvp',
  {
    attendeeId: uuid()
      .primaryKey()
      .references(() => attendees.id, { onDelete: 'cascade' }),
    partstat: text().$type<RsvpPartstat>().notNull(),
    replySequence: integer().notNull(),
    replyStamp: timestamptz().notNull(),
    delegatedTo: text(),
    inboundMessageId: uuid().references(() => inboundMessages.id, { onDelete: 'set null' }),
    digestedAt: timestamptz(),
    ...timestamps,
  },
)
