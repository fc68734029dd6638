import { and, eq, isNull, sql } from 'drizzle-orm'
import { DateTime } from 'luxon'
import type { DbOrTx, Transaction } from '#db/client'
import {
  companies,
  events,
  funderShares,
  invoices,
  organisations,
  partners,
  registrations,
  type InvoiceKind,
  type InvoiceParty,
} from '#db/schema/index'
import { recordAudit, type AuditActor } from '~/modules/audit/audit.server'
import { translate, type Locale } from '~/locales'
import { registrationLines } from './registration-lines'
import { loadRegistrationForPayment } from './registration-data.server'
import { Refusal } from '~/utils/refusal'
import { computeInvoiceTotals, type InvoiceLineInput } from './invoice-totals'
import { takeInvoiceSequence } from '~/modules/locks/locks.server'
import { formatInvoiceNumber } from './invoice-numbering.server'

export type Invoice = typeof invoices.$inferSelect

function sellerOf(org: typeof organisations.$inferSelect, withBank: boolean): InvoiceParty {
  const address = [org.addressLine, [org.postalCode, org.city].filter(Boolean).join(' '), org.region].filter(Boolean).join(', ')
  return {
    name: org.name,
    legalName: org.legalName,
    address: address || undefined,
    country: org.country,
    taxId: org.taxId ?? undefined,
    registrationNumber: org.registrationNumber ?? undefined,
    email: org.email,
    bank: withBank && org.bankDetails ? org.bankDetails : undefined,
  }
}

function buyerOfCompany(company: typeof companies.$inferSelect, contactEmail: string): InvoiceParty {
  const address = [company.addressLine, [company.postalCode, company.city].filter(Boolean).join(' ')].filter(Boolean).join(', ')
  return {
    name: company.name,
    address: address || undefined,
    country: company.country,
    registrationNumber: company.registrationNumber ?? undefined,
    email: contactEmail,
  }
}

/** The year of an issue date in the organisation's zone (an invoice issued on 31 Dec in Miami belongs to that year). */
function issueYear(issuedAt: Date, zone: string) {
  return DateTime.fromJSDate(issuedAt, { zone }).year
}

type IssueInput = {
  organisationId: string
  kind: InvoiceKind
  registrationId?: string | null
  funderPartnerId?: string | null
  locale: Locale
  seller: InvoiceParty
  buyer: InvoiceParty
  lines: InvoiceLineInput[]
  currency: 'EUR' | 'USD'
  taxRateBp: number
  dueAt?: Date | null
  correctsInvoiceId?: string | null
  note?: string | null
  actor: AuditActor
}

/**
 * The one way an invoice or credit note comes into being: numbered from the organisation's
 * counter in the caller's transaction, totals computed here, then never updated.
 */
export async function issueDocument(tx: Transaction, input: IssueInput): Promise<Invoice> {
  const [org] = await tx.select().from(organisations).where(eq(organisations.id, input.organisationId))
  if (!org) throw new Refusal('notFound', { details: { reason: 'organisation not found' } })
  const issuedAt = new Date()
  const year = issueYear(issuedAt, org.timezone)
  const sequence = await takeInvoiceSequence(tx, org.id, year)
  const totals = computeInvoiceTotals(input.lines, input.taxRateBp)
  const [row] = await tx
    .insert(invoices)
    .values({
      organisationId: org.id,
      registrationId: input.registrationId ?? null,
      funderPartnerId: input.funderPartnerId ?? null,
      kind: input.kind,
      year,
      sequence,
      number: formatInvoiceNumber(org.invoicePrefix, year, sequence),
      issuedAt,
      dueAt: input.dueAt ?? null,
      locale: input.locale,
      seller: input.seller,
      buyer: input.buyer,
      lines: totals.lines,
      currency: input.currency,
      taxRateBp: input.taxRateBp,
      subtotalMinor: totals.subtotalMinor,
      taxMinor: totals.taxMinor,
      totalMinor: totals.totalMinor,
      correctsInvoiceId: input.correctsInvoiceId ?? null,
      note: input.note ?? null,
    })
    .returning()
  await recordAudit(tx, {
    actor: input.actor,
    action: input.kind === 'credit_note' ? 'credit_note.issued' : 'invoice.issued',
    subjectType: 'invoice',
    subjectId: row.id,
    data: { number: row.number, totalMinor: row.totalMinor, currency: row.currency, registrationId: row.registrationId },
  })
  return row
}

/** The company invoice of a registration, if one was issued. */
export async function findRegistrationInvoice(db: DbOrTx, registrationId: string): Promise<Invoice | null> {
  const [row] = await db
    .select()
    .from(invoices)
    .where(and(eq(invoices.registrationId, registrationId), eq(invoices.kind, 'invoice'), isNull(invoices.funderPartnerId)))
  return row ?? null
}

/**
 * Issues the company's invoice for a registration (idempotent: returns the existing one).
 * Lines: one per ticket type at its price, then the discount and the funder's share as
 * negative lines, so the total is exactly what the company owes. `forBankTransfer` prints the
 * bank details and a due date (the organisation's payment terms).
 */
