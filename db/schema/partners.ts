import { sql } from 'drizzle-orm'
import { boolean, index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { id, timestamps, type LocalizedText } from './_columns'
import { organisations } from './organisation'
import { events, programmeItems } from './events'

export const PARTNER_KINDS = ['public_body', 'funder', 'consulate', 'local_partner', 'company'] as const
export type PartnerKind = (typeof PARTNER_KINDS)[number]

export const partners = pgTable(
  'partner',
  {
    id: id(),
    organisationId: uuid()
      .notNull()
      .references(() => organisations.id),
    slug: text().notNull(),
    name: text().notNull(),
    kind: text().$type<PartnerKind>().notNull(),
    description: jsonb().$type<LocalizedText>(),
    website: text(),
    logoUrl: text(),
    /** Miami-Dade County is the collective's official partner. */
    isOfficialPartner: boolean().notNull().default(false),
    isFunder: boolean().notNull().default(false),
    /** Legal details used when the funder's share is invoiced to it. */
    legalName: text(),
    address: text(),
    position: integer().notNull().default(0),
    ...timestamps,
  },
  (t) => [index().on(t.organisationId), uniqueIndex('partner_org_slug_key').on(t.organisationId, t.slug)],
)

/** People at a partner who receive calendar invitations for the sessions they take part in. */
export const partnerContacts = pgTable(
  'partner_contact',
  {
    id: id(),
    partnerId: uuid()
      .notNull()
      .references(() => partners.id, { onDelete: 'cascade' }),
    name: text().notNull(),
    email: text().notNull(),
    locale: text().$type<'fr' | 'en'>().notNull().default('en'),
    roleTitle: text(),
    /** SHA-256 of the private calendar feed token (PUBLISH feed). */
    feedTokenHash: text().unique(),
    ...timestamps,
  },
  // One person is one contact of a partner: the same address (any case) cannot be added twice.
  (t) => [index().on(t.partnerId), uniqueIndex('partner_contact_partner_email_key').on(t.partnerId, sql`lower(${t.email})`)],
)

export const EVENT_PARTNER_ROLES = ['partner', 'funder', 'host', 'official_partner'] as const
export type EventPartnerRole = (typeof EVENT_PARTNER_ROLES)[number]

/** Which partners and funders back an event; `sharedWithPartner` opens the partner-viewer view. */
export const eventPartners = pgTable(
  'event_partner',
  {
    eventId: uuid()
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    partnerId: uuid()
      .notNull()
      .references(() => partners.id, { onDelete: 'cascade' }),
    role: text().$type<EventPartnerRole>().notNull().default('partner'),
    sharedWithPartner: boolean().notNull().default(false),
    position: integer().notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.eventId, t.partnerId] }), index().on(t.partnerId)],
)

/** Partner contacts involved in a programme item: each gets an invitation (own UID + SEQUENCE). */
export const programmeItemContacts = pgTable(
  'programme_item_contact',
  {
    programmeItemId: uuid()
      .notNull()
      .references(() => programmeItems.id, { onDelete: 'cascade' }),
    partnerContactId: uuid()
      .notNull()
      .references(() => partnerContacts.id, { onDelete: 'cascade' }),
    calendarUid: text().notNull().unique(),
    calendarSequence: integer().notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.programmeItemId, t.partnerContactId] }), index().on(t.partnerContactId)],
)
