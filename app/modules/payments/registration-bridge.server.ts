/**
 * The few registration state changes a payment step needs, in the payment's transaction.
 * TEMPORARY: written against the schema until the registration service is on main; then each
 * function delegates to it (confirmRegistration / cancelRegistration) and this file shrinks.
 */
import { and, eq, inArray, isNull, sql } from 'drizzle-orm'
import type { Transaction } from '#db/client'
import { attendees, holds, registrations } from '#db/schema/index'
import { recordAudit, type AuditActor } from '~/modules/audit/audit.server'
import { SEAT_IN_USE } from '~/modules/registration/availability.server'
import { notify } from '~/modules/notifications/notify.server'

export type ConfirmOutcome = 'confirmed' | 'already_confirmed' | 'no_seat' | 'not_payable'

type RegistrationRow = typeof registrations.$inferSelect

async function seatsStillFree(tx: Transaction, registration: RegistrationRow): Promise<boolean> {
  await tx.execute(sql`set local lock_timeout = '5s'`)
  // Same order as taking seats: the event, then its pools by id.
  await tx.execute(sql`select id from event where id = ${registration.eventId} for update`)
  const needed = await tx.execute<{ ticket_type_id: string; n: number }>(sql`
    select ticket_type_id, count(*)::int as n from attendee
    where registration_id = ${registration.id} and status = 'active' group by ticket_type_id`)
  if (needed.length === 0) return false
  const typeIds = needed.map((r) => r.ticket_type_id)
  await tx.execute(sql`
    select p.id from capacity_pool p
    where p.id in (select capacity_pool_id from capacity_pool_ticket_type where ticket_type_id in ${typeIds})
    order by p.id for update`)
  const pools = await tx.execute<{ id: string; size: number; used: number; wanted: number }>(sql`
    select p.id, p.size,
      (select count(*)::int from attendee a join registration r on r.id = a.registration_id
        join capacity_pool_ticket_type x on x.ticket_type_id = a.ticket_type_id and x.capacity_pool_id = p.id
        where r.id <> ${registration.id} and ${SEAT_IN_USE}) as used,
      (select count(*)::int from attendee a
        join capacity_pool_ticket_type x on x.ticket_type_id = a.ticket_type_id and x.capacity_pool_id = p.id
        where a.registration_id = ${registration.id} and a.status = 'active') as wanted
    from capacity_pool p
    where p.id in (select capacity_pool_id from capacity_pool_ticket_type where ticket_type_id in ${typeIds})`)
  if (pools.some((p) => Number(p.used) + Number(p.wanted) > Number(p.size))) return false
  const [cap] = await tx.execute<{ capacity: number | null; used: number }>(sql`
    select e.capacity,
      (select count(*)::int from attendee a join registration r on r.id = a.registration_id
        where a.event_id = e.id and r.id <> ${registration.id} and ${SEAT_IN_USE}) as used
    from event e where e.id = ${registration.eventId}`)
  const wantedTotal = needed.reduce((s, r) => s + Number(r.n), 0)
  if (cap.capacity !== null && Number(cap.used) + wantedTotal > Number(cap.capacity)) return false
  return true
}

/**
 * Confirms a registration whose payment (or invoice choice) just succeeded. Within its hold the
 * seats are its own; after the hold expired they are re-checked under the pools' locks.
 * The caller holds the registration row lock.
 */
export async function confirmAfterPayment(tx: Transaction, registrationId: string, actor: AuditActor): Promise<ConfirmOutcome> {
  const [registration] = await tx.select().from(registrations).where(eq(registrations.id, registrationId)).for('update')
  if (!registration) return 'not_payable'
  if (registration.status === 'confirmed') return 'already_confirmed'
  if (registration.status !== 'awaiting_payment' && registration.status !== 'expired') return 'not_payable'
  const holdValid = registration.status === 'awaiting_payment' && (!registration.holdExpiresAt || registration.holdExpiresAt > new Date())
  if (!holdValid && !(await seatsStillFree(tx, registration))) return 'no_seat'
  const now = new Date()
  await tx
    .update(registrations)
    .set({ status: 'confirmed', confirmedAt: now, holdExpiresAt: null })
    .where(eq(registrations.id, registrationId))
  await tx.update(holds).set({ releasedAt: now }).where(and(eq(holds.registrationId, registrationId), isNull(holds.releasedAt)))
  await recordAudit(tx, {
    actor,
    action: 'registration.confirmed',
    subjectType: 'registration',
    subjectId: registrationId,
    data: { from: registration.status, late: !holdValid },
  })
  await notify(tx, { kind: 'registration.confirmed', registrationId })
  return 'confirmed'
}

/** Keeps the seats of an invoice-paid registration held until the invoice is due. */
export async function extendHold(tx: Transaction, registrationId: string, until: Date, actor: AuditActor) {
  await tx.update(registrations).set({ holdExpiresAt: until }).where(eq(registrations.id, registrationId))
  await tx.update(holds).set({ expiresAt: until }).where(and(eq(holds.registrationId, registrationId), isNull(holds.releasedAt)))
  await recordAudit(tx, { actor, action: 'registration.hold-extended', subjectType: 'registration', subjectId: registrationId, data: { until } })
}

/** Cancels a registration and all its attendees as part of a refund (frees the seats). */
export async function cancelForRefund(tx: Transaction, registrationId: string, actor: AuditActor) {
  const now = new Date()
  const [registration] = await tx.select().from(registrations).where(eq(registrations.id, registrationId)).for('update')
  if (!registration || registration.status === 'cancelled') return
  await tx.update(registrations).set({ status: 'cancelled', cancelledAt: now, holdExpiresAt: null }).where(eq(registrations.id, registrationId))
  const active = await tx
    .update(attendees)
    .set({ status: 'cancelled', cancelledAt: now })
    .where(and(eq(attendees.registrationId, registrationId), inArray(attendees.status, ['active'])))
    .returning({ id: attendees.id })
  await tx.update(holds).set({ releasedAt: now }).where(and(eq(holds.registrationId, registrationId), isNull(holds.releasedAt)))
  await recordAudit(tx, {
    actor,
    action: 'registration.cancelled',
    subjectType: 'registration',
    subjectId: registrationId,
    data: { attendees: active.length, reason: 'refund' },
  })
  await notify(tx, { kind: 'registration.cancelled', registrationId })
}
