/** A registration's end: cancelled as a whole, or expired when its payment hold runs out. */
// Load the job queue (and its registry) before notify.server: notify → queue → registry → notify is a cycle
// that leaves `notificationJobs` undefined when notify.server is the first of them imported.
import { and, eq, sql } from 'drizzle-orm'
import { getDb } from '#db/client'
import { attendees, holds, registrations } from '#db/schema/index'
import { recordAudit, type AuditActor } from '~/modules/audit/audit.server'
import { inLockedTransaction } from '~/modules/locks/locks.server'
import { notify } from '~/modules/notifications/notify.server'
import { Refusal } from '~/utils/refusal'
import { activeAttendees, CANCELLABLE, lockRegistration, offerFreedSeatsSafely, releaseCodeUse, SYSTEM, type ServiceContext } from './registration-core.server'

/** Cancels a whole registration: attendees cancelled, holds and code use released, then freed seats offered. */
export async function cancelRegistration(registrationId: string, actor: AuditActor, reason: string | null, ctx: ServiceContext = {}) {
  const db = ctx.db ?? getDb()
  const now = ctx.now ?? new Date()
  const result = await inLockedTransaction(db, async (tx) => {
    const registration = await lockRegistration(tx, registrationId)
    if (registration.status === 'cancelled') return { registrationId, eventId: registration.eventId, status: 'cancelled' as const, changed: false }
    if (!CANCELLABLE.includes(registration.status)) throw new Refusal('invalidState')
    const people = await activeAttendees(tx, registrationId)
    await tx.update(registrations).set({ status: 'cancelled', cancelledAt: now, holdExpiresAt: null }).where(eq(registrations.id, registrationId))
    await tx.update(attendees).set({ status: 'cancelled', cancelledAt: now }).where(and(eq(attendees.registrationId, registrationId), eq(attendees.status, 'active')))
    await tx.update(holds).set({ releasedAt: now }).where(and(eq(holds.registrationId, registrationId), sql`${holds.releasedAt} is null`))
    await releaseCodeUse(tx, registration.codeId)
    await recordAudit(tx, { actor, action: 'registration.cancelled', subjectType: 'registration', subjectId: registrationId, data: { reason, previousStatus: registration.status } })
    for (const a of people) await recordAudit(tx, { actor, action: 'attendee.cancelled', subjectType: 'attendee', subjectId: a.id, data: { registrationId } })
    await notify(tx, { kind: 'registration.cancelled', registrationId, data: reason ? { reason } : undefined })
    return { registrationId, eventId: registration.eventId, status: 'cancelled' as const, changed: true }
  })
  if (result.changed) await offerFreedSeatsSafely(result.eventId, ctx)
  return { registrationId: result.registrationId, status: result.status }
}

/** Job: holds past their end free their seats (registration `expired`, attendees cancelled), then the waiting list is served. */
export async function expireHolds(now: Date = new Date(), ctx: ServiceContext = {}) {
  const db = ctx.db ?? getDb()
  const expired = await db.transaction(async (tx) => {
    const due = await tx.execute<{ id: string; event_id: string; code_id: string | null }>(sql`
      select id, event_id, code_id from registration
      where status = 'awaiting_payment' and hold_expires_at is not null and hold_expires_at <= ${now.toISOString()}::timestamptz
      order by hold_expires_at limit 500
      for update skip locked`)
    for (const r of due) {
      await tx.update(registrations).set({ status: 'expired', cancelledAt: now }).where(eq(registrations.id, r.id))
      const gone = await tx
        .update(attendees)
        .set({ status: 'cancelled', cancelledAt: now })
        .where(and(eq(attendees.registrationId, r.id), eq(attendees.status, 'active')))
        .returning({ id: attendees.id })
      await tx.update(holds).set({ releasedAt: now }).where(and(eq(holds.registrationId, r.id), sql`${holds.releasedAt} is null`))
      await releaseCodeUse(tx, r.code_id)
      await recordAudit(tx, { actor: SYSTEM, action: 'registration.expired', subjectType: 'registration', subjectId: r.id })
      for (const a of gone) await recordAudit(tx, { actor: SYSTEM, action: 'attendee.cancelled', subjectType: 'attendee', subjectId: a.id, data: { registrationId: r.id, reason: 'hold_expired' } })
      await notify(tx, { kind: 'registration.cancelled', registrationId: r.id, data: { reason: 'hold_expired' } })
    }
    return due
  })
  const eventIds = [...new Set(expired.map((r) => r.event_id))]
  for (const eventId of eventIds) await offerFreedSeatsSafely(eventId, ctx, now)
  return { expired: expired.length, eventIds }
}
