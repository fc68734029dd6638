// Load the job queue (and its registry) before notify.server: notify → queue → registry → notify is a
// cycle that leaves `notificationJobs` undefined when notify.server is the first of them imported.
import { and, asc, count, eq, gt, inArray, sql } from 'drizzle-orm'
import { getDb, type Transaction } from '#db/client'
import { payments, refunds, registrations } from '#db/schema/index'
import { recordAudit, type AuditActor } from '~/modules/audit/audit.server'
import { notify } from '~/modules/notifications/notify.server'
import { enqueue } from '~/jobs/queue.server'
import { issueRegistrationInvoice } from '~/modules/invoices/invoices.server'
import { invoiceAttachment } from '~/modules/invoices/invoice-pdf.server'
import { getEnv } from '~/utils/env.server'
import { logger } from '~/utils/logger.server'
import type { Locale } from '~/locales'
import { cardPaymentsAvailable, getPaymentGateway, type CheckoutSessionView } from './gateway.server'
import { lockRegistration, setLockTimeout } from '~/modules/locks/locks.server'
import { Refusal } from '~/utils/refusal'
import { loadRegistrationForPayment } from '~/modules/invoices/registration-data.server'
import { registrationLines } from '~/modules/invoices/registration-lines'
import { confirmAfterPayment } from './registration-bridge.server'
import { buildCheckoutParams, type CheckoutTransition } from './checkout-params'

export { buildCheckoutParams, checkoutExpiry, transitionOf, STRIPE_MIN_SESSION_SECONDS, type CheckoutTransition } from './checkout-params'

export const SYSTEM_ACTOR: AuditActor = { label: 'system:payments' }
export const STRIPE_ACTOR: AuditActor = { label: 'stripe' }

/**
 * Starts (or resumes) a card payment for a held registration: one `payment` row per attempt,
 * a Checkout Session created with an idempotency key of the registration and attempt number.
 * Returns the URL to send the company to (Stripe's hosted page or the test checkout).
 */
export async function startCardPayment(input: { registrationId: string; locale: Locale; returnToken: string }) {
  if (!cardPaymentsAvailable()) throw new Refusal('cardUnavailable')
  const db = getDb()
  const gateway = getPaymentGateway()
  const prepared = await db.transaction(async (tx) => {
    await setLockTimeout(tx, '5s')
    const locked = await lockRegistration(tx, input.registrationId)
    if (!locked) throw new Refusal('registrationNotFound')
    const data = await loadRegistrationForPayment(tx, input.registrationId)
    if (!data) throw new Refusal('registrationNotFound')
    const { registration, event } = data
    if (registration.status !== 'awaiting_payment') throw new Refusal('notPayable')
    if (registration.totalMinor - registration.paidMinor <= 0) throw new Refusal('nothingToPay')
    if (!event.paymentMethods.includes('card')) throw new Refusal('methodNotOffered')
    const [open] = await tx
      .select()
      .from(payments)
      .where(
        and(
          eq(payments.registrationId, registration.id),
          inArray(payments.status, ['created', 'pending']),
          eq(payments.provider, gateway.provider),
          gt(payments.expiresAt, new Date(Date.now() + 5 * 60_000)),
        ),
      )
      .orderBy(asc(payments.createdAt))
    if (open?.checkoutUrl && open.status === 'created' && open.amountMinor === registration.totalMinor - registration.paidMinor)
      return { resume: open.checkoutUrl }
    const lines = registrationLines({ seats: data.seats, registration, locale: input.locale, codeLabel: null, funderName: null })
    const [{ attempts }] = await tx.select({ attempts: count() }).from(payments).where(eq(payments.registrationId, registration.id))
    const params = buildCheckoutParams({
      registration,
      lines: lines.checkoutLines,
      locale: input.locale,
      eventTitle: event.title[input.locale] || event.title.fr,
      returnToken: input.returnToken,
      publicUrl: getEnv().PUBLIC_URL,
    })
    const idempotencyKey = `checkout:${registration.id}:${Number(attempts) + 1}`
    const [payment] = await tx
      .insert(payments)
      .values({
        registrationId: registration.id,
        provider: gateway.provider,
        status: 'created',
        amountMinor: lines.totalMinor,
        currency: registration.currency,
        idempotencyKey,
        expiresAt: new Date(params.expires_at! * 1000),
      })
      .returning()
    if (registration.paymentMethod !== 'card')
      await tx.update(registrations).set({ paymentMethod: 'card' }).where(eq(registrations.id, registration.id))
    return { payment, params, idempotencyKey }
  })
  if ('resume' in prepared) return { url: prepared.resume as string, sessionId: undefined, paymentId: undefined }

  let session: CheckoutSessionView
  try {
    session = await gateway.createCheckoutSession(prepared.params, prepared.idempotencyKey)
  } catch (error) {
    logger.error({ err: error, paymentId: prepared.payment.id }, 'checkout session creation failed')
    await db
      .update(payments)
      .set({ status: 'failed', failureReason: error instanceof Error ? error.message.slice(0, 500) : 'gateway error' })
      .where(eq(payments.id, prepared.payment.id))
    throw new Refusal('gatewayFailed')
  }
  await db
    .update(payments)
    .set({ checkoutSessionId: session.id, checkoutUrl: session.url, expiresAt: new Date(session.expires_at * 1000) })
    .where(eq(payments.id, prepared.payment.id))
  return { url: session.url!, sessionId: session.id, paymentId: prepared.payment.id }
}

