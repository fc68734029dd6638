import { sql } from 'drizzle-orm'
import { index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { id, timestamps, timestamptz, createdAt } from './_columns'
import { organisations } from './organisation'
import { users } from './auth'
import { events } from './events'

export const CONSENT_PURPOSES = ['privacy_notice', 'directory_listing', 'buyer_sharing', 'photos', 'newsletter', 'funder_sharing'] as const
export type ConsentPurpose = (typeof CONSENT_PURPOSES)[number]
export const CONSENT_CHANNELS = ['registration_form', 'management_link', 'back_office', 'import'] as const
export type ConsentChannel = (typeof CONSENT_CHANNELS)[number]

/**
 * One acceptance of one purpose by one email address: the text version accepted, when and how.
 * A withdrawal sets `withdrawnAt` (the row stays as the proof of what was accepted).
 */
export const privacyConsents = pgTable(
  'privacy_consent',
  {
    id: id(),
    organisationId: uuid()
      .notNull()
      .references(() => organisations.id),
    email: text().notNull(),
    purpose: text().$type<ConsentPurpose>().notNull(),
    textVersion: text().notNull(),
    locale: text().$type<'fr' | 'en'>().notNull().default('fr'),
    channel: text().$type<ConsentChannel>().notNull(),
    /** Set when the consent belongs to one registration (e.g. the directory listing of an event). */
    registrationId: uuid(),
    acceptedAt: timestamptz().notNull().defaultNow(),
    withdrawnAt: timestamptz(),
    ...timestamps,
  },
  (t) => [index('privacy_consent_email_idx').on(t.organisationId, sql`lower(${t.email})`, t.purpose)],
)

export const PRIVACY_REQUEST_KINDS = ['access', 'erasure'] as const
export type PrivacyRequestKind = (typeof PRIVACY_REQUEST_KINDS)[number]
/** `unverified`: asked by the person, waiting for the click in the mailed link. */
export const PRIVACY_REQUEST_STATUSES = ['unverified', 'open', 'running', 'completed', 'refused', 'cancelled'] as const
export type PrivacyRequestStatus = (typeof PRIVACY_REQUEST_STATUSES)[number]

/** A subject-access or erasure request about one email address. */
export const privacyRequests = pgTable(
  'privacy_request',
  {
    id: id(),
    organisationId: uuid()
      .notNull()
      .references(() => organisations.id),
    kind: text().$type<PrivacyRequestKind>().notNull(),
    status: text().$type<PrivacyRequestStatus>().notNull().default('open'),
    /** The subject's address, lower case. Replaced by a pseudonym once an erasure completes. */
    email: text().notNull(),
    locale: text().$type<'fr' | 'en'>().notNull().default('fr'),
    requestedByUserId: uuid().references(() => users.id),
    /** SHA-256 of the one-use confirmation token mailed to the person. */
    verifyTokenHash: text().unique(),
    verifyExpiresAt: timestamptz(),
    verifiedAt: timestamptz(),
    /** Erasure: the steps already applied (resumable), and what was done / kept per table. */
    stepsDone: text().array().notNull().default(sql`'{}'::text[]`),
    result: jsonb().$type<Record<string, unknown>>(),
    refusalReason: text(),
    completedAt: timestamptz(),
    ...timestamps,
  },
  (t) => [index().on(t.organisationId, t.status), index('privacy_request_email_idx').on(sql`lower(${t.email})`)],
)

/** Personal data leaving the platform through an export: who, when, which event, which fields. */
export const privacyDisclosures = pgTable(
  'privacy_disclosure',
  {
    id: id(),
    organisationId: uuid().references(() => organisations.id),
    userId: uuid().references(() => users.id),
    eventId: uuid().references(() => events.id, { onDelete: 'set null' }),
    /** e.g. `attendees.csv`, `attendees.xlsx`, `b2b.schedule.csv`, `subject-access.json`. */
    channel: text().notNull(),
    fields: text().array().notNull(),
    rowCount: integer(),
    recipient: text(),
    createdAt: createdAt(),
  },
  (t) => [index().on(t.eventId, t.createdAt), index().on(t.createdAt)],
)

/** Last run of each retention rule (the audit log has the details). */
export const privacyRetentionRuns = pgTable(
  'privacy_retention_run',
  {
    id: id(),
    rule: text().notNull(),
    affected: integer().notNull().default(0),
    ranAt: timestamptz().notNull().defaultNow(),
  },
  (t) => [uniqueIndex().on(t.rule, t.ranAt)],
)
