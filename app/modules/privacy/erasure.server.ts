import { and, desc, eq, sql } from 'drizzle-orm'
import { getDb, type DbOrTx, type Transaction } from '#db/client'
import { privacyRequests } from '#db/schema/index'
import { recordAudit, type AuditActor } from '~/modules/audit/audit.server'
import { enqueue } from '~/jobs/queue.server'
import { getEnv } from '~/utils/env.server'
import { Refusal } from '~/utils/refusal'
import { findPersonData, openPaymentsOf } from './finders.server'
import { emailFingerprint, normaliseEmail } from './pseudonym'
import { ERASURE_STEPS, type StepContext, type StepOutcome } from './erasure-steps.server'

export type PlanItem = { table: string; action: 'erase' | 'pseudonymise' | 'keep'; count: number; ground?: string }

/** Dry run: what an erasure of this address would erase, pseudonymise or keep (and on which legal ground). */
export async function previewErasure(db: DbOrTx, organisationId: string, email: string) {
  const data = await findPersonData(db, organisationId, email)
  const funderHeld = await funderHeldRegistrations(db, data.registration.map((r) => String(r.id)).concat(data.attendee.map((a) => String(a.registrationId))))
  const items: PlanItem[] = []
  const add = (table: string, action: PlanItem['action'], count: number, ground?: string) => {
    if (count > 0) items.push({ table, action, count, ground })
  }
  const heldAttendees = data.attendee.filter((a) => funderHeld.has(String(a.registrationId))).length
  add('attendee', 'pseudonymise', data.attendee.length - heldAttendees)
  add('attendee', 'keep', heldAttendees, 'legal_hold_funder')
  add('registration', 'pseudonymise', data.registration.length)
  add('company', 'pseudonymise', data.company.length)
  add('waitlist_entry', 'pseudonymise', data.waitlist_entry.length)
  add('partner_contact', 'pseudonymise', data.partner_contact.length)
  add('email_message', 'pseudonymise', data.email_message.length)
  add('privacy_consent', 'pseudonymise', data.privacy_consent.length)
  add('audit_entry', 'pseudonymise', data.audit_entry.length, 'audit_log')
  add('invoice', 'keep', data.invoice.length, 'legal_hold_invoice')
  add('payment', 'keep', data.payment.length, 'legal_hold_invoice')
  add('refund', 'keep', data.refund.length, 'legal_hold_invoice')
  add('funder_share', 'keep', data.funder_share.length, 'legal_hold_funder')
  add('attendance_signature', 'keep', data.attendance_signature.length, 'legal_hold_funder')
  const openPayments = await openPaymentsOf(db, organisationId, email)
  return { items, openPayments, accounts: data.user_account.length }
}

/** Registrations (of these ids) under the funder-list hold: a funder paid a share, within PRIVACY_FUNDER_LIST_YEARS of the last payment. */
export async function funderHeldRegistrations(db: DbOrTx, registrationIds: string[], now = new Date()): Promise<Set<string>> {
  const ids = [...new Set(registrationIds)]
  if (ids.length === 0) return new Set()
  const years = getEnv().PRIVACY_FUNDER_LIST_YEARS
  const rows = await db.execute<{ id: string }>(sql`
    select r.id from registration r
    where r.id in (${sql.join(ids.map((id) => sql`${id}::uuid`), sql`, `)})
      and exists (select 1 from funder_share f where f.registration_id = r.id)
      and coalesce((select max(p.succeeded_at) from payment p where p.registration_id = r.id), r.confirmed_at, r.created_at)
          + make_interval(years => ${years}) > ${now.toISOString()}::timestamptz`)
  return new Set(rows.map((r) => r.id))
}

/**
 * Opens an erasure (or access) request on behalf of the organiser. An erasure refuses while a
 * payment is open; otherwise its job is enqueued in the same transaction.
 */
export async function requestErasure(db: DbOrTx, input: { organisationId: string; email: string; actor: AuditActor; locale?: 'fr' | 'en'; verified?: boolean }) {
  const email = normaliseEmail(input.email)
  return (db as ReturnType<typeof getDb>).transaction(async (tx) => {
    const open = await openPaymentsOf(tx, input.organisationId, email)
    if (open.length > 0) throw new Refusal('privacyPaymentOpen', { details: { references: open } })
    const [request] = await tx
      .insert(privacyRequests)
      .values({
        organisationId: input.organisationId,
        kind: 'erasure',
        status: 'running',
        email,
        locale: input.locale ?? 'fr',
        requestedByUserId: input.actor.userId ?? null,
        verifiedAt: new Date(),
      })
      .returning()
    await recordAudit(tx, { actor: input.actor, action: 'privacy.erasure-requested', subjectType: 'privacy_request', subjectId: request.id, data: { fingerprint: emailFingerprint(email) } })
    await enqueue(tx, 'privacy.erase', { requestId: request.id })
    return request
  })
}