export type ApplyResult =
  | { outcome: 'unknown_session' | 'unchanged' | 'processing' | 'failed' | 'expired' }
  | { outcome: 'confirmed'; invoiceId: string }
  | { outcome: 'refunding'; refundId: string }

/**
 * Applies what a Checkout Session says to our rows, in the caller's transaction. Safe to run
 * any number of times, in any order: each step only moves a payment forward (created → pending
 * → succeeded | failed | expired), and a succeeded payment never moves again.
 */
export async function applyCheckoutSession(
  tx: Transaction,
  session: CheckoutSessionView,
  transition: CheckoutTransition,
  actor: AuditActor = STRIPE_ACTOR,
): Promise<ApplyResult> {
  await setLockTimeout(tx, '10s')
  const [found] = await tx.select({ id: payments.id, registrationId: payments.registrationId }).from(payments).where(eq(payments.checkoutSessionId, session.id))
  if (!found) {
    logger.warn({ sessionId: session.id }, 'checkout session without a payment row: ignored')
    return { outcome: 'unknown_session' }
  }
  // Lock order everywhere in payments: registration, then its payments.
  await lockRegistration(tx, found.registrationId)
  const [payment] = await tx.select().from(payments).where(eq(payments.id, found.id)).for('update')
  if (payment.status === 'succeeded') return { outcome: 'unchanged' }

  if (transition === 'processing') {
    if (payment.status !== 'created') return { outcome: 'unchanged' }
    await tx.update(payments).set({ status: 'pending', paymentIntentId: session.payment_intent }).where(eq(payments.id, payment.id))
    return { outcome: 'processing' }
  }
  if (transition === 'failed' || transition === 'expired') {
    if (payment.status !== 'created' && payment.status !== 'pending') return { outcome: 'unchanged' }
    // An expiry never overrides an asynchronous payment still being processed.
    if (transition === 'expired' && payment.status === 'pending') return { outcome: 'unchanged' }
    await tx
      .update(payments)
      .set({ status: transition, failureReason: transition === 'failed' ? 'async_payment_failed' : null })
      .where(eq(payments.id, payment.id))
    await recordAudit(tx, { actor, action: `payment.${transition}`, subjectType: 'payment', subjectId: payment.id })
    return { outcome: transition }
  }

  // Paid. Recorded whatever happens next: the money has moved.
  const now = new Date()
  const amount = session.amount_total ?? payment.amountMinor
  await tx
    .update(payments)
    .set({ status: 'succeeded', succeededAt: now, paymentIntentId: session.payment_intent, amountMinor: amount, failureReason: null })
    .where(eq(payments.id, payment.id))
  const [before] = await tx
    .update(registrations)
    .set({ paidMinor: sql`${registrations.paidMinor} + ${amount}` })
    .where(eq(registrations.id, payment.registrationId))
    .returning({ paidMinor: registrations.paidMinor, totalMinor: registrations.totalMinor })
  await recordAudit(tx, { actor, action: 'payment.succeeded', subjectType: 'payment', subjectId: payment.id, data: { amount, sessionId: session.id } })

  const outcome = await confirmAfterPayment(tx, payment.registrationId, actor)
  const alreadyPaid = before.paidMinor - amount >= before.totalMinor
  if (outcome === 'confirmed' || (outcome === 'already_confirmed' && !alreadyPaid)) {
    const invoice = await issueRegistrationInvoice(tx, payment.registrationId, { forBankTransfer: false, actor })
    await notify(tx, {
      kind: 'payment.receipt',
      registrationId: payment.registrationId,
      paymentId: payment.id,
      invoiceId: invoice.id,
      data: { amountMinor: amount, ...(await invoiceAttachment(tx, invoice.id)) },
    })
    return { outcome: 'confirmed', invoiceId: invoice.id }
  }
  // No seat any more (late payment), a registration no longer payable, or a second payment of
  // an already paid registration: the money goes back, through a job that calls the processor.
  const reason = outcome === 'no_seat' ? 'late_payment_no_seat' : 'other'
  const [refund] = await tx
    .insert(refunds)
    .values({
      paymentId: payment.id,
      registrationId: payment.registrationId,
      amountMinor: amount,
      currency: payment.currency,
      reason,
      note: outcome === 'no_seat' ? 'hold expired and no seat left' : `payment not applicable (${outcome})`,
      status: 'pending',
    })
    .returning()
  await enqueue(tx, 'payments.execute-refund', { refundId: refund.id })
  await recordAudit(tx, { actor, action: 'refund.requested', subjectType: 'refund', subjectId: refund.id, data: { reason, amount } })
  return { outcome: 'refunding', refundId: refund.id }
}
