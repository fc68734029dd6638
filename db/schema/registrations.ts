import { sql } from 'drizzle-orm'
import { boolean, check, index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { id, timestamps, timestamptz } from './_columns'
import { organisations } from './organisation'
import { events, ticketTypes } from './events'
import { partners } from './partners'

/** A company registering delegates. Recognised again by its contact email. */
export const companies = pgTable(
  'company',
  {
    id: id(),
    organisationId: uuid()
      .notNull()
      .references(() => organisations.id),
    name: text().notNull(),
    /** SIRET / SIREN or another country's registration number. */
    registrationNumber: text(),
    sector: text(),
    website: text(),
    addressLine: text(),
    postalCode: text(),
    city: text(),
    country: text().notNull().default('MQ'),
    description: text(),
    exportInterests: text().array().notNull().default(sql`'{}'::text[]`),
    contactEmail: text().notNull(),
    contactName: text(),
    locale: text().$type<'fr' | 'en'>().notNull().default('fr'),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('company_contact_email_key').on(t.organisationId, sql`lower(${t.contactEmail})`),
    // Back-office search by the start of the name; "C" collation so LIKE 'abc%' can use it.
    index('company_name_search_idx').on(sql`(lower(${t.name}) collate "C")`),
  ],
)

export const REGISTRATION_STATUSES = [
  'pending_approval',
  'awaiting_payment',
  'confirmed',
  'rejected',
  'cancelled',
  'expired',
] as const
export type RegistrationStatus = (typeof REGISTRATION_STATUSES)[number]
export type RegistrationPaymentMethod = 'none' | 'card' | 'invoice'

export const CODE_KINDS = ['discount', 'invitation', 'funder'] as const
export type CodeKind = (typeof CODE_KINDS)[number]

/** Discount, invitation or funder codes (pretix's vouchers). */
export const codes = pgTable(
  'code',
  {
    id: id(),
    eventId: uuid()
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    code: text().notNull(),
    kind: text().$type<CodeKind>().notNull(),
    /** Basis points of the price taken off (5000 = 50 %); or a fixed amount in minor units. */
    percentOffBp: integer(),
    amountOffMinor: integer(),
    maxUses: integer(),
    uses: integer().notNull().default(0),
    validFrom: timestamptz(),
    validUntil: timestamptz(),
    /** For funder codes: the public body paying the share taken off. */
    funderPartnerId: uuid().references(() => partners.id),
    /** Eligibility details the funder asks for (e.g. registered in Martinique, SIRET). */
    eligibilityQuestions: jsonb().$type<{ key: string; label: { fr: string; en: string }; required: boolean }[]>(),
    description: text(),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('code_event_code_key').on(t.eventId, sql`upper(${t.code})`),
    check('code_uses_within_limit', sql`${t.maxUses} IS NULL OR ${t.uses} <= ${t.maxUses}`),
    check('code_percent_range', sql`${t.percentOffBp} IS NULL OR (${t.percentOffBp} BETWEEN 0 AND 10000)`),
  ],
)

/** Ticket types a code applies to (none listed = all of the event's types). */
export const codeTicketTypes = pgTable(
  'code_ticket_type',
  {
    codeId: uuid()
      .notNull()
      .references(() => codes.id, { onDelete: 'cascade' }),
    ticketTypeId: uuid()
      .notNull()
      .references(() => ticketTypes.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.codeId, t.ticketTypeId] })],
)

/** One company's booking for one event (pretix's order). */
export const registrations = pgTable(
  'registration',
  {
    id: id(),
    eventId: uuid()
      .notNull()
      .references(() => events.id),
    companyId: uuid()
      .notNull()
      .references(() => companies.id),
    /** Short human reference printed on mails and invoices, e.g. CCEM-7K3Q9M. */
    reference: text().notNull().unique(),
    status: text().$type<RegistrationStatus>().notNull(),
    locale: text().$type<'fr' | 'en'>().notNull().default('fr'),
    contactName: text().notNull(),
    contactEmail: text().notNull(),
    paymentMethod: text().$type<RegistrationPaymentMethod>().notNull().default('none'),
    currency: text().$type<'EUR' | 'USD'>().notNull(),
    /** All in minor units, computed on the server: subtotal - discount - funder share = total due. */
    subtotalMinor: integer().notNull().default(0),
    discountMinor: integer().notNull().default(0),
    funderShareMinor: integer().notNull().default(0),
    totalMinor: integer().notNull().default(0),
    paidMinor: integer().notNull().default(0),
    codeId: uuid().references(() => codes.id),
    answers: jsonb().$type<Record<string, string | boolean>>().notNull().default(sql`'{}'::jsonb`),
    eligibility: jsonb().$type<Record<string, string | boolean>>(),
    holdExpiresAt: timestamptz(),
    privacyAcceptedAt: timestamptz().notNull(),
    listingConsent: boolean().notNull().default(false),
    confirmedAt: timestamptz(),
    cancelledAt: timestamptz(),
    decidedAt: timestamptz(),
    decisionNote: text(),
    ...timestamps,
  },
  (t) => [
    index().on(t.eventId, t.status),
    index().on(t.companyId),
    index('registration_hold_expiry_idx').on(t.holdExpiresAt).where(sql`${t.status} = 'awaiting_payment'`),
    check('registration_amounts_non_negative', sql`${t.totalMinor} >= 0 AND ${t.subtotalMinor} >= 0`),
  ],
)

