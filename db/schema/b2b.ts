import { sql } from 'drizzle-orm'
import { boolean, check, index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { id, timestamps, timestamptz } from './_columns'
import { events, programmeItems } from './events'
import { attendees, companies, registrations } from './registrations'

/** A text written in French and/or English (a profile may have one language only). */
export type PartialLocalizedText = { fr?: string; en?: string }

export const B2B_ROLES = ['seller', 'buyer'] as const
export type B2bRole = (typeof B2B_ROLES)[number]
export const B2B_ENTRY_TYPES = ['product', 'service', 'distribution', 'partnership', 'investment'] as const
export type B2bEntryType = (typeof B2B_ENTRY_TYPES)[number]
export const B2B_ENTRY_DIRECTIONS = ['offer', 'need'] as const
export type B2bEntryDirection = (typeof B2B_ENTRY_DIRECTIONS)[number]
export const MEETING_REQUEST_STATUSES = ['pending', 'accepted', 'declined', 'expired', 'cancelled'] as const
export type MeetingRequestStatus = (typeof MEETING_REQUEST_STATUSES)[number]
export const MEETING_STATUSES = ['preliminary', 'published', 'cancelled'] as const
export type MeetingStatus = (typeof MEETING_STATUSES)[number]
export const MEETING_RATINGS = ['excellent', 'useful', 'neutral', 'not_useful'] as const
export type MeetingRating = (typeof MEETING_RATINGS)[number]
/** 0 is the rating asked right after the meeting; then the follow-ups at +3, +6 and +12 months. */
export const FOLLOW_UP_MONTHS = [0, 3, 6, 12] as const

/** The organiser's matchmaking settings of one B2B event (one row, created on first use). */
export const b2bSettings = pgTable(
  'b2b_settings',
  {
    eventId: uuid()
      .primaryKey()
      .references(() => events.id, { onDelete: 'cascade' }),
    /** A pending request expires this many hours after it was sent (default 3 days). */
    requestExpiryHours: integer().notNull().default(72),
    /** Open (pending) outgoing requests a company may have at once. */
    maxOpenRequests: integer().notNull().default(10),
    /** Default slot length of new sessions. */
    slotMinutes: integer().notNull().default(20),
    /** Set when the organiser publishes the schedule: participants see meetings from then on. */
    schedulePublishedAt: timestamptz(),
    ...timestamps,
  },
  (t) => [
    check('b2b_settings_positive', sql`${t.requestExpiryHours} > 0 AND ${t.maxOpenRequests} > 0 AND ${t.slotMinutes} between 5 and 240`),
  ],
)

/** A block of fixed-length meeting slots, with breaks, on a number of tables. */
export const meetingSessions = pgTable(
  'meeting_session',
  {
    id: id(),
    eventId: uuid()
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    /** The programme item the session shows as, when there is one. */
    programmeItemId: uuid().references(() => programmeItems.id, { onDelete: 'set null' }),
    startsAt: timestamptz().notNull(),
    endsAt: timestamptz().notNull(),
    slotMinutes: integer().notNull().default(20),
    /** Breaks inside the block, as ISO instants: no slot overlaps one. */
    breaks: jsonb().$type<{ startsAt: string; endsAt: string }[]>().notNull().default(sql`'[]'::jsonb`),
    tableCount: integer().notNull(),
    ...timestamps,
  },
  (t) => [
    index().on(t.eventId, t.startsAt),
    check('meeting_session_ends_after_start', sql`${t.endsAt} > ${t.startsAt}`),
    check('meeting_session_tables_positive', sql`${t.tableCount} > 0`),
  ],
)

/** One slot of a session (derived from it; rows so that availability and meetings can refer to them). */
export const meetingSlots = pgTable(
  'meeting_slot',
  {
    id: id(),
    sessionId: uuid()
      .notNull()
      .references(() => meetingSessions.id, { onDelete: 'cascade' }),
    eventId: uuid()
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    startsAt: timestamptz().notNull(),
    endsAt: timestamptz().notNull(),
  },
  (t) => [index().on(t.eventId, t.startsAt), uniqueIndex('meeting_slot_session_start_key').on(t.sessionId, t.startsAt)],
)

/** A numbered table of the event; a seller may keep one for all its meetings. */
export const meetingTables = pgTable(
  'meeting_table',
  {
    id: id(),
    eventId: uuid()
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    number: integer().notNull(),
    label: text(),
    fixedCompanyId: uuid().references(() => companies.id, { onDelete: 'set null' }),
  },
  (t) => [
    uniqueIndex('meeting_table_event_number_key').on(t.eventId, t.number),
    uniqueIndex('meeting_table_fixed_company_key').on(t.eventId, t.fixedCompanyId),
  ],
)

/**
 * A company's part in a B2B event: its role and whether it may be listed. This row is what the
 * request and meeting rules lock (one per company and event, in company id order).
 */
export const b2bParticipants = pgTable(
  'b2b_participant',
  {
    eventId: uuid()
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    companyId: uuid()
      .notNull()
      .references(() => companies.id, { onDelete: 'cascade' }),
    registrationId: uuid()
      .notNull()
      .references(() => registrations.id, { onDelete: 'cascade' }),
    role: text().$type<B2bRole>().notNull(),
    listingConsent: boolean().notNull().default(false),
    ...timestamps,
  },
  (t) => [primaryKey({ columns: [t.eventId, t.companyId] }), uniqueIndex('b2b_participant_registration_key').on(t.registrationId)],
)

/** A company's matchmaking profile on one event. */
export const b2bProfiles = pgTable(
  'b2b_profile',
  {
    id: id(),
    eventId: uuid()
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    companyId: uuid()
      .notNull()
      .references(() => companies.id, { onDelete: 'cascade' }),
    about: jsonb().$type<PartialLocalizedText>().notNull().default(sql`'{}'::jsonb`),
    sector: text(),
    /** ISO country or region codes (US-FL, CA, MQ…). */
    targetMarkets: text().array().notNull().default(sql`'{}'::text[]`),
    /** Languages spoken (fr, en, es…). */
    languages: text().array().notNull().default(sql`'{}'::text[]`),
    logoUrl: text(),
    ...timestamps,
  },
  (t) => [uniqueIndex('b2b_profile_event_company_key').on(t.eventId, t.companyId)],
)

/** What a company offers or looks for. */
export const b2bProfileEntries = pgTable(
  'b2b_profile_entry',
  {
    id: id(),
    profileId: uuid()
      .notNull()
      .references(() => b2bProfiles.id, { onDelete: 'cascade' }),
    direction: text().$type<B2bEntryDirection>().notNull(),
    type: text().$type<B2bEntryType>().notNull(),
    title: jsonb().$type<PartialLocalizedText>().notNull(),
    description: jsonb().$type<PartialLocalizedText>().notNull().default(sql`'{}'::jsonb`),
    sector: text(),
    position: integer().notNull().default(0),
  },
  (t) => [index().on(t.profileId)],
)

/** A delegate (attendee) is available in a slot. No row: not available. */
export const delegateAvailability = pgTable(
  'delegate_availability',
  {
    attendeeId: uuid()
      .notNull()
      .references(() => attendees.id, { onDelete: 'cascade' }),
    slotId: uuid()
      .notNull()
      .references(() => meetingSlots.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.attendeeId, t.slotId] }), index().on(t.slotId)],
)

