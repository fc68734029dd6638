/**
 * The de minimis register (Commission Regulation (EU) 2023/2831): the aid a single undertaking
 * receives must not pass 300,000 EUR over any period of three years, counted on a rolling basis.
 * Adding aid granted on day D is checked against every three-year window that contains D: the
 * window ending on D and each window ending on a later aid already recorded (a late-entered
 * older aid can also break a later window). Adding locks the company row first
 * (`lockCompanyForAid`), so two allocations at once cannot both pass under the ceiling.
 */
import { and, asc, eq, gt, inArray, isNull, lt } from 'drizzle-orm'
import { DateTime } from 'luxon'
import { getDb, type Database, type DbOrTx } from '#db/client'
import { deMinimisAids } from '#db/schema/index'
import { inLockedTransaction, lockCompanyForAid } from '~/modules/locks/locks.server'
import { Refusal } from '~/utils/refusal'

/** 300,000 EUR in cents (Regulation (EU) 2023/2831, article 3(2), in force since 1 January 2024). */
export const DE_MINIMIS_CEILING_EUR_MINOR = 300_000_00
export const DE_MINIMIS_YEARS = 3

type Aid = { grantedOn: string; amountEurMinor: number }

/** First day of the three-year window that ends on `day` (inclusive): 2027-03-10 → 2024-03-11. */
export const windowStart = (day: string) => DateTime.fromISO(day, { zone: 'utc' }).minus({ years: DE_MINIMIS_YEARS }).plus({ days: 1 }).toISODate()!

/** The largest three-year total, over the windows containing `day`, once `amount` is added on `day`. Pure. */
export function worstWindowTotal(aids: readonly Aid[], day: string, amountEurMinor: number): { total: number; windowEnd: string } {
  const lastEnd = DateTime.fromISO(day, { zone: 'utc' }).plus({ years: DE_MINIMIS_YEARS }).minus({ days: 1 }).toISODate()!
  const ends = [day, ...aids.map((a) => a.grantedOn).filter((d) => d > day && d <= lastEnd)]
  let worst = { total: -1, windowEnd: day }
  for (const end of ends) {
    const start = windowStart(end)
    const total = amountEurMinor + aids.filter((a) => a.grantedOn >= start && a.grantedOn <= end).reduce((s, a) => s + a.amountEurMinor, 0)
    if (total > worst.total) worst = { total, windowEnd: end }
  }
  return worst
}

async function aidsAround(db: DbOrTx, companyId: string, day: string) {
  const from = DateTime.fromISO(day, { zone: 'utc' }).minus({ years: DE_MINIMIS_YEARS }).toISODate()!
  const to = DateTime.fromISO(day, { zone: 'utc' }).plus({ years: DE_MINIMIS_YEARS }).toISODate()!
  return db
    .select({ grantedOn: deMinimisAids.grantedOn, amountEurMinor: deMinimisAids.amountEurMinor })
    .from(deMinimisAids)
    .where(and(eq(deMinimisAids.companyId, companyId), gt(deMinimisAids.grantedOn, from), lt(deMinimisAids.grantedOn, to)))
    .orderBy(asc(deMinimisAids.grantedOn))
}

export type DeMinimisStatus = { receivedEurMinor: number; ceilingEurMinor: number; remainingEurMinor: number; wouldExceed: boolean; totalWithNewEurMinor: number }

/** What the company has received in the three years up to `day`, and whether `amount` more would pass the ceiling (the warning shown before a mission). */
export async function deMinimisStatus(db: DbOrTx, companyId: string, day: string, amountEurMinor = 0): Promise<DeMinimisStatus> {
  const aids = await aidsAround(db, companyId, day)
  const received = worstWindowTotal(aids, day, 0).total
  const withNew = worstWindowTotal(aids, day, amountEurMinor).total
  return {
    receivedEurMinor: received,
    ceilingEurMinor: DE_MINIMIS_CEILING_EUR_MINOR,
    remainingEurMinor: Math.max(0, DE_MINIMIS_CEILING_EUR_MINOR - received),
    wouldExceed: withNew > DE_MINIMIS_CEILING_EUR_MINOR,
    totalWithNewEurMinor: withNew,
  }
}

