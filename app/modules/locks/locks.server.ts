/**
 * The one lock primitive (decision 007). Every path that takes something scarce locks here, in one
 * order: registration row (when one exists) → event → capacity pools (id order) → ticket type →
 * code → waiting-list offer; the invoice counter last. A lock wait over `lock_timeout` or a
 * deadlock is a lock conflict, answered with `Refusal('busy')` ("try again"). Freeing seats needs no lock.
 */
import { and, eq, sql, type SQL } from 'drizzle-orm'
import { executePrepared, type Database, type DbOrTx, type Transaction } from '#db/client'
import { b2bParticipants, events, hotelRooms, registrations, ticketTypes } from '#db/schema/index'
import { Refusal } from '~/utils/refusal'

/** SQLSTATE 55P03 (lock_not_available: `lock_timeout` ran out) or 40P01 (deadlock_detected); drizzle wraps the driver's error in `cause`. */
export function isLockConflict(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code
    if (code === '55P03' || code === '40P01') return true
  }
  return false
}

/** A lock conflict becomes `Refusal('busy')`; anything else is rethrown as is. */
export function busyIfLockConflict(error: unknown): never {
  if (isLockConflict(error)) throw new Refusal('busy', { cause: error })
  throw error
}

export type LockTimeout = '3s' | '5s' | '10s'

/** `SET LOCAL lock_timeout`: no lock of this transaction waits longer. */
export function setLockTimeout(tx: DbOrTx, timeout: LockTimeout = '3s') {
  return tx.execute(sql.raw(`set local lock_timeout = '${timeout}'`)).then(() => undefined)
}

/** Runs `work` in a transaction with a lock timeout; a lock conflict becomes `Refusal('busy')`. */
export async function inLockedTransaction<T>(db: Database, work: (tx: Transaction) => Promise<T>, timeout: LockTimeout = '3s'): Promise<T> {
  try {
    return await db.transaction(async (tx) => {
      // Sent now (drizzle's `execute` starts when awaited) and pipelined with the work's first statements: one round trip.
      const [, result] = await Promise.all([setLockTimeout(tx, timeout), work(tx)])
      return result
    })
  } catch (error) {
    return busyIfLockConflict(error)
  }
}

/**
 * Runs `work` in a transaction whose COMMIT is sent right behind the work's statements, before any
 * answer is read (decision 035). The locks they take are held only while PostgreSQL runs them, and
 * never while this process is busy answering other requests. The work decides nothing in Node:
 * - a check that can fail runs in SQL and raises (`refuseWhenNone`, `passerelle_refuse`), which
 *   aborts the transaction, so the COMMIT behind it rolls back;
 * - every statement must be started before the work awaits an answer; one started later throws
 *   (it would run after the COMMIT);
 * - a rejection before the COMMIT goes out (a statement started with a JavaScript error, say)
 *   rolls back.
 * A lock conflict becomes `Refusal('busy')`, as with `inLockedTransaction`.
 */
export async function inPipelinedTransaction<T>(db: Database, work: (tx: Transaction) => Promise<T>, timeout: LockTimeout = '3s'): Promise<T> {
  try {
    const { answer } = await db.transaction(async (tx) => {
      const answer = Promise.all([setLockTimeout(tx, timeout), work(tx)]).then(([, result]) => result)
      let failed = false
      answer.catch(() => {
        failed = true
      })
      // One macrotask: the statements the work started (in microtasks) are queued on the
      // connection by now, so the COMMIT postgres.js sends once this returns goes out behind them.
      await new Promise((resolve) => setImmediate(resolve))
      if (failed) await answer // rejects: postgres.js rolls back instead
      refuseLaterStatements(tx)
      return { answer }
    })
    return await answer
  } catch (error) {
    return busyIfLockConflict(error)
  }
}

function refuseLaterStatements(tx: Transaction) {
  // drizzle builds every statement from `session.client` (marked internal in its types).
  Object.defineProperty((tx as unknown as { session: object }).session, 'client', {
    get() {
      throw new Error('inPipelinedTransaction: a statement was started after the COMMIT went out')
    },
  })
}

/** SQLSTATE of `passerelle_refuse` (migration 0015). */
const RAISED_REFUSAL = 'PSRFL'

/** A refusal raised in SQL by `passerelle_refuse`: its code and details; null for any other error. */
export function raisedRefusal(error: unknown): { code: string; details: Record<string, unknown> } | null {
  for (let e: unknown = error, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const { code, message, detail } = e as { code?: unknown; message?: string; detail?: string }
    if (code !== RAISED_REFUSAL) continue
    try {
      return { code: String(message), details: JSON.parse(detail ?? '{}') as Record<string, unknown> }
    } catch {
      return { code: String(message), details: {} }
    }
  }
  return null
}

/** `statement` (a select or `… returning`) runs; when it gives no row, the transaction fails with the refusal `code`. */
export function refuseWhenNone(tx: DbOrTx, code: string, statement: SQL) {
  return executePrepared(tx, sql`with found as (${statement}) select passerelle_refuse(${code}, null) where not exists (select 1 from found)`)
}

/**
 * Waits for every statement of a pipeline and rethrows the first failure in the order they were
 * sent, not in the order their rejections happen to arrive: a statement that failed only because
 * an earlier one aborted the transaction (25P02) never hides the earlier one's error.
 */
