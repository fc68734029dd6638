import crypto from 'node:crypto'
import { and, eq, sql } from 'drizzle-orm'
import type { Database, DbOrTx } from '#db/client'
import { auditEntries } from '#db/schema/index'
import type { MessageKey } from '~/locales'
import { recordAudit } from '~/modules/audit/audit.server'
import type { SessionUser } from '~/modules/auth/session.server'
import { notify } from '~/modules/notifications/notify.server'
import { isLockConflict } from '~/modules/locks/locks.server'
import { isRefusal, Refusal, type RefusalCode } from '~/utils/refusal'
import { approveApplication, rejectApplication } from '~/modules/registration/decisions.server'
import type { AttendeeFilter } from '~/modules/registration/attendee-list-schemas'
import { ATTENDEE_LIST_FROM, attendeeWhere } from '~/modules/registration/attendee-list.server'
import { BULK_SELECTION_CAP } from '~/modules/registration/bulk-actions-schemas'

/** A token for one rendered form (idempotency of its POST). */
export function newFormToken() {
  return crypto.randomUUID()
}

/** What a bulk action was asked to act on: rows ticked by hand, or everything the filter matches. */
export type BulkSelection = { scope: 'ids'; attendeeIds: string[] } | { scope: 'filter'; filter: AttendeeFilter }