/** A meeting request from one company to another; the other side accepts or declines. */
export const meetingRequests = pgTable(
  'meeting_request',
  {
    id: id(),
    eventId: uuid()
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    fromCompanyId: uuid()
      .notNull()
      .references(() => companies.id),
    toCompanyId: uuid()
      .notNull()
      .references(() => companies.id),
    message: text().notNull().default(''),
    status: text().$type<MeetingRequestStatus>().notNull().default('pending'),
    expiresAt: timestamptz().notNull(),
    mustMeet: boolean().notNull().default(false),
    /** 1..3, the scheduler's weight; must-meet requests get 3. */
    priority: integer().notNull().default(1),
    /** Created by the organiser on behalf of both (accepted at once). */
    brokered: boolean().notNull().default(false),
    decidedAt: timestamptz(),
    ...timestamps,
  },
  (t) => [
    index().on(t.eventId, t.status),
    index().on(t.fromCompanyId, t.status),
    index().on(t.toCompanyId, t.status),
    index('meeting_request_expiry_idx').on(t.expiresAt).where(sql`${t.status} = 'pending'`),
    // One live request per direction: a company cannot ask the same company twice at once.
    uniqueIndex('meeting_request_live_key')
      .on(t.eventId, t.fromCompanyId, t.toCompanyId)
      .where(sql`${t.status} in ('pending', 'accepted')`),
    check('meeting_request_not_self', sql`${t.fromCompanyId} <> ${t.toCompanyId}`),
    check('meeting_request_priority_range', sql`${t.priority} between 1 and 3`),
  ],
)

