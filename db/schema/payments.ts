import { sql } from 'drizzle-orm'
import { check, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { id, timestamps, timestamptz } from './_columns'
import { organisations } from './organisation'
import { registrations } from './registrations'
import { partners } from './partners'
import { users } from './auth'

export const PAYMENT_PROVIDERS = ['stripe', 'test_checkout', 'bank_transfer', 'manual'] as const
export type PaymentProvider = (typeof PAYMENT_PROVIDERS)[number]
export const PAYMENT_STATUSES = ['created', 'pending', 'succeeded', 'failed', 'expired', 'cancelled'] as const
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number]

/** One row per payment attempt (a Checkout Session, a bank transfer received...). */
export const payments = pgTable(
  'payment',
  {
    id: id(),
    registrationId: uuid()
      .notNull()
      .references(() => registrations.id),
    provider: text().$type<PaymentProvider>().notNull(),
    status: text().$type<PaymentStatus>().notNull().default('created'),
    amountMinor: integer().notNull(),
    currency: text().$type<'EUR' | 'USD'>().notNull(),
    checkoutSessionId: text().unique(),
    paymentIntentId: text(),
    chargeId: text(),
    idempotencyKey: text().unique(),
    checkoutUrl: text(),
    expiresAt: timestamptz(),
    succeededAt: timestamptz(),
    failureReason: text(),
    recordedByUserId: uuid().references(() => users.id),
    ...timestamps,
  },
  (t) => [index().on(t.registrationId), index().on(t.status), check('payment_amount_non_negative', sql`${t.amountMinor} >= 0`)],
)

export const REFUND_STATUSES = ['pending', 'succeeded', 'failed'] as const
export type RefundStatus = (typeof REFUND_STATUSES)[number]
export const REFUND_REASONS = ['attendee_cancelled', 'event_cancelled', 'goodwill', 'late_payment_no_seat', 'other'] as const
export type RefundReason = (typeof REFUND_REASONS)[number]

export const refunds = pgTable(
  'refund',
  {
    id: id(),
    paymentId: uuid()
      .notNull()
      .references(() => payments.id),
    registrationId: uuid()
      .notNull()
      .references(() => registrations.id),
    amountMinor: integer().notNull(),
    currency: text().$type<'EUR' | 'USD'>().notNull(),
    reason: text().$type<RefundReason>().notNull(),
    note: text(),
    status: text().$type<RefundStatus>().notNull().default('pending'),
    stripeRefundId: text().unique(),
    createdByUserId: uuid().references(() => users.id),
    ...timestamps,
  },
  (t) => [index().on(t.registrationId), check('refund_amount_positive', sql`${t.amountMinor} > 0`)],
)

/** Every Stripe event id applied, recorded before acting, so a replay changes nothing. */
export const stripeEvents = pgTable('stripe_event', {
  id: text().primaryKey(),
  type: text().notNull(),
  livemode: text().notNull().default('false'),
  receivedAt: timestamptz().notNull().defaultNow(),
  payload: jsonb(),
})

/** The share of a price a public funder pays, recorded for the funder report and invoice. */
export const funderShares = pgTable(
  'funder_share',
  {
    id: id(),
    registrationId: uuid()
      .notNull()
      .references(() => registrations.id),
    funderPartnerId: uuid()
      .notNull()
      .references(() => partners.id),
    amountMinor: integer().notNull(),
    currency: text().$type<'EUR' | 'USD'>().notNull(),
    invoiceId: uuid(),
    ...timestamps,
  },
  (t) => [uniqueIndex().on(t.registrationId, t.funderPartnerId), index().on(t.funderPartnerId)],
)

export const INVOICE_KINDS = ['invoice', 'credit_note'] as const
export type InvoiceKind = (typeof INVOICE_KINDS)[number]
export type InvoiceParty = {
  name: string
  legalName?: string
  address?: string
  country?: string
  taxId?: string
  registrationNumber?: string
  email?: string
}
export type InvoiceLine = {
  description: string
  quantity: number
  unitPriceMinor: number
  totalMinor: number
}

/** Gapless counters: one row per (organisation, year), taken with a row lock. */
export const invoiceCounters = pgTable(
  'invoice_counter',
  {
    organisationId: uuid()
      .notNull()
      .references(() => organisations.id),
    year: integer().notNull(),
    lastNumber: integer().notNull().default(0),
  },
  (t) => [uniqueIndex().on(t.organisationId, t.year)],
)

/** Issued invoices and credit notes; immutable once issued (a correction is a credit note). */
export const invoices = pgTable(
  'invoice',
  {
    id: id(),
    organisationId: uuid()
      .notNull()
      .references(() => organisations.id),
    registrationId: uuid().references(() => registrations.id),
    funderPartnerId: uuid().references(() => partners.id),
    kind: text().$type<InvoiceKind>().notNull().default('invoice'),
    year: integer().notNull(),
    sequence: integer().notNull(),
    number: text().notNull(),
    issuedAt: timestamptz().notNull().defaultNow(),
    dueAt: timestamptz(),
    locale: text().$type<'fr' | 'en'>().notNull(),
    seller: jsonb().$type<InvoiceParty>().notNull(),
    buyer: jsonb().$type<InvoiceParty>().notNull(),
    lines: jsonb().$type<InvoiceLine[]>().notNull(),
    currency: text().$type<'EUR' | 'USD'>().notNull(),
    taxRateBp: integer().notNull(),
    subtotalMinor: integer().notNull(),
    taxMinor: integer().notNull(),
    totalMinor: integer().notNull(),
    correctsInvoiceId: uuid(),
    createdAt: timestamptz().notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex().on(t.organisationId, t.year, t.sequence),
    uniqueIndex().on(t.organisationId, t.number),
    index().on(t.registrationId),
  ],
)
