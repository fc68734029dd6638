// Load the job queue (and its registry) before notify.server: notify → queue → registry → notify is a
// cycle that leaves `notificationJobs` undefined when notify.server is the first of them imported.
import { and, desc, eq } from 'drizzle-orm'
import { getDb } from '#db/client'
import { invoices, payments, refunds } from '#db/schema/index'
import { resolveManagementToken } from '~/modules/registration/management-link.server'
import { findRegistrationInvoice } from '~/modules/invoices/invoices.server'
import { formatMoney } from '~/utils/money'
import { describeInstant } from '~/utils/time'
import { localized, type Locale } from '~/locales'
import { notFound } from '~/utils/http.server'
import { applyCheckoutSession, SYSTEM_ACTOR } from './checkout.server'
import { transitionOf } from './checkout-params'
import { cardPaymentsAvailable, getPaymentGateway } from './gateway.server'
import { loadRegistrationForPayment } from '~/modules/invoices/registration-data.server'
import { registrationLines } from '~/modules/invoices/registration-lines'

/** The registration a management token opens; 404 otherwise (same answer for wrong and expired). */
export async function requireRegistrationFromToken(token: string | undefined | null): Promise<string> {
  if (!token) notFound()
  const registrationId = await resolveManagementToken(getDb(), token)
  if (!registrationId) notFound()
  return registrationId
}

/** Everything the pay page shows, formatted for the reader. */
export async function payPageView(registrationId: string, locale: Locale) {
  const db = getDb()
  const data = await loadRegistrationForPayment(db, registrationId)
  if (!data) notFound()
  const { registration, event, organisation } = data
  const lines = registrationLines({ seats: data.seats, registration, locale, codeLabel: data.code?.code ?? null, funderName: data.funderName })
  const money = (minor: number) => formatMoney(minor, registration.currency, locale)
  const invoice = await findRegistrationInvoice(db, registrationId)
  const holdValid = registration.status === 'awaiting_payment' && (!registration.holdExpiresAt || registration.holdExpiresAt > new Date())
  return {
    reference: registration.reference,
    eventTitle: localized(event.title, locale),
    status: registration.status,
    paymentMethod: registration.paymentMethod,
    lines: lines.invoiceLines.map((l) => ({ description: l.description, quantity: l.quantity, amount: money(l.quantity * l.unitPriceMinor) })),
    total: money(registration.totalMinor),
    totalMinor: registration.totalMinor,
    paid: money(registration.paidMinor),
    paidMinor: registration.paidMinor,
    due: money(Math.max(0, registration.totalMinor - registration.paidMinor)),
    holdUntil: registration.holdExpiresAt ? describeInstant(registration.holdExpiresAt, event.timezone, locale) : null,
    holdValid,
    canPay: registration.status === 'awaiting_payment' && registration.totalMinor - registration.paidMinor > 0,
    offersCard: event.paymentMethods.includes('card') && cardPaymentsAvailable(),
    offersInvoice: event.paymentMethods.includes('invoice'),
    invoiceConfirmsImmediately: event.invoiceConfirmsImmediately,
    invoice: invoice
      ? {
          id: invoice.id,
          number: invoice.number,
          total: formatMoney(invoice.totalMinor, invoice.currency, locale),
          due: invoice.dueAt ? describeInstant(invoice.dueAt, organisation.timezone, locale).split(' · ')[0] : null,
          bank: invoice.seller.bank ?? null,
        }
      : null,
  }
}

/**
 * The return from Checkout. If the webhook has not arrived yet, the session is asked for
 * directly and the same transition applied (Stripe recommends not waiting on the webhook).
 */
export async function paymentReturnView(registrationId: string, sessionId: string | null) {
  const db = getDb()
  if (sessionId) {
    const [payment] = await db
      .select()
      .from(payments)
      .where(and(eq(payments.checkoutSessionId, sessionId), eq(payments.registrationId, registrationId)))
    if (payment && (payment.status === 'created' || payment.status === 'pending')) {
      try {
        const session = await getPaymentGateway().retrieveCheckoutSession(sessionId)
        const transition = transitionOf('return', session)
        if (transition === 'paid') await db.transaction((tx) => applyCheckoutSession(tx, session, transition, SYSTEM_ACTOR))
      } catch {
        // The webhook or the reconciliation job will apply it.
      }
    }
  }
  const [latest] = await db.select().from(payments).where(eq(payments.registrationId, registrationId)).orderBy(desc(payments.createdAt)).limit(1)
  const [lateRefund] = await db
    .select({ id: refunds.id })
    .from(refunds)
    .where(and(eq(refunds.registrationId, registrationId), eq(refunds.reason, 'late_payment_no_seat')))
  const [invoice] = await db
    .select({ id: invoices.id, number: invoices.number })
    .from(invoices)
    .where(and(eq(invoices.registrationId, registrationId), eq(invoices.kind, 'invoice')))
  return { paymentStatus: latest?.status ?? null, refunded: Boolean(lateRefund), invoice: invoice ?? null }
}
