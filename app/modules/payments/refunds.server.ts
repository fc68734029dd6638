// Load the job queue (and its registry) before notify.server: notify → queue → registry → notify is a
// cycle that leaves `notificationJobs` undefined when notify.server is the first of them imported.
import { and, desc, eq, sql } from 'drizzle-orm'
import { getDb, type Transaction } from '#db/client'
import { payments, refunds, registrations, type RefundReason } from '#db/schema/index'
import { recordAudit, type AuditActor } from '~/modules/audit/audit.server'
import { notify } from '~/modules/notifications/notify.server'
import { findRegistrationInvoice, issueCreditNote } from '~/modules/invoices/invoices.server'
import { invoiceAttachment } from '~/modules/invoices/invoice-pdf.server'
import { logger } from '~/utils/logger.server'
import { getPaymentGateway } from './gateway.server'
import { busyIfLockConflict, lockRegistration, setLockTimeout } from '~/modules/locks/locks.server'
import { Refusal } from '~/utils/refusal'
import { cancelForRefund } from './registration-bridge.server'

type RefundRow = typeof refunds.$inferSelect
const CARD_PROVIDERS = ['stripe', 'test_checkout'] as const

/**
 * A refund is done: the registration's paid amount goes down, a credit note corrects the
 * invoice (when one was issued), the company is told. The caller holds the refund row lock.
 */
export async function completeRefund(tx: Transaction, refund: RefundRow, actor: AuditActor, stripeRefundId?: string | null) {
  if (refund.status === 'succeeded') return
  await tx
    .update(refunds)
    .set({ status: 'succeeded', stripeRefundId: stripeRefundId ?? refund.stripeRefundId })
    .where(eq(refunds.id, refund.id))
  await tx
    .update(registrations)
    .set({ paidMinor: sql`greatest(0, ${registrations.paidMinor} - ${refund.amountMinor})` })
    .where(eq(registrations.id, refund.registrationId))
  let creditNoteId: string | undefined
  const invoice = await findRegistrationInvoice(tx, refund.registrationId)
  if (invoice && refund.reason !== 'late_payment_no_seat') {
    const [credited] = await tx.execute<{ sum: number }>(
      sql`select coalesce(sum(-total_minor), 0)::int as sum from invoice where corrects_invoice_id = ${invoice.id}`,
    )
    const creditable = Math.min(refund.amountMinor, invoice.totalMinor - Number(credited.sum))
    if (creditable > 0) {
      const note = await issueCreditNote(tx, { invoiceId: invoice.id, amountMinor: creditable, reason: refund.note ?? refund.reason, actor })
      creditNoteId = note.id
    }
  }
  await recordAudit(tx, { actor, action: 'refund.succeeded', subjectType: 'refund', subjectId: refund.id, data: { amount: refund.amountMinor, creditNoteId } })
  await notify(tx, {
    kind: refund.reason === 'late_payment_no_seat' ? 'payment.late-refunded' : 'payment.refunded',
    registrationId: refund.registrationId,
    paymentId: refund.paymentId,
    refundId: refund.id,
    invoiceId: creditNoteId,
    data: { amountMinor: refund.amountMinor, ...(creditNoteId ? await invoiceAttachment(tx, creditNoteId) : {}) },
  })
}

/**
 * Sends a pending card refund to the processor (idempotency key = our refund id, so a retry
 * never refunds twice), then completes it. Used by the `payments.execute-refund` job and by
 * organiser refunds. Safe to run twice.
 */
