/**
 * Mission budgets: each line's cost with every funder's share. Shares are basis points that
 * must add up to 100 % exactly; the money of each share is fixed when the line is saved, by the
 * largest-remainder rule of `allocation.ts`, so the funders' parts of a line add up to the cent.
 */
import { and, asc, eq, inArray } from 'drizzle-orm'
import { getDb, type Database, type DbOrTx } from '#db/client'
import { budgetLines, budgetLineShares, events, partners } from '#db/schema/index'
import { Refusal } from '~/utils/refusal'
import { FULL_SHARE_BP, sharesAddUp, splitByShares } from './allocation'

export type BudgetLineInput = {
  eventId: string
  label: string
  amountMinor: number
  evidenceRef?: string | null
  shares: { funderPartnerId: string; shareBp: number }[]
}

export async function addBudgetLine(organisationId: string, input: BudgetLineInput, db: Database = getDb()) {
  const label = input.label.trim()
  if (!label) throw new Refusal('budgetLabelRequired', { field: 'label' })
  if (!Number.isSafeInteger(input.amountMinor) || input.amountMinor < 0) throw new Refusal('amountInvalid', { field: 'amount' })
  if (!input.shares.length || input.shares.some((s) => !Number.isInteger(s.shareBp) || s.shareBp <= 0 || s.shareBp > FULL_SHARE_BP))
    throw new Refusal('shareInvalid', { field: 'shares' })
  if (!sharesAddUp(input.shares)) {
    const total = input.shares.reduce((s, x) => s + x.shareBp, 0)
    throw new Refusal('sharesNotFull', { field: 'shares', vars: { total: (total / 100).toFixed(2) } })
  }
  if (new Set(input.shares.map((s) => s.funderPartnerId)).size !== input.shares.length) throw new Refusal('shareInvalid', { field: 'shares' })
  return db.transaction(async (tx) => {
    const [event] = await tx
      .select({ id: events.id, currency: events.currency })
      .from(events)
      .where(and(eq(events.id, input.eventId), eq(events.organisationId, organisationId)))
    if (!event) throw new Refusal('notFound')
    const funders = await tx
      .select({ id: partners.id })
      .from(partners)
      .where(and(eq(partners.organisationId, organisationId), eq(partners.isFunder, true), inArray(partners.id, input.shares.map((s) => s.funderPartnerId))))
    if (funders.length !== input.shares.length) throw new Refusal('funderUnknown', { field: 'shares' })
    const [line] = await tx
      .insert(budgetLines)
      .values({ eventId: event.id, label, amountMinor: input.amountMinor, currency: event.currency, evidenceRef: input.evidenceRef?.trim() || null })
      .returning()
    const split = splitByShares(input.amountMinor, input.shares.map((s) => ({ key: s.funderPartnerId, shareBp: s.shareBp })))
    await tx.insert(budgetLineShares).values(
      split.map((p, i) => ({ budgetLineId: line.id, funderPartnerId: p.key, shareBp: input.shares[i].shareBp, amountMinor: p.amountMinor })),
    )
    return { ...line, shares: split }
  })
}

/** A mission's budget lines with their shares, in order. */
export async function budgetOf(db: DbOrTx, eventIds: string[]) {
  if (!eventIds.length) return []
  return db
    .select({
      lineId: budgetLines.id,
      eventId: budgetLines.eventId,
      label: budgetLines.label,
      amountMinor: budgetLines.amountMinor,
      currency: budgetLines.currency,
      evidenceRef: budgetLines.evidenceRef,
      funderPartnerId: budgetLineShares.funderPartnerId,
      funderName: partners.name,
      shareBp: budgetLineShares.shareBp,
      shareMinor: budgetLineShares.amountMinor,
    })
    .from(budgetLines)
    .innerJoin(budgetLineShares, eq(budgetLineShares.budgetLineId, budgetLines.id))
    .innerJoin(partners, eq(partners.id, budgetLineShares.funderPartnerId))
    .where(inArray(budgetLines.eventId, eventIds))
    .orderBy(asc(budgetLines.eventId), asc(budgetLines.position), asc(budgetLines.createdAt), asc(budgetLines.id), asc(partners.name))
}