/**
 * A scheduled one-to-one meeting between two companies (company A's id sorts first), served by
 * one delegate of each. Preliminary meetings are the organiser's draft; participants see
 * published ones. The calendar UID never changes; the SEQUENCE only grows.
 */
export const meetings = pgTable(
  'meeting',
  {
    id: id(),
    eventId: uuid()
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    slotId: uuid()
      .notNull()
      .references(() => meetingSlots.id),
    tableId: uuid()
      .notNull()
      .references(() => meetingTables.id),
    companyAId: uuid()
      .notNull()
      .references(() => companies.id),
    companyBId: uuid()
      .notNull()
      .references(() => companies.id),
    delegateAId: uuid()
      .notNull()
      .references(() => attendees.id),
    delegateBId: uuid()
      .notNull()
      .references(() => attendees.id),
    /** The requests this meeting answers (one, or both directions of a pair). */
    requestIds: uuid().array().notNull().default(sql`'{}'::uuid[]`),
    status: text().$type<MeetingStatus>().notNull().default('preliminary'),
    /** Kept as is by "schedule all" until the organiser releases it. */
    locked: boolean().notNull().default(false),
    calendarUid: text().notNull().unique(),
    calendarSequence: integer().notNull().default(0),
    publishedAt: timestamptz(),
    cancelledAt: timestamptz(),
    checkedInAt: timestamptz(),
    noShowCompanyId: uuid().references(() => companies.id),
    ...timestamps,
  },
  (t) => [
    index().on(t.eventId, t.status),
    index().on(t.slotId),
    uniqueIndex('meeting_live_pair_key')
      .on(t.eventId, t.companyAId, t.companyBId)
      .where(sql`${t.status} <> 'cancelled'`),
    uniqueIndex('meeting_live_table_key').on(t.slotId, t.tableId).where(sql`${t.status} <> 'cancelled'`),
    uniqueIndex('meeting_live_delegate_a_key').on(t.slotId, t.delegateAId).where(sql`${t.status} <> 'cancelled'`),
    uniqueIndex('meeting_live_delegate_b_key').on(t.slotId, t.delegateBId).where(sql`${t.status} <> 'cancelled'`),
    check('meeting_companies_ordered', sql`${t.companyAId} < ${t.companyBId}`),
  ],
)

/** One company's one-click rating of a meeting. */
export const meetingRatings = pgTable(
  'meeting_rating',
  {
    meetingId: uuid()
      .notNull()
      .references(() => meetings.id, { onDelete: 'cascade' }),
    companyId: uuid()
      .notNull()
      .references(() => companies.id),
    rating: text().$type<MeetingRating>().notNull(),
    ...timestamps,
  },
  (t) => [primaryKey({ columns: [t.meetingId, t.companyId] })],
)

/** What was asked of one company after a meeting (rating at 0, follow-ups at +3, +6, +12 months), and its answer. */
export const meetingFollowUps = pgTable(
  'meeting_follow_up',
  {
    meetingId: uuid()
      .notNull()
      .references(() => meetings.id, { onDelete: 'cascade' }),
    companyId: uuid()
      .notNull()
      .references(() => companies.id),
    months: integer().notNull(),
    sentAt: timestamptz(),
    answeredAt: timestamptz(),
    talksStarted: boolean(),
    agreementReached: boolean(),
    /** Estimated value of the business, in US cents. */
    estimatedValueUsdMinor: integer(),
    ...timestamps,
  },
  (t) => [
    primaryKey({ columns: [t.meetingId, t.companyId, t.months] }),
    check('meeting_follow_up_months', sql`${t.months} in (0, 3, 6, 12)`),
    check('meeting_follow_up_value', sql`${t.estimatedValueUsdMinor} IS NULL OR ${t.estimatedValueUsdMinor} >= 0`),
  ],
)