export async function executeRefund(refundId: string, actor: AuditActor = { label: 'system:payments' }) {
  const db = getDb()
  const [row] = await db
    .select({ refund: refunds, payment: payments })
    .from(refunds)
    .innerJoin(payments, eq(payments.id, refunds.paymentId))
    .where(eq(refunds.id, refundId))
  if (!row || row.refund.status !== 'pending') return row?.refund.status ?? 'missing'
  let stripeRefundId: string | null = null
  let processorStatus: string | null = 'succeeded'
  if ((CARD_PROVIDERS as readonly string[]).includes(row.payment.provider)) {
    if (!row.payment.paymentIntentId) throw new Error(`payment ${row.payment.id} has no payment intent to refund`)
    const result = await getPaymentGateway().createRefund(
      {
        payment_intent: row.payment.paymentIntentId,
        amount: row.refund.amountMinor,
        reason: row.refund.reason === 'late_payment_no_seat' || row.refund.reason === 'other' ? undefined : 'requested_by_customer',
        metadata: { refund_id: row.refund.id, registration_id: row.refund.registrationId },
      },
      `refund:${row.refund.id}`,
    )
    stripeRefundId = result.id
    processorStatus = result.status
  }
  return db.transaction(async (tx) => {
    const [refund] = await tx.select().from(refunds).where(eq(refunds.id, refundId)).for('update')
    if (refund.status !== 'pending') return refund.status
    if (processorStatus === 'failed' || processorStatus === 'canceled') {
      await tx.update(refunds).set({ status: 'failed', stripeRefundId }).where(eq(refunds.id, refundId))
      await recordAudit(tx, { actor, action: 'refund.failed', subjectType: 'refund', subjectId: refundId })
      return 'failed'
    }
    if (processorStatus !== 'succeeded') {
      // Pending at the processor: `refund.updated` / `charge.refunded` completes it.
      await tx.update(refunds).set({ stripeRefundId }).where(eq(refunds.id, refundId))
      return 'pending'
    }
    await completeRefund(tx, refund, actor, stripeRefundId)
    return 'succeeded'
  })
}

/**
 * An organiser refunds a registration, fully or partly. Card payments are refunded through
 * the processor, others (bank transfer) recorded. With `cancel`, the registration and its
 * seats are cancelled in the same transaction. Returns the refund ids and their states.
 */
export async function refundRegistration(input: {
  registrationId: string
  amountMinor: number
  reason: RefundReason
  note?: string
  cancel?: boolean
  actor: AuditActor & { userId?: string }
}) {
  if (!Number.isInteger(input.amountMinor) || input.amountMinor <= 0) throw new Refusal('amountInvalid', { field: 'amount' })
  const db = getDb()
  // Cancel first (seats freed, waiting list served): a refund that then fails can be retried.
  if (input.cancel) await cancelForRefund(input.registrationId, input.actor, input.note ?? input.reason)
  let created: RefundRow[]
  try {
    created = await db.transaction(async (tx) => {
      await setLockTimeout(tx, '5s')
      const registration = await lockRegistration(tx, input.registrationId)
      if (!registration) throw new Refusal('registrationNotFound')
      const paid = await tx
        .select({
          payment: payments,
          refunded: sql<number>`coalesce((select sum(f.amount_minor) from refund f where f.payment_id = "payment"."id" and f.status <> 'failed'), 0)::int`,
        })
        .from(payments)
        .where(and(eq(payments.registrationId, registration.id), eq(payments.status, 'succeeded')))
        .orderBy(desc(payments.succeededAt))
      const refundable = paid.reduce((sum, p) => sum + p.payment.amountMinor - Number(p.refunded), 0)
      if (input.amountMinor > refundable) throw new Refusal('amountTooLarge', { field: 'amount' })
      let left = input.amountMinor
      const rows: RefundRow[] = []
      for (const p of paid) {
        const available = p.payment.amountMinor - Number(p.refunded)
        if (left <= 0 || available <= 0) continue
        const amount = Math.min(left, available)
        left -= amount
        const [refund] = await tx
          .insert(refunds)
          .values({
            paymentId: p.payment.id,
            registrationId: registration.id,
            amountMinor: amount,
            currency: p.payment.currency,
            reason: input.reason,
            note: input.note ?? null,
            status: 'pending',
            createdByUserId: input.actor.userId ?? null,
          })
          .returning()
        await recordAudit(tx, { actor: input.actor, action: 'refund.requested', subjectType: 'refund', subjectId: refund.id, data: { amount, reason: input.reason } })
        if (!(CARD_PROVIDERS as readonly string[]).includes(p.payment.provider)) await completeRefund(tx, refund, input.actor)
        rows.push(refund)
      }
      return rows
    })
  } catch (error) {
    busyIfLockConflict(error)
  }
  const results: { refundId: string; status: string }[] = []
  for (const refund of created) {
    const [current] = await db.select({ status: refunds.status }).from(refunds).where(eq(refunds.id, refund.id))
    if (current.status !== 'pending') {
      results.push({ refundId: refund.id, status: current.status })
      continue
    }
    try {
      results.push({ refundId: refund.id, status: await executeRefund(refund.id, input.actor) })
    } catch (error) {
      logger.error({ err: error, refundId: refund.id }, 'refund at the processor failed')
      await db.update(refunds).set({ status: 'failed' }).where(and(eq(refunds.id, refund.id), eq(refunds.status, 'pending')))
      results.push({ refundId: refund.id, status: 'failed' })
    }
  }
  return results
}