/** `deMinimisStatus` for many companies at once (one query), each with its own new amount. */
export async function deMinimisStatuses(db: DbOrTx, companies: { companyId: string; amountEurMinor: number }[], day: string): Promise<Map<string, DeMinimisStatus>> {
  const out = new Map<string, DeMinimisStatus>()
  if (!companies.length) return out
  const from = DateTime.fromISO(day, { zone: 'utc' }).minus({ years: DE_MINIMIS_YEARS }).toISODate()!
  const to = DateTime.fromISO(day, { zone: 'utc' }).plus({ years: DE_MINIMIS_YEARS }).toISODate()!
  const rows = await db
    .select({ companyId: deMinimisAids.companyId, grantedOn: deMinimisAids.grantedOn, amountEurMinor: deMinimisAids.amountEurMinor })
    .from(deMinimisAids)
    .where(and(inArray(deMinimisAids.companyId, companies.map((c) => c.companyId)), gt(deMinimisAids.grantedOn, from), lt(deMinimisAids.grantedOn, to)))
  for (const c of companies) {
    const aids = rows.filter((r) => r.companyId === c.companyId)
    const received = worstWindowTotal(aids, day, 0).total
    const withNew = worstWindowTotal(aids, day, c.amountEurMinor).total
    out.set(c.companyId, {
      receivedEurMinor: received,
      ceilingEurMinor: DE_MINIMIS_CEILING_EUR_MINOR,
      remainingEurMinor: Math.max(0, DE_MINIMIS_CEILING_EUR_MINOR - received),
      wouldExceed: withNew > DE_MINIMIS_CEILING_EUR_MINOR,
      totalWithNewEurMinor: withNew,
    })
  }
  return out
}

export type AidInput = {
  companyId: string
  eventId?: string | null
  funderPartnerId?: string | null
  grantedOn: string
  amountEurMinor: number
  source: 'mission' | 'declared'
  note?: string | null
}

const euros = (cents: number) => (cents / 100).toFixed(2)

/** Adds aid to the register, refused (`deMinimisCeiling`) when a three-year window would pass the ceiling. */
export async function recordAid(input: AidInput, db: Database = getDb()) {
  if (!Number.isSafeInteger(input.amountEurMinor) || input.amountEurMinor <= 0) throw new Refusal('amountInvalid', { field: 'amount' })
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.grantedOn) || !DateTime.fromISO(input.grantedOn).isValid) throw new Refusal('invalidDateTime', { field: 'grantedOn' })
  return inLockedTransaction(db, async (tx) => {
    const company = await lockCompanyForAid(tx, input.companyId)
    if (!company) throw new Refusal('notFound')
    // A mission's aid already in the register (same company, mission and funder) is said so before any ceiling check:
    // recording it again must change nothing, not be refused for its own amount.
    if (input.source === 'mission' && input.eventId) {
      const [already] = await tx
        .select({ id: deMinimisAids.id })
        .from(deMinimisAids)
        .where(and(eq(deMinimisAids.companyId, input.companyId), eq(deMinimisAids.eventId, input.eventId), eq(deMinimisAids.source, 'mission'), input.funderPartnerId ? eq(deMinimisAids.funderPartnerId, input.funderPartnerId) : isNull(deMinimisAids.funderPartnerId)))
      if (already) throw new Refusal('deMinimisAlreadyRecorded')
    }
    const aids = await aidsAround(tx, input.companyId, input.grantedOn)
    const worst = worstWindowTotal(aids, input.grantedOn, input.amountEurMinor)
    if (worst.total > DE_MINIMIS_CEILING_EUR_MINOR) {
      throw new Refusal('deMinimisCeiling', {
        field: 'amount',
        vars: {
          company: company.name,
          received: euros(worst.total - input.amountEurMinor),
          amount: euros(input.amountEurMinor),
          total: euros(worst.total),
          ceiling: euros(DE_MINIMIS_CEILING_EUR_MINOR),
        },
        details: { totalEurMinor: worst.total, windowEnd: worst.windowEnd },
      })
    }
    const inserted = await tx
      .insert(deMinimisAids)
      .values({
        companyId: input.companyId,
        eventId: input.eventId ?? null,
        funderPartnerId: input.funderPartnerId ?? null,
        grantedOn: input.grantedOn,
        amountEurMinor: input.amountEurMinor,
        source: input.source,
        note: input.note ?? null,
      })
      .onConflictDoNothing()
      .returning({ id: deMinimisAids.id })
    if (!inserted.length) throw new Refusal('deMinimisAlreadyRecorded')
    return { id: inserted[0].id, totalEurMinor: worst.total }
  })
}
