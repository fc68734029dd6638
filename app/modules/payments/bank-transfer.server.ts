// Load the job queue (and its registry) before notify.server: notify → queue → registry → notify is a
// cycle that leaves `notificationJobs` undefined when notify.server is the first of them imported.
import { eq, sql } from 'drizzle-orm'
import { getDb } from '#db/client'
import { events, invoices, payments, registrations } from '#db/schema/index'
import { recordAudit, type AuditActor } from '~/modules/audit/audit.server'
import { notify } from '~/modules/notifications/notify.server'
import { findRegistrationInvoice, issueRegistrationInvoice } from '~/modules/invoices/invoices.server'
import { invoiceAttachment } from '~/modules/invoices/invoice-pdf.server'
import { busyIfLockConflict, lockRegistration, setLockTimeout } from '~/modules/locks/locks.server'
import { Refusal } from '~/utils/refusal'
import { confirmAfterPayment } from './registration-bridge.server'
import { openInvoicePayment } from '~/modules/invoices/invoice-payment.server'

async function withBusy<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work()
  } catch (error) {
    return busyIfLockConflict(error)
  }
}

/**
 * The company chooses invoice / bank transfer on the pay page (its registration held for a
 * card payment). Per the event's setting the registration is confirmed at once (seats
 * re-checked by the registration service if the hold ran out) or stays held until the
 * invoice is due. Choosing again returns the same invoice.
 */
export async function chooseInvoicePayment(registrationId: string, actor: AuditActor) {
  return withBusy(() =>
    getDb().transaction(async (tx) => {
      await setLockTimeout(tx, '5s')
      const [row] = await tx
        .select({ registration: registrations, event: events })
        .from(registrations)
        .innerJoin(events, eq(events.id, registrations.eventId))
        .where(eq(registrations.id, registrationId))
        .for('update', { of: registrations })
      if (!row) throw new Refusal('registrationNotFound')
      const { registration, event } = row
      const existing = await findRegistrationInvoice(tx, registrationId)
      if (existing && registration.paymentMethod === 'invoice') return { invoice: existing, status: registration.status }
      if (registration.status !== 'awaiting_payment') throw new Refusal('notPayable')
      if (registration.totalMinor <= 0) throw new Refusal('nothingToPay')
      if (!event.paymentMethods.includes('invoice')) throw new Refusal('methodNotOffered')
      await tx.update(registrations).set({ paymentMethod: 'invoice' }).where(eq(registrations.id, registrationId))
      if (event.invoiceConfirmsImmediately) {
        const outcome = await confirmAfterPayment(tx, registrationId, actor)
        if (outcome === 'no_seat' || outcome === 'not_payable') throw new Refusal('noSeatLeft')
      }
      const invoice = await openInvoicePayment(tx, registrationId, actor)
      await recordAudit(tx, { actor, action: 'payment.invoice-chosen', subjectType: 'registration', subjectId: registrationId, data: { invoiceId: invoice.id } })
      const [after] = await tx.select({ status: registrations.status }).from(registrations).where(eq(registrations.id, registrationId))
      return { invoice, status: after.status }
    }),
  )
}

/**
 * The back office records a bank transfer received (full or partial) against an invoice or a
 * registration. When the registration is then fully paid and still held, it is confirmed; the
 * company gets a receipt either way.
 */
export async function recordBankPayment(
  target: { invoiceId: string } | { registrationId: string },
  amountMinor: number,
  actor: AuditActor & { userId?: string },
) {
  if (!Number.isInteger(amountMinor) || amountMinor <= 0) throw new Refusal('amountInvalid', { field: 'amount' })
  return withBusy(() =>
    getDb().transaction(async (tx) => {
      await setLockTimeout(tx, '5s')
      let registrationId: string
      if ('invoiceId' in target) {
        const [invoice] = await tx.select({ registrationId: invoices.registrationId }).from(invoices).where(eq(invoices.id, target.invoiceId))
        if (!invoice?.registrationId) throw new Refusal('registrationNotFound')
        registrationId = invoice.registrationId
      } else registrationId = target.registrationId
      const registration = await lockRegistration(tx, registrationId)
      if (!registration) throw new Refusal('registrationNotFound')
      const [credited] = await tx.execute<{ sum: number }>(
        sql`select coalesce(sum(-total_minor), 0)::int as sum from invoice where registration_id = ${registrationId} and kind = 'credit_note'`,
      )
      const due = registration.totalMinor - Number(credited.sum) - registration.paidMinor
      if (due <= 0) throw new Refusal('nothingToPay')
      if (amountMinor > due) throw new Refusal('amountTooLarge', { field: 'amount' })
      const now = new Date()
      const [payment] = await tx
        .insert(payments)
        .values({
          registrationId,
          provider: 'bank_transfer',
          status: 'succeeded',
          amountMinor,
          currency: registration.currency,
          succeededAt: now,
          recordedByUserId: actor.userId ?? null,
        })
        .returning()
      const [after] = await tx
        .update(registrations)
        .set({ paidMinor: sql`${registrations.paidMinor} + ${amountMinor}` })
        .where(eq(registrations.id, registrationId))
        .returning({ paidMinor: registrations.paidMinor, totalMinor: registrations.totalMinor, status: registrations.status })
      await recordAudit(tx, { actor, action: 'payment.bank-recorded', subjectType: 'payment', subjectId: payment.id, data: { amountMinor, registrationId } })
      const fullyPaid = amountMinor >= due
      let outcome: string = after.status
      if (fullyPaid && after.status === 'awaiting_payment') outcome = await confirmAfterPayment(tx, registrationId, actor)
      const invoice = (await findRegistrationInvoice(tx, registrationId)) ?? (await issueRegistrationInvoice(tx, registrationId, { forBankTransfer: true, actor }))
      await notify(tx, {
        kind: 'payment.receipt',
        registrationId,
        paymentId: payment.id,
        invoiceId: invoice.id,
        data: { amountMinor, ...(await invoiceAttachment(tx, invoice.id)) },
      })
      return { paymentId: payment.id, paidMinor: after.paidMinor, dueMinor: Math.max(0, due - amountMinor), fullyPaid, outcome }
    }),
  )
}
