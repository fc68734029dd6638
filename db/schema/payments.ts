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
  /** The seller's bank account printed for a bank transfer (frozen at issue time). */
  bank?: { holder: string; iban: string; bic: string; bankName: string }
}
export type InvoiceLine = {
  description: string
  quantity: number
  unitPriceMinor: number
  totalMinor: number
  /** Tax included in totalMinor (prices are tax-inclusive; computed per line, rounded half away from zero). */
  taxMinor?: number
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
    /** Free text printed on the document (e.g. the reason of a credit note). */
    note: text(),
    createdAt: timestamptz().notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex().on(t.organisationId, t.year, t.sequence),
    uniqueIndex().on(t.organisationId, t.number),
    index().on(t.registrationId),
    // One company invoice per registration (funder invoices and credit notes are separate documents).
    uniqueIndex('invoice_one_per_registration')
      .on(t.registrationId)
      .where(sql`${t.kind} = 'invoice' and ${t.funderPartnerId} is null`),
  ],
)

/**
 * Secrets the app generates itself and every instance must share (e.g. the local webhook
 * signing secret used by the test checkout when STRIPE_WEBHOOK_SECRET is unset).
 */
export const appSecrets = pgTable('app_secret', {
  name: text().primaryKey(),
  value: text().notNull(),
  createdAt: timestamptz().notNull().defaultNow(),
})

export const TEST_CHECKOUT_STATUSES = ['open', 'complete', 'expired'] as const
export type TestCheckoutStatus = (typeof TEST_CHECKOUT_STATUSES)[number]

/**
 * The test checkout's own store (development and demo only, never in production): a
 * Stripe-shaped Checkout Session the page `/test-checkout/<id>` shows and the reconciliation
 * job can retrieve, exactly as it would retrieve a session at Stripe.
 */
export const testCheckoutSessions = pgTable(
  'test_checkout_session',
  {
    id: text().primaryKey(),
    idempotencyKey: text().unique(),
    status: text().$type<TestCheckoutStatus>().notNull().default('open'),
    paymentStatus: text().$type<'unpaid' | 'paid'>().notNull().default('unpaid'),
    paymentIntentId: text().notNull(),
    /** The create parameters as they would have been sent to Stripe. */
    params: jsonb().$type<Record<string, unknown>>().notNull(),
    amountTotal: integer().notNull(),
    currency: text().notNull(),
    expiresAt: timestamptz().notNull(),
    ...timestamps,
  },
  (t) => [index().on(t.status)],
)
