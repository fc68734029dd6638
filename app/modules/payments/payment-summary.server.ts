import { asc, eq } from 'drizzle-orm'
import type { DbOrTx } from '#db/client'
import { invoices, payments, refunds, registrations } from '#db/schema/index'

/**
 * The money side of one registration for the back office: attempts and payments, refunds,
 * invoices and credit notes, what is still due and what can still be refunded.
 */
export async function getRegistrationPayments(db: DbOrTx, registrationId: string) {
  const [registration] = await db
    .select({ totalMinor: registrations.totalMinor, paidMinor: registrations.paidMinor, currency: registrations.currency, paymentMethod: registrations.paymentMethod })
    .from(registrations)
    .where(eq(registrations.id, registrationId))
  if (!registration) return null
  const [paymentRows, refundRows, documentRows] = await Promise.all([
    db.select().from(payments).where(eq(payments.registrationId, registrationId)).orderBy(asc(payments.createdAt)),
    db.select().from(refunds).where(eq(refunds.registrationId, registrationId)).orderBy(asc(refunds.createdAt)),
    db
      .select({ id: invoices.id, kind: invoices.kind, number: invoices.number, issuedAt: invoices.issuedAt, dueAt: invoices.dueAt, totalMinor: invoices.totalMinor, currency: invoices.currency })
      .from(invoices)
      .where(eq(invoices.registrationId, registrationId))
      .orderBy(asc(invoices.sequence)),
  ])
  const received = paymentRows.filter((p) => p.status === 'succeeded').reduce((s, p) => s + p.amountMinor, 0)
  const refundedOrPending = refundRows.filter((r) => r.status !== 'failed').reduce((s, r) => s + r.amountMinor, 0)
  // A refund lowers what was received; its credit note lowers what is owed.
  const creditedMinor = documentRows.filter((d) => d.kind === 'credit_note').reduce((s, d) => s - d.totalMinor, 0)
  return {
    ...registration,
    creditedMinor,
    dueMinor: Math.max(0, registration.totalMinor - creditedMinor - registration.paidMinor),
    refundableMinor: Math.max(0, received - refundedOrPending),
    payments: paymentRows.map((p) => ({
      id: p.id,
      provider: p.provider,
      status: p.status,
      amountMinor: p.amountMinor,
      currency: p.currency,
      createdAt: p.createdAt,
      succeededAt: p.succeededAt,
      checkoutSessionId: p.checkoutSessionId,
      paymentIntentId: p.paymentIntentId,
      failureReason: p.failureReason,
    })),
    refunds: refundRows.map((r) => ({ id: r.id, status: r.status, amountMinor: r.amountMinor, reason: r.reason, note: r.note, createdAt: r.createdAt, stripeRefundId: r.stripeRefundId })),
    documents: documentRows,
  }
}