export async function issueRegistrationInvoice(
  tx: Transaction,
  registrationId: string,
  options: { forBankTransfer: boolean; actor: AuditActor; note?: string },
): Promise<Invoice> {
  // Serialises concurrent issuers of the same registration (webhook + reconciliation).
  await tx.execute(sql`select id from registration where id = ${registrationId} for update`)
  const existing = await findRegistrationInvoice(tx, registrationId)
  if (existing) return existing
  const data = await loadRegistrationForPayment(tx, registrationId)
  if (!data) throw new Refusal('notFound', { details: { reason: 'registration not found' } })
  const { registration, event, company, organisation, seats, code, funderName } = data
  const locale = registration.locale
  const lines = registrationLines({ seats, registration, locale, codeLabel: code?.code ?? null, funderName })
  const [org] = await tx.select().from(organisations).where(eq(organisations.id, organisation.id))
  const dueAt = options.forBankTransfer
    ? DateTime.now().plus({ days: org.invoicePaymentTermsDays }).toJSDate()
    : null
  const eventTitle = event.title[locale] || event.title.fr
  const note = [translate(locale, 'payments.invoice.noteRegistration', { reference: registration.reference, event: eventTitle }), options.note]
    .filter(Boolean)
    .join('\n')
  return issueDocument(tx, {
    organisationId: org.id,
    kind: 'invoice',
    registrationId,
    locale,
    seller: sellerOf(org, options.forBankTransfer),
    buyer: buyerOfCompany(company, registration.contactEmail),
    lines: lines.invoiceLines,
    currency: registration.currency,
    taxRateBp: event.taxRateBp,
    dueAt,
    note,
    actor: options.actor,
  })
}

/**
 * A credit note against an invoice (the only correction an issued invoice gets): one negative
 * line for the amount credited, same currency and tax rate.
 */
export async function issueCreditNote(
  tx: Transaction,
  input: { invoiceId: string; amountMinor: number; reason: string; actor: AuditActor },
): Promise<Invoice> {
  const [original] = await tx.select().from(invoices).where(eq(invoices.id, input.invoiceId))
  if (!original || original.kind !== 'invoice') throw new Refusal('notFound', { details: { reason: 'invoice not found' } })
  const [credited] = await tx.execute<{ sum: number }>(
    sql`select coalesce(sum(-total_minor), 0)::int as sum from invoice where corrects_invoice_id = ${original.id} and kind = 'credit_note'`,
  )
  if (input.amountMinor <= 0 || input.amountMinor + Number(credited.sum) > original.totalMinor)
    throw new Refusal('amountTooLarge', { details: { reason: 'credit exceeds the invoice' } })
  const locale = original.locale
  return issueDocument(tx, {
    organisationId: original.organisationId,
    kind: 'credit_note',
    registrationId: original.registrationId,
    funderPartnerId: original.funderPartnerId,
    locale,
    seller: { ...original.seller, bank: undefined },
    buyer: original.buyer,
    lines: [
      {
        description: translate(locale, 'payments.invoice.creditLine', { number: original.number }),
        quantity: 1,
        unitPriceMinor: -input.amountMinor,
      },
    ],
    currency: original.currency,
    taxRateBp: original.taxRateBp,
    correctsInvoiceId: original.id,
    note: input.reason,
    actor: input.actor,
  })
}

/**
 * Invoices a funder for its shares not yet invoiced (optionally of one event): one line per
 * registration. Marks those shares with the invoice id.
 */
export async function issueFunderInvoice(
  tx: Transaction,
  input: { funderPartnerId: string; eventId?: string; currency: 'EUR' | 'USD'; locale?: Locale; actor: AuditActor },
): Promise<Invoice> {
  const [funder] = await tx.select().from(partners).where(eq(partners.id, input.funderPartnerId))
  if (!funder) throw new Refusal('notFound', { details: { reason: 'funder not found' } })
  await tx.execute(sql`select id from partner where id = ${funder.id} for update`)
  const rows = await tx
    .select({
      shareId: funderShares.id,
      amountMinor: funderShares.amountMinor,
      reference: registrations.reference,
      companyName: companies.name,
      eventTitle: events.title,
      taxRateBp: events.taxRateBp,
    })
    .from(funderShares)
    .innerJoin(registrations, eq(registrations.id, funderShares.registrationId))
    .innerJoin(companies, eq(companies.id, registrations.companyId))
    .innerJoin(events, eq(events.id, registrations.eventId))
    .where(
      and(
        eq(funderShares.funderPartnerId, funder.id),
        isNull(funderShares.invoiceId),
        eq(funderShares.currency, input.currency),
        sql`${registrations.status} in ('confirmed', 'awaiting_payment')`,
        input.eventId ? eq(registrations.eventId, input.eventId) : undefined,
      ),
    )
    .orderBy(registrations.reference)
  if (rows.length === 0) throw new Refusal('nothingToInvoice')
  const taxRates = new Set(rows.map((r) => r.taxRateBp))
  const taxRateBp = taxRates.size === 1 ? rows[0].taxRateBp : 0
  const locale = input.locale ?? 'fr'
  const [org] = await tx.select().from(organisations).where(eq(organisations.id, funder.organisationId))
  const invoice = await issueDocument(tx, {
    organisationId: org.id,
    kind: 'invoice',
    funderPartnerId: funder.id,
    locale,
    seller: sellerOf(org, true),
    buyer: { name: funder.name, legalName: funder.legalName ?? undefined, address: funder.address ?? undefined },
    lines: rows.map((r) => ({
      description: translate(locale, 'payments.invoice.funderLine', {
        reference: r.reference,
        company: r.companyName,
        event: r.eventTitle[locale] || r.eventTitle.fr,
      }),
      quantity: 1,
      unitPriceMinor: r.amountMinor,
    })),
    currency: input.currency,
    taxRateBp,
    dueAt: DateTime.now().plus({ days: org.invoicePaymentTermsDays }).toJSDate(),
    actor: input.actor,
  })
  for (const r of rows) await tx.update(funderShares).set({ invoiceId: invoice.id }).where(eq(funderShares.id, r.shareId))
  return invoice
}
