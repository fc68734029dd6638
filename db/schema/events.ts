import { sql } from 'drizzle-orm'
import {
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core'
import { id, timestamps, timestamptz, type LocalizedText } from './_columns'
import { organisations } from './organisation'

export const EVENT_KINDS = ['celebration', 'b2b_meetup', 'delegation'] as const
export type EventKind = (typeof EVENT_KINDS)[number]
export const EVENT_STATUSES = ['draft', 'published', 'cancelled'] as const
export type EventStatus = (typeof EVENT_STATUSES)[number]
export type PaymentMethod = 'card' | 'invoice'

export const events = pgTable(
  'event',
  {
    id: id(),
    organisationId: uuid()
      .notNull()
      .references(() => organisations.id),
    slug: text().notNull(),
    kind: text().$type<EventKind>().notNull(),
    status: text().$type<EventStatus>().notNull().default('draft'),
    title: jsonb().$type<LocalizedText>().notNull(),
    summary: jsonb().$type<LocalizedText>().notNull(),
    description: jsonb().$type<LocalizedText>().notNull(),
    /** IANA zone of the place where it happens; instants below are UTC. */
    timezone: text().notNull(),
    startsAt: timestamptz().notNull(),
    endsAt: timestamptz().notNull(),
    venueName: text().notNull(),
    venueAddress: text().notNull(),
    venueCity: text().notNull(),
    venueCountry: text().notNull().default('US'),
    latitude: text(),
    longitude: text(),
    currency: text().$type<'EUR' | 'USD'>().notNull().default('USD'),
    /** Basis points: 850 = 8.5 % (Martinique's standard VAT); 0 for events in Miami. */
    taxRateBp: integer().notNull().default(0),
    /** Cap on all seats of the event, across pools; null = only the pools limit. */
    capacity: integer(),
    approvalRequired: boolean().notNull().default(false),
    registrationOpensAt: timestamptz(),
    registrationClosesAt: timestamptz(),
    /** Companies may change names/emails until this many hours before the start. */
    changeCutoffHours: integer().notNull().default(48),
    holdMinutes: integer().notNull().default(30),
    waitlistOfferHours: integer().notNull().default(48),
    /** Reminders relative to the start, in minutes before it (never stored as fixed times). */
    reminderOffsetsMinutes: integer().array().notNull().default(sql`'{10080,1440,120}'::integer[]`),
    paymentMethods: text().array().$type<PaymentMethod[]>().notNull().default(sql`'{card,invoice}'::text[]`),
    /** With invoice / bank transfer: confirm at once (true) or hold the seats until paid (false). */
    invoiceConfirmsImmediately: boolean().notNull().default(true),
    cancellationTerms: jsonb().$type<LocalizedText>(),
    /** Calendar identity of the event itself (UID + SEQUENCE live per person on attendee rows). */
    calendarSequence: integer().notNull().default(0),
    publishedAt: timestamptz(),
    cancelledAt: timestamptz(),
    ...timestamps,
  },
  (t) => [
    uniqueIndex().on(t.organisationId, t.slug),
    index().on(t.status, t.startsAt),
    check('event_ends_after_start', sql`${t.endsAt} >= ${t.startsAt}`),
    check('event_capacity_positive', sql`${t.capacity} IS NULL OR ${t.capacity} >= 0`),
  ],
)

export const PROGRAMME_ITEM_KINDS = ['session', 'site_visit', 'meeting', 'reception', 'b2b_session', 'travel'] as const
export type ProgrammeItemKind = (typeof PROGRAMME_ITEM_KINDS)[number]

/** One session of an event's agenda. Partners involved get invitations to it. */
export const programmeItems = pgTable(
  'programme_item',
  {
    id: id(),
    eventId: uuid()
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    kind: text().$type<ProgrammeItemKind>().notNull().default('session'),
    title: jsonb().$type<LocalizedText>().notNull(),
    description: jsonb().$type<LocalizedText>(),
    startsAt: timestamptz().notNull(),
    endsAt: timestamptz().notNull(),
    place: text(),
    address: text(),
    position: integer().notNull().default(0),
    calendarSequence: integer().notNull().default(0),
    cancelledAt: timestamptz(),
    ...timestamps,
  },
  (t) => [index().on(t.eventId, t.startsAt), check('programme_item_ends_after_start', sql`${t.endsAt} >= ${t.startsAt}`)],
)

export const ticketTypes = pgTable(
  'ticket_type',
  {
    id: id(),
    eventId: uuid()
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    name: jsonb().$type<LocalizedText>().notNull(),
    description: jsonb().$type<LocalizedText>(),
    /** Minor units of the event's currency. */
    priceMinor: integer().notNull().default(0),
    minPerOrder: integer().notNull().default(0),
    maxPerOrder: integer().notNull().default(10),
    salesStartAt: timestamptz(),
    salesEndAt: timestamptz(),
    /** Hidden types are offered only with an invitation code. */
    hidden: boolean().notNull().default(false),
    /** Whether the same person (email) may hold more than one seat of this event with this type. */
    allowMultiplePerPerson: boolean().notNull().default(false),
    active: boolean().notNull().default(true),
    position: integer().notNull().default(0),
    ...timestamps,
  },
  (t) => [
    index().on(t.eventId),
    check('ticket_type_price_non_negative', sql`${t.priceMinor} >= 0`),
    check('ticket_type_order_limits', sql`${t.minPerOrder} >= 0 AND ${t.maxPerOrder} >= ${t.minPerOrder}`),
  ],
)

/** A number of seats shared by one or more ticket types (pretix's quota). */
export const capacityPools = pgTable(
  'capacity_pool',
  {
    id: id(),
    eventId: uuid()
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    name: jsonb().$type<LocalizedText>().notNull(),
    size: integer().notNull(),
    ...timestamps,
  },
  (t) => [index().on(t.eventId), check('capacity_pool_size_non_negative', sql`${t.size} >= 0`)],
)

export const capacityPoolTicketTypes = pgTable(
  'capacity_pool_ticket_type',
  {
    capacityPoolId: uuid()
      .notNull()
      .references(() => capacityPools.id, { onDelete: 'cascade' }),
    ticketTypeId: uuid()
      .notNull()
      .references(() => ticketTypes.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.capacityPoolId, t.ticketTypeId] }), index().on(t.ticketTypeId)],
)

export const QUESTION_KINDS = ['text', 'choice', 'boolean'] as const
export type QuestionKind = (typeof QUESTION_KINDS)[number]

/** The event's own questions asked at registration. */
export const questions = pgTable(
  'question',
  {
    id: id(),
    eventId: uuid()
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    kind: text().$type<QuestionKind>().notNull(),
    label: jsonb().$type<LocalizedText>().notNull(),
    /** For `choice`: the options, each with a stable key. */
    options: jsonb().$type<{ key: string; label: LocalizedText }[]>(),
    required: boolean().notNull().default(false),
    position: integer().notNull().default(0),
    ...timestamps,
  },
  (t) => [index().on(t.eventId)],
)