export const ATTENDEE_STATUSES = ['active', 'cancelled'] as const
export type AttendeeStatus = (typeof ATTENDEE_STATUSES)[number]

/** One person in a registration (pretix's order position). */
export const attendees = pgTable(
  'attendee',
  {
    id: id(),
    registrationId: uuid()
      .notNull()
      .references(() => registrations.id, { onDelete: 'cascade' }),
    eventId: uuid()
      .notNull()
      .references(() => events.id),
    ticketTypeId: uuid()
      .notNull()
      .references(() => ticketTypes.id),
    status: text().$type<AttendeeStatus>().notNull().default('active'),
    firstName: text().notNull(),
    lastName: text().notNull(),
    email: text().notNull(),
    jobTitle: text(),
    phone: text(),
    locale: text().$type<'fr' | 'en'>().notNull().default('fr'),
    needs: text(),
    priceMinor: integer().notNull().default(0),
    /** Stable calendar identity: the UID never changes, the SEQUENCE only grows. */
    calendarUid: text().notNull().unique(),
    calendarSequence: integer().notNull().default(0),
    /** Random secret encoded in the check-in QR code. */
    checkInSecret: text().notNull().unique(),
    checkedInAt: timestamptz(),
    cancelledAt: timestamptz(),
    ...timestamps,
  },
  (t) => [
    index().on(t.registrationId),
    index().on(t.eventId, t.status),
    index().on(t.ticketTypeId, t.status),
    index('attendee_event_email_idx').on(t.eventId, sql`lower(${t.email})`),
    // Back-office lists: one event's attendees by name (page order + prefix search), across
    // events by name, and prefix search on email. "C" collation so LIKE 'abc%' can use them.
    index('attendee_event_name_idx').on(t.eventId, sql`(lower(${t.lastName}) collate "C")`, sql`(lower(${t.firstName}) collate "C")`, t.id),
    index('attendee_name_idx').on(sql`(lower(${t.lastName}) collate "C")`, sql`(lower(${t.firstName}) collate "C")`, t.id),
    index('attendee_email_search_idx').on(sql`(lower(${t.email}) collate "C")`),
    index('attendee_first_name_search_idx').on(sql`(lower(${t.firstName}) collate "C")`),
  ],
)

/** Seats reserved while a registration waits for payment or approval; freed when expired. */
export const holds = pgTable(
  'hold',
  {
    id: id(),
    eventId: uuid()
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    registrationId: uuid()
      .notNull()
      .references(() => registrations.id, { onDelete: 'cascade' }),
    ticketTypeId: uuid()
      .notNull()
      .references(() => ticketTypes.id),
    quantity: integer().notNull(),
    expiresAt: timestamptz().notNull(),
    releasedAt: timestamptz(),
    createdAt: timestamptz().notNull().defaultNow(),
  },
  (t) => [
    index().on(t.ticketTypeId),
    index('hold_active_expiry_idx').on(t.expiresAt).where(sql`${t.releasedAt} IS NULL`),
    check('hold_quantity_positive', sql`${t.quantity} > 0`),
  ],
)

export const WAITLIST_STATUSES = ['waiting', 'offered', 'claimed', 'expired', 'cancelled'] as const
export type WaitlistStatus = (typeof WAITLIST_STATUSES)[number]

export const waitlistEntries = pgTable(
  'waitlist_entry',
  {
    id: id(),
    eventId: uuid()
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    ticketTypeId: uuid()
      .notNull()
      .references(() => ticketTypes.id),
    quantity: integer().notNull().default(1),
    name: text().notNull(),
    email: text().notNull(),
    companyName: text(),
    locale: text().$type<'fr' | 'en'>().notNull().default('fr'),
    status: text().$type<WaitlistStatus>().notNull().default('waiting'),
    offerTokenHash: text().unique(),
    offeredAt: timestamptz(),
    offerExpiresAt: timestamptz(),
    claimedRegistrationId: uuid().references(() => registrations.id),
    ...timestamps,
  },
  (t) => [index().on(t.eventId, t.ticketTypeId, t.status, t.createdAt), index().on(t.claimedRegistrationId)],
)

/**
 * Private management links of a registration. Only the SHA-256 of each token is stored; a new
 * link can be minted for every mail (the token itself cannot be recovered).
 */
export const managementTokens = pgTable(
  'management_token',
  {
    tokenHash: text().primaryKey(),
    registrationId: uuid()
      .notNull()
      .references(() => registrations.id, { onDelete: 'cascade' }),
    expiresAt: timestamptz().notNull(),
    createdAt: timestamptz().notNull().defaultNow(),
  },
  (t) => [index().on(t.registrationId)],
)

/**
 * Short-lived sign-in links for companies (no passwords): a company that registered before gets
 * a link by email that pre-fills its profile. Only the SHA-256 of the token is stored.
 */
export const companySignInTokens = pgTable(
  'company_sign_in_token',
  {
    tokenHash: text().primaryKey(),
    companyId: uuid()
      .notNull()
      .references(() => companies.id, { onDelete: 'cascade' }),
    email: text().notNull(),
    expiresAt: timestamptz().notNull(),
    createdAt: timestamptz().notNull().defaultNow(),
  },
  (t) => [index().on(t.companyId), index().on(t.expiresAt)],
)