export type EraseOptions = { now?: Date; /** Test hook: throw after this many steps (simulates a crash). */ crashAfterSteps?: number }

/**
 * Runs (or resumes) an erasure: each step in its own transaction with the request row locked,
 * its name added to `stepsDone` in the same commit, so a crash resumes at the next step and a
 * finished request is a no-op. Every step is idempotent on its own as well.
 */
export async function runErasure(requestId: string, options: EraseOptions = {}) {
  const db = getDb()
  const now = options.now ?? new Date()
  let ran = 0
  for (const step of ERASURE_STEPS) {
    const outcome = await db.transaction(async (tx) => {
      const request = await lockRequest(tx, requestId)
      if (!request || request.kind !== 'erasure') return 'stop' as const
      if (request.status === 'completed' || request.status === 'refused' || request.status === 'cancelled') return 'stop' as const
      if (request.stepsDone.includes(step.name)) return 'skip' as const
      if (request.stepsDone.length === 0) {
        const open = await openPaymentsOf(tx, request.organisationId, request.email)
        if (open.length > 0) {
          await tx
            .update(privacyRequests)
            .set({ status: 'refused', refusalReason: `payment open: ${open.join(', ')}` })
            .where(eq(privacyRequests.id, requestId))
          return 'stop' as const
        }
      }
      const ctx: StepContext = {
        requestId,
        organisationId: request.organisationId,
        email: request.email,
        now,
        seed: request.id,
        heldRegistrations: await funderHeldRegistrations(tx, await registrationIdsOf(tx, request.organisationId, request.email), now),
      }
      const result: StepOutcome[] = await step.run(tx, ctx)
      const previous = (request.result ?? {}) as Record<string, unknown>
      await tx
        .update(privacyRequests)
        .set({ stepsDone: [...request.stepsDone, step.name], result: { ...previous, [step.name]: result } })
        .where(eq(privacyRequests.id, requestId))
      return 'done' as const
    })
    if (outcome === 'stop') return
    if (outcome === 'done') {
      ran += 1
      if (options.crashAfterSteps !== undefined && ran >= options.crashAfterSteps) throw new Error(`simulated crash after ${ran} steps`)
    }
  }
  await db.transaction(async (tx) => {
    const request = await lockRequest(tx, requestId)
    if (!request || request.status !== 'running') return
    await tx
      .update(privacyRequests)
      .set({ status: 'completed', completedAt: now, email: emailFingerprint(request.email), verifyTokenHash: null })
      .where(eq(privacyRequests.id, requestId))
    await recordAudit(tx, { actor: { label: 'system' }, action: 'privacy.erased', subjectType: 'privacy_request', subjectId: requestId, data: { steps: request.stepsDone } })
  })
}

async function lockRequest(tx: Transaction, requestId: string) {
  const [request] = await tx.select().from(privacyRequests).where(eq(privacyRequests.id, requestId)).for('update')
  return request
}

async function registrationIdsOf(tx: DbOrTx, organisationId: string, email: string) {
  const rows = await tx.execute<{ id: string }>(sql`
    select r.id from registration r join event e on e.id = r.event_id and e.organisation_id = ${organisationId}
    where lower(r.contact_email) = ${email}
    union
    select a.registration_id from attendee a join event e on e.id = a.event_id and e.organisation_id = ${organisationId}
    where lower(a.email) = ${email}`)
  return rows.map((r) => r.id)
}

export async function listRequests(db: DbOrTx, organisationId: string, limit = 50) {
  return db.select().from(privacyRequests).where(eq(privacyRequests.organisationId, organisationId)).orderBy(desc(privacyRequests.createdAt)).limit(limit)
}

export async function getRequest(db: DbOrTx, organisationId: string, id: string) {
  const [row] = await db.select().from(privacyRequests).where(and(eq(privacyRequests.organisationId, organisationId), eq(privacyRequests.id, id)))
  return row ?? null
}

