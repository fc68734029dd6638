import { and, asc, eq, inArray } from 'drizzle-orm'
import type { DbOrTx } from '#db/client'
import { companies, events, funderShares, invoices, partners, registrations } from '#db/schema/index'

export type FunderReport = {
  funder: { id: string; name: string; legalName: string | null }
  registrations: {
    registrationId: string
    reference: string
    status: string
    company: string
    companyRegistrationNumber: string | null
    eligibility: Record<string, string | boolean> | null
    eventId: string
    eventTitle: { fr: string; en: string }
    amountMinor: number
    currency: 'EUR' | 'USD'
    invoiceNumber: string | null
  }[]
  /** Minor units per currency, of registrations that count (confirmed or still awaiting payment). */
  totals: Partial<Record<'EUR' | 'USD', number>>
  uninvoiced: Partial<Record<'EUR' | 'USD', number>>
}

/**
 * What each public funder owes: its share of every registration that used one of its codes,
 * with the eligibility details the company gave, totals per currency and what is not invoiced yet.
 */
export async function getFunderReport(
  db: DbOrTx,
  filter: { organisationId: string; eventId?: string; funderPartnerId?: string },
): Promise<FunderReport[]> {
  const rows = await db
    .select({
      funderId: partners.id,
      funderName: partners.name,
      funderLegalName: partners.legalName,
      registrationId: registrations.id,
      reference: registrations.reference,
      status: registrations.status,
      company: companies.name,
      companyRegistrationNumber: companies.registrationNumber,
      eligibility: registrations.eligibility,
      eventId: events.id,
      eventTitle: events.title,
      amountMinor: funderShares.amountMinor,
      currency: funderShares.currency,
      invoiceNumber: invoices.number,
    })
    .from(funderShares)
    .innerJoin(partners, eq(partners.id, funderShares.funderPartnerId))
    .innerJoin(registrations, eq(registrations.id, funderShares.registrationId))
    .innerJoin(companies, eq(companies.id, registrations.companyId))
    .innerJoin(events, eq(events.id, registrations.eventId))
    .leftJoin(invoices, eq(invoices.id, funderShares.invoiceId))
    .where(
      and(
        eq(partners.organisationId, filter.organisationId),
        inArray(registrations.status, ['confirmed', 'awaiting_payment']),
        filter.eventId ? eq(events.id, filter.eventId) : undefined,
        filter.funderPartnerId ? eq(partners.id, filter.funderPartnerId) : undefined,
      ),
    )
    .orderBy(asc(partners.name), asc(events.startsAt), asc(registrations.reference))
  const byFunder = new Map<string, FunderReport>()
  for (const r of rows) {
    let report = byFunder.get(r.funderId)
    if (!report) {
      report = { funder: { id: r.funderId, name: r.funderName, legalName: r.funderLegalName }, registrations: [], totals: {}, uninvoiced: {} }
      byFunder.set(r.funderId, report)
    }
    report.registrations.push({
      registrationId: r.registrationId,
      reference: r.reference,
      status: r.status,
      company: r.company,
      companyRegistrationNumber: r.companyRegistrationNumber,
      eligibility: r.eligibility,
      eventId: r.eventId,
      eventTitle: r.eventTitle,
      amountMinor: r.amountMinor,
      currency: r.currency,
      invoiceNumber: r.invoiceNumber,
    })
    report.totals[r.currency] = (report.totals[r.currency] ?? 0) + r.amountMinor
    if (!r.invoiceNumber) report.uninvoiced[r.currency] = (report.uninvoiced[r.currency] ?? 0) + r.amountMinor
  }
  return [...byFunder.values()]
}