/** One selected attendee with what the actions need to know about its registration. */
export type BulkTarget = {
  attendeeId: string
  registrationId: string
  reference: string
  companyName: string
  attendeeStatus: 'active' | 'cancelled'
  registrationStatus: string
  locale: 'fr' | 'en'
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/**
 * Resolves a selection to rows of this event the organiser may act on. Ids that are not rows of
 * this event (unknown, another event's, another organisation's) refuse the whole request: a bulk
 * action never acts on a guessed part of what was asked.
 */
export async function resolveSelection(db: DbOrTx, user: SessionUser, eventId: string, selection: BulkSelection): Promise<BulkTarget[]> {
  const base = { sort: 'name', page: 1 } as const
  let where
  if (selection.scope === 'ids') {
    const ids = [...new Set(selection.attendeeIds)]
    if (ids.length === 0) throw new Refusal('bulkNothingSelected')
    if (ids.length > BULK_SELECTION_CAP) throw new Refusal('bulkTooMany')
    if (ids.some((id) => !UUID.test(id))) throw new Refusal('bulkUnknownIds')
    where = attendeeWhere(user, { ...base, eventId, attendeeIds: ids })
  } else {
    where = attendeeWhere(user, { ...selection.filter, eventId, page: 1 })
  }
  const rows = await db.execute<BulkTarget>(sql`select a.id as "attendeeId", r.id as "registrationId", r.reference, c.name as "companyName",
      a.status as "attendeeStatus", r.status as "registrationStatus", a.locale
    ${ATTENDEE_LIST_FROM} where ${where}
    order by lower(c.name) collate "C", r.id, lower(a.last_name) collate "C", a.id
    limit ${BULK_SELECTION_CAP + 1}`)
  const targets = [...rows]
  if (selection.scope === 'ids' && targets.length !== new Set(selection.attendeeIds).size) throw new Refusal('bulkUnknownIds')
  if (targets.length > BULK_SELECTION_CAP) throw new Refusal('bulkTooMany')
  if (targets.length === 0) throw new Refusal('bulkNothingSelected')
  return targets
}

export type DecisionFailure = {
  registrationId: string
  reference: string
  companyName: string
  reason: MessageKey
}
export type DecisionSummary = {
  decision: 'approve' | 'reject'
  done: number
  skipped: number
  failed: DecisionFailure[]
}

const REFUSAL_REASON: Partial<Record<RefusalCode, MessageKey>> = {
  invalidState: 'admin.registration.errors.invalid_state',
  soldOut: 'admin.registration.errors.sold_out',
  registrationNotFound: 'admin.registration.errors.not_found',
  busy: 'admin.registration.errors.busy',
}

function reasonOf(error: unknown): MessageKey | null {
  if (isRefusal(error)) return REFUSAL_REASON[error.code] ?? 'admin.registration.errors.other'
  if (isLockConflict(error)) return 'admin.registration.errors.busy'
  return null
}

/** The distinct registrations of a selection, in the selection's order. */
function registrationsOf(targets: BulkTarget[]) {
  const seen = new Map<string, BulkTarget>()
  for (const t of targets) if (!seen.has(t.registrationId)) seen.set(t.registrationId, t)
  return [...seen.values()]
}

export function pendingRegistrationCount(targets: BulkTarget[]) {
  return registrationsOf(targets).filter((r) => r.registrationStatus === 'pending_approval').length
}

/**
 * Approves or rejects the pending applications of a selection, each registration in its own
 * transaction through the registration service (seats locked in its fixed order, notifications
 * and a `registration.approved/rejected` audit entry each): one lacking seats does not undo the
 * others. A summary entry on the event records the bulk action itself.
 */
export async function decideApplications(
  db: Database,
  user: SessionUser,
  eventId: string,
  targets: BulkTarget[],
  decision: 'approve' | 'reject',
  note: string | null,
): Promise<DecisionSummary> {
  const actor = { userId: user.id }
  const summary: DecisionSummary = {
    decision,
    done: 0,
    skipped: 0,
    failed: [],
  }
  for (const registration of registrationsOf(targets)) {
    if (registration.registrationStatus !== 'pending_approval') {
      summary.skipped++
      continue
    }
    try {
      if (decision === 'approve') await approveApplication(registration.registrationId, actor, { db })
      else
        await rejectApplication(registration.registrationId, actor, note, {
          db,
        })
      summary.done++
    } catch (error) {
      const reason = reasonOf(error)
      if (!reason) throw error
      const { registrationId, reference, companyName } = registration
      summary.failed.push({ registrationId, reference, companyName, reason })
    }
  }
  await recordAudit(db, {
    actor,
    action: decision === 'approve' ? 'registrations.bulk-approved' : 'registrations.bulk-rejected',
    subjectType: 'event',
    subjectId: eventId,
    data: {
      done: summary.done,
      skipped: summary.skipped,
      failed: summary.failed.map((f) => ({
        registrationId: f.registrationId,
        reason: f.reason,
      })),
    },
  })
  return summary
}

export type ResendSummary = {
  queued: number
  skipped: number
  duplicate: boolean
}

/**
 * Sends confirmed attendees their confirmation and calendar invitation again. The form's token is
 * the notification's version: a new request sends again (new dedupe keys), the same request
 * submitted twice is recognised by its audit entries and sends nothing more.
 */
export async function resendConfirmations(db: Database, user: SessionUser, targets: BulkTarget[], token: string): Promise<ResendSummary> {
  const eligible = targets.filter((t) => t.attendeeStatus === 'active' && t.registrationStatus === 'confirmed')
  const skipped = targets.length - eligible.length
  return db.transaction(async (tx) => {
    // Two copies of one request racing: the second waits here, then finds the first's entries.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`bulk-resend:${token}`}))`)
    const [already] = await tx
      .select({ id: auditEntries.id })
      .from(auditEntries)
      .where(and(eq(auditEntries.action, 'attendee.confirmation-resent'), sql`${auditEntries.data}->>'token' = ${token}`))
      .limit(1)
    if (already) return { queued: 0, skipped, duplicate: true }
    for (const target of eligible) {
      await notify(tx, {
        kind: 'registration.confirmed',
        registrationId: target.registrationId,
        attendeeId: target.attendeeId,
        version: `resend:${token}`,
      })
      await recordAudit(tx, {
        actor: { userId: user.id },
        action: 'attendee.confirmation-resent',
        subjectType: 'attendee',
        subjectId: target.attendeeId,
        data: { token, registrationId: target.registrationId },
      })
    }
    return { queued: eligible.length, skipped, duplicate: false }
  })
}