type StripeRefundLike = { id: string; status: string | null; amount: number; payment_intent: string | null; metadata: Record<string, string> | null }

/**
 * `refund.updated` / `charge.refunded`: completes or fails our refund (matched by our id in the
 * metadata, else by Stripe's id); a refund made in Stripe's dashboard is recorded as new.
 */
export async function applyStripeRefund(tx: Transaction, refund: StripeRefundLike, actor: AuditActor) {
  const ourId = refund.metadata?.refund_id
  const [known] = ourId
    ? await tx.select().from(refunds).where(eq(refunds.id, ourId)).for('update')
    : await tx.select().from(refunds).where(eq(refunds.stripeRefundId, refund.id)).for('update')
  if (known) {
    if (known.status !== 'pending') return
    if (refund.status === 'succeeded') await completeRefund(tx, known, actor, refund.id)
    else if (refund.status === 'failed' || refund.status === 'canceled')
      await tx.update(refunds).set({ status: 'failed', stripeRefundId: refund.id }).where(eq(refunds.id, known.id))
    return
  }
  if (refund.status !== 'succeeded' || !refund.payment_intent) return
  const [payment] = await tx.select().from(payments).where(eq(payments.paymentIntentId, refund.payment_intent))
  if (!payment) return
  await lockRegistration(tx, payment.registrationId)
  const [inserted] = await tx
    .insert(refunds)
    .values({
      paymentId: payment.id,
      registrationId: payment.registrationId,
      amountMinor: refund.amount,
      currency: payment.currency,
      reason: 'other',
      note: 'refunded at Stripe',
      status: 'pending',
      stripeRefundId: refund.id,
    })
    .onConflictDoNothing()
    .returning()
  if (inserted) await completeRefund(tx, inserted, actor, refund.id)
}

/** `charge.refunded` without the refund list: record what Stripe refunded beyond what we know. */
export async function applyChargeRefunded(
  tx: Transaction,
  charge: { id: string; payment_intent: string | null; amount_refunded: number; refunds?: { data: StripeRefundLike[] } | null },
  actor: AuditActor,
) {
  if (charge.refunds?.data?.length) {
    for (const refund of charge.refunds.data) await applyStripeRefund(tx, { ...refund, payment_intent: refund.payment_intent ?? charge.payment_intent }, actor)
    return
  }
  if (!charge.payment_intent) return
  const [payment] = await tx.select().from(payments).where(eq(payments.paymentIntentId, charge.payment_intent))
  if (!payment) return
  await lockRegistration(tx, payment.registrationId)
  const [known] = await tx.execute<{ sum: number }>(
    sql`select coalesce(sum(amount_minor), 0)::int as sum from refund where payment_id = ${payment.id} and status in ('succeeded', 'pending')`,
  )
  const missing = charge.amount_refunded - Number(known.sum)
  if (missing <= 0) return
  const [inserted] = await tx
    .insert(refunds)
    .values({ paymentId: payment.id, registrationId: payment.registrationId, amountMinor: missing, currency: payment.currency, reason: 'other', note: `refunded at Stripe (${charge.id})`, status: 'pending' })
    .returning()
  await completeRefund(tx, inserted, actor)
}

export async function listRefunds(registrationId: string) {
  return getDb().select().from(refunds).where(eq(refunds.registrationId, registrationId)).orderBy(desc(refunds.createdAt))
}

