/** Decisions on a registration: an organiser approves or rejects an application; a payment confirms it. */
// Load the job queue (and its registry) before notify.server: notify → queue → registry → notify is a cycle
// that leaves `notificationJobs` undefined when notify.server is the first of them imported.
import { and, eq, inArray, sql } from 'drizzle-orm'
import { getDb, type Transaction } from '#db/client'
import { attendees, events, holds, registrations, type RegistrationStatus } from '#db/schema/index'
import { recordAudit, type AuditActor } from '~/modules/audit/audit.server'
import { openInvoicePayment } from '~/modules/invoices/invoice-payment.server'
import { inLockedTransaction, setLockTimeout } from '~/modules/locks/locks.server'
import { notify } from '~/modules/notifications/notify.server'
import { Refusal } from '~/utils/refusal'
import { findShortfall } from './capacity'
import { activeAttendees, countByType, lockRegistration, releaseCodeUse, statusWhenSeatsTaken, type ServiceContext } from './registration-core.server'
import { lockAndCountSeats } from './seats.server'

/** Organiser approves an application: takes the seats now (or fails with `sold_out`), then confirms or opens payment. */
export async function approveApplication(registrationId: string, actor: AuditActor, ctx: ServiceContext = {}) {
  const db = ctx.db ?? getDb()
  const now = ctx.now ?? new Date()
  return inLockedTransaction(db, async (tx) => {
    const registration = await lockRegistration(tx, registrationId)
    if (registration.status !== 'pending_approval') throw new Refusal('invalidState')
    const [event] = await tx.select().from(events).where(eq(events.id, registration.eventId))
    const people = await activeAttendees(tx, registrationId)
    const seats = await lockAndCountSeats(tx, event.id)
    const shortfall = findShortfall(seats, countByType(people))
    if (shortfall) throw new Refusal('soldOut', { details: shortfall })
    const outcome = statusWhenSeatsTaken(event, registration.totalMinor, registration.paymentMethod, now)
    await tx
      .update(registrations)
      .set({ status: outcome.status, holdExpiresAt: outcome.holdExpiresAt, decidedAt: now, confirmedAt: outcome.status === 'confirmed' ? now : null })
      .where(eq(registrations.id, registrationId))
    if (outcome.holdExpiresAt)
      await tx.insert(holds).values(
        [...countByType(people)].map(([ticketTypeId, quantity]) => ({ eventId: event.id, registrationId, ticketTypeId, quantity, expiresAt: outcome.holdExpiresAt as Date })),
      )
    // payments: with invoice / bank transfer, the invoice (bank details) is issued in this transaction.
    if (registration.paymentMethod === 'invoice' && registration.totalMinor > 0) await openInvoicePayment(tx, registrationId, actor)
    await recordAudit(tx, { actor, action: 'registration.approved', subjectType: 'registration', subjectId: registrationId, data: { status: outcome.status } })
    await notify(tx, { kind: 'application.approved', registrationId })
    if (outcome.status === 'confirmed') await notify(tx, { kind: 'registration.confirmed', registrationId })
    return { registrationId, status: outcome.status, holdExpiresAt: outcome.holdExpiresAt }
  })
}

export async function rejectApplication(registrationId: string, actor: AuditActor, note: string | null, ctx: ServiceContext = {}) {
  const db = ctx.db ?? getDb()
  const now = ctx.now ?? new Date()
  return inLockedTransaction(db, async (tx) => {
    const registration = await lockRegistration(tx, registrationId)
    if (registration.status !== 'pending_approval') throw new Refusal('invalidState')
    await tx.update(registrations).set({ status: 'rejected', decidedAt: now, decisionNote: note }).where(eq(registrations.id, registrationId))
    await releaseCodeUse(tx, registration.codeId)
    await recordAudit(tx, { actor, action: 'registration.rejected', subjectType: 'registration', subjectId: registrationId, data: { note } })
    await notify(tx, { kind: 'application.rejected', registrationId })
    return { registrationId, status: 'rejected' as const }
  })
}

export type ConfirmResult =
  | { outcome: 'confirmed'; registrationId: string; lateSeatTaken: boolean }
  | { outcome: 'already_confirmed'; registrationId: string }
  /** The hold had expired and the seats went to someone else: the caller refunds. */
  | { outcome: 'no_seat'; registrationId: string }
  /** Cancelled or rejected meanwhile: the caller refunds. */
  | { outcome: 'not_confirmable'; registrationId: string; status: RegistrationStatus }

/**
 * Confirms a registration once paid, inside the caller's transaction (payments). A payment that
 * arrives after the hold expired is accepted only if seats are free again (checked under the seat locks).
 */
export async function confirmRegistration(tx: Transaction, registrationId: string, actor: AuditActor, ctx: { now?: Date } = {}): Promise<ConfirmResult> {
  const now = ctx.now ?? new Date()
  await setLockTimeout(tx)
  const registration = await lockRegistration(tx, registrationId)
  if (registration.status === 'confirmed') return { outcome: 'already_confirmed', registrationId }
  const holdValid = registration.status === 'awaiting_payment' && (!registration.holdExpiresAt || registration.holdExpiresAt > now)
  if (!holdValid && registration.status !== 'awaiting_payment' && registration.status !== 'expired')
    return { outcome: 'not_confirmable', registrationId, status: registration.status }

  let lateSeatTaken = false
  if (!holdValid) {
    // Attendees cancelled by the expiry (at or after the hold's end) come back if seats are free.
    const cutoff = registration.holdExpiresAt ?? registration.updatedAt
    const returning = await tx
      .select()
      .from(attendees)
      .where(
        and(
          eq(attendees.registrationId, registrationId),
          sql`(${attendees.status} = 'active' or (${attendees.status} = 'cancelled' and ${attendees.cancelledAt} >= ${cutoff.toISOString()}::timestamptz))`,
        ),
      )
    const seats = await lockAndCountSeats(tx, registration.eventId)
    if (findShortfall(seats, countByType(returning))) {
      await recordAudit(tx, { actor, action: 'registration.late-payment-no-seat', subjectType: 'registration', subjectId: registrationId })
      return { outcome: 'no_seat', registrationId }
    }
    if (returning.some((a) => a.status === 'cancelled'))
      await tx
        .update(attendees)
        .set({ status: 'active', cancelledAt: null })
        .where(inArray(attendees.id, returning.map((a) => a.id)))
    lateSeatTaken = true
  }
  await tx.update(registrations).set({ status: 'confirmed', confirmedAt: now, holdExpiresAt: null, cancelledAt: null }).where(eq(registrations.id, registrationId))
  await tx.update(holds).set({ releasedAt: now }).where(and(eq(holds.registrationId, registrationId), sql`${holds.releasedAt} is null`))
  await recordAudit(tx, { actor, action: 'registration.confirmed', subjectType: 'registration', subjectId: registrationId, data: { lateSeatTaken } })
  await notify(tx, { kind: 'registration.confirmed', registrationId })
  return { outcome: 'confirmed', registrationId, lateSeatTaken }
}