export async function firstFailure(statements: Promise<unknown>[]): Promise<void> {
  const settled = await Promise.allSettled(statements)
  const failures = settled.filter((s): s is PromiseRejectedResult => s.status === 'rejected').map((s) => s.reason as unknown)
  if (failures.length === 0) return
  throw failures.find((e) => !hasCode(e, '25P02')) ?? failures[0]
}

function hasCode(error: unknown, wanted: string) {
  for (let e: unknown = error, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++)
    if ((e as { code?: unknown }).code === wanted) return true
  return false
}

/** The registration row, first in the order (`FOR UPDATE`); undefined when there is none. */
export async function lockRegistration(tx: DbOrTx, registrationId: string) {
  const [row] = await tx.select().from(registrations).where(eq(registrations.id, registrationId)).for('update')
  return row
}

/**
 * The event row for taking seats (`FOR NO KEY UPDATE`: registrations referring to it may still be
 * inserted). Returns its capacity. Started at once, so it can be pipelined with what follows.
 */
export function lockEventForSeats(tx: DbOrTx, eventId: string) {
  return executePrepared<{ capacity: number | null }>(tx, sql`select capacity from event where id = ${eventId} for no key update`)
}

/** The event row for changing the event itself (`FOR UPDATE`), within the organisation when given; undefined when there is none. */
export async function lockEventForChange(tx: DbOrTx, eventId: string, organisationId?: string) {
  const [row] = await tx
    .select()
    .from(events)
    .where(organisationId ? and(eq(events.id, eventId), eq(events.organisationId, organisationId)) : eq(events.id, eventId))
    .for('update')
  return row
}

/** The event's capacity pools, in id order, with the ticket types each one covers. */
export function lockCapacityPools(tx: DbOrTx, eventId: string) {
  return executePrepared<{ id: string; size: number; ticket_type_ids: string[] }>(tx, sql`
    select p.id, p.size,
      coalesce(array(select pt.ticket_type_id::text from capacity_pool_ticket_type pt where pt.capacity_pool_id = p.id), '{}') as ticket_type_ids
    from capacity_pool p where p.event_id = ${eventId} order by p.id for update of p`)
}

/** One ticket type of the event (`FOR UPDATE`), after the event; undefined when not the event's. */
export async function lockTicketType(tx: DbOrTx, eventId: string, ticketTypeId: string) {
  const [row] = await tx
    .select()
    .from(ticketTypes)
    .where(and(eq(ticketTypes.id, ticketTypeId), eq(ticketTypes.eventId, eventId)))
    .for('update')
  return row
}

/** Takes one use of a code (its row stays locked until commit); the transaction fails with `codeExhausted` when it is used up. */
export function takeCodeUse(tx: DbOrTx, codeId: string) {
  return refuseWhenNone(tx, 'codeExhausted', sql`update code set uses = uses + 1 where id = ${codeId} and (max_uses is null or uses < max_uses) returning uses`)
}

/** Claims a waiting-list offer for a registration (its row stays locked until commit); the transaction fails with `offerInvalid` when it is no longer offered. */
export function claimWaitlistOffer(tx: DbOrTx, offerId: string, registrationId: string) {
  return refuseWhenNone(tx, 'offerInvalid', sql`
    update waitlist_entry set status = 'claimed', claimed_registration_id = ${registrationId}, updated_at = now()
    where id = ${offerId} and status = 'offered' returning id`)
}

/**
 * Takes the next invoice number of an organisation and year inside the issuing transaction.
 * The upsert locks the counter row until the transaction ends: concurrent issuers queue on it,
 * a rolled-back issue gives its number back (no gap), a committed one is never reused.
 */
export async function takeInvoiceSequence(tx: Transaction, organisationId: string, year: number): Promise<number> {
  const rows = await tx.execute<{ last_number: number }>(sql`
    insert into invoice_counter (organisation_id, year, last_number) values (${organisationId}, ${year}, 1)
    on conflict (organisation_id, year) do update set last_number = invoice_counter.last_number + 1
    returning last_number`)
  return Number(rows[0].last_number)
}

/**
 * The B2B participant rows of two (or more) companies on one event (`FOR UPDATE`), always in
 * company id order so two requests crossing between the same companies cannot deadlock. Taking
 * a place under the open-request cap and accepting a request both lock here first.
 */
export async function lockB2bParticipants(tx: DbOrTx, eventId: string, companyIds: string[]) {
  const ordered = [...new Set(companyIds)].sort()
  const rows = []
  for (const companyId of ordered) {
    const [row] = await tx
      .select()
      .from(b2bParticipants)
      .where(and(eq(b2bParticipants.eventId, eventId), eq(b2bParticipants.companyId, companyId)))
      .for('update')
    if (row) rows.push(row)
  }
  return rows
}

/**
 * A company's row (`FOR NO KEY UPDATE`) while aid is added to its de minimis register: two
 * allocations to the same company queue here, so the rolling three-year sum each one checks
 * includes the other's. Taken alone (no other scarce row is locked on this path).
 */
export async function lockCompanyForAid(tx: DbOrTx, companyId: string) {
  const rows = await tx.execute<{ id: string; name: string; organisation_id: string }>(
    sql`select id, name, organisation_id from company where id = ${companyId} for no key update`,
  )
  return rows[0]
}

/**
 * One hotel room of a delegation (`FOR UPDATE`): assigning a bed locks the room first, so two
 * organisers giving away the last bed at once leave one assignment and one "room full".
 */
export async function lockHotelRoom(tx: DbOrTx, roomId: string) {
  const [row] = await tx.select().from(hotelRooms).where(eq(hotelRooms.id, roomId)).for('update')
  return row
}
