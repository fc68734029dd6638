import { sql } from 'drizzle-orm'
import { bigint, boolean, check, date, index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { id, timestamps, timestamptz } from './_columns'
import { users } from './auth'
import { events } from './events'
import { organisations } from './organisation'
import { partners } from './partners'
import { companies } from './registrations'

/** Money that can pass 21 million euros (turnover, balance sheet, budgets): bigint cents, read as a JS number. */
const cents = () => bigint({ mode: 'number' })

/**
 * A company's legal identity for funders' reports: SIREN/SIRET (Luhn-checked) or a foreign
 * registration number, its NAF rev. 2 / NACE code from the shipped list, its group. One row per
 * company; the size class is never stored: it is derived from the yearly figures below.
 */
export const companyLegal = pgTable(
  'company_legal',
  {
    companyId: uuid()
      .primaryKey()
      .references(() => companies.id, { onDelete: 'cascade' }),
    siren: text(),
    siret: text(),
    foreignRegistration: text(),
    nafCode: text(),
    /** Name of the group the company belongs to (2003/361: partner and linked enterprises), null when independent. */
    groupName: text(),
    /** Led by a woman, when the company said so (null = not collected). */
    womenLed: boolean(),
    ...timestamps,
  },
  (t) => [index().on(t.siren)],
)

/** Headcount (annual work units), turnover and balance sheet total, per declared year. */
export const companyYearFigures = pgTable(
  'company_year_figures',
  {
    companyId: uuid()
      .notNull()
      .references(() => companies.id, { onDelete: 'cascade' }),
    year: integer().notNull(),
    headcount: integer().notNull(),
    turnoverEurMinor: cents().notNull(),
    balanceSheetEurMinor: cents().notNull(),
    ...timestamps,
  },
  (t) => [
    primaryKey({ columns: [t.companyId, t.year] }),
    check('company_year_figures_non_negative', sql`${t.headcount} >= 0 AND ${t.turnoverEurMinor} >= 0 AND ${t.balanceSheetEurMinor} >= 0`),
  ],
)

/** One line of a mission's budget (flights, stand, interpreters...), in the event's currency. */
export const budgetLines = pgTable(
  'budget_line',
  {
    id: id(),
    eventId: uuid()
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    label: text().notNull(),
    amountMinor: cents().notNull(),
    currency: text().$type<'EUR' | 'USD'>().notNull(),
    /** Invoice or receipt reference that proves the cost. */
    evidenceRef: text(),
    position: integer().notNull().default(0),
    ...timestamps,
  },
  (t) => [index().on(t.eventId), check('budget_line_amount_non_negative', sql`${t.amountMinor} >= 0`)],
)

/** Each funder's share of a budget line, in basis points (10000 = 100 %); a line's shares add up to 10000. */
export const budgetLineShares = pgTable(
  'budget_line_share',
  {
    budgetLineId: uuid()
      .notNull()
      .references(() => budgetLines.id, { onDelete: 'cascade' }),
    funderPartnerId: uuid()
      .notNull()
      .references(() => partners.id),
    shareBp: integer().notNull(),
    /** The share in money, rounded by the largest-remainder rule so a line's shares add up to its amount. */
    amountMinor: cents().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.budgetLineId, t.funderPartnerId] }),
    index().on(t.funderPartnerId),
    check('budget_line_share_range', sql`${t.shareBp} > 0 AND ${t.shareBp} <= 10000`),
  ],
)

/** De minimis aid received by a company (Regulation (EU) 2023/2831), in euro cents. */
export const deMinimisAids = pgTable(
  'de_minimis_aid',
  {
    id: id(),
    companyId: uuid()
      .notNull()
      .references(() => companies.id, { onDelete: 'cascade' }),
    /** The mission the aid comes from; null for aid declared from elsewhere. */
    eventId: uuid().references(() => events.id),
    funderPartnerId: uuid().references(() => partners.id),
    grantedOn: date({ mode: 'string' }).notNull(),
    amountEurMinor: cents().notNull(),
    source: text().$type<'mission' | 'declared'>().notNull(),
    note: text(),
    ...timestamps,
  },
  (t) => [
    index().on(t.companyId, t.grantedOn),
    // A mission's aid is recorded once per company and funder ("no funder" counts as one), so recording it again changes nothing.
    uniqueIndex('de_minimis_aid_mission_funder_key')
      .on(t.companyId, t.eventId, sql`coalesce(${t.funderPartnerId}, '00000000-0000-0000-0000-000000000000'::uuid)`)
      .where(sql`${t.source} = 'mission'`),
    check('de_minimis_aid_positive', sql`${t.amountEurMinor} > 0`),
  ],
)

/** Each report pack generated: who, for which funder and period, and the SHA-256 of every file in it. */
export const reportPacks = pgTable(
  'report_pack',
  {
    id: id(),
    organisationId: uuid()
      .notNull()
      .references(() => organisations.id),
    funderPartnerId: uuid()
      .notNull()
      .references(() => partners.id),
    periodFrom: date({ mode: 'string' }).notNull(),
    periodTo: date({ mode: 'string' }).notNull(),
    generatedByUserId: uuid().references(() => users.id),
    eventIds: uuid().array().notNull(),
    /** File name → SHA-256 (hex) of its bytes. */
    files: jsonb().$type<Record<string, string>>().notNull(),
    generatedAt: timestamptz().notNull().defaultNow(),
  },
  (t) => [index().on(t.organisationId, t.generatedAt)],
)
