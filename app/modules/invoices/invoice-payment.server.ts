import { and, eq, isNull } from 'drizzle-orm'
import type { Transaction } from '#db/client'
import { holds, registrations } from '#db/schema/index'
import { recordAudit, type AuditActor } from '~/modules/audit/audit.server'
import { lockRegistration } from '~/modules/locks/locks.server'
import { Refusal } from '~/utils/refusal'
import { issueRegistrationInvoice } from './invoices.server'

/** Keeps the seats of an invoice-paid registration held until the invoice is due. */
export async function extendHold(tx: Transaction, registrationId: string, until: Date, actor: AuditActor) {
  await tx.update(registrations).set({ holdExpiresAt: until }).where(eq(registrations.id, registrationId))
  await tx.update(holds).set({ expiresAt: until }).where(and(eq(holds.registrationId, registrationId), isNull(holds.releasedAt)))
  await recordAudit(tx, { actor, action: 'registration.hold-extended', subjectType: 'registration', subjectId: registrationId, data: { until } })
}

/**
 * Invoice / bank transfer, inside the caller's transaction: the invoice with the organisation's
 * bank details is issued; a registration still held (the event does not confirm on invoice) keeps
 * its seats until the invoice is due. Idempotent. Registration calls it when a registration is made
 * or approved with `paymentMethod = 'invoice'`, payments when the company chooses it later: it
 * lives with invoices, below both, so that registration never imports payments.
 */
export async function openInvoicePayment(tx: Transaction, registrationId: string, actor: AuditActor) {
  const registration = await lockRegistration(tx, registrationId)
  if (!registration) throw new Refusal('registrationNotFound')
  const invoice = await issueRegistrationInvoice(tx, registrationId, { forBankTransfer: true, actor })
  if (registration.status === 'awaiting_payment' && invoice.dueAt) await extendHold(tx, registrationId, invoice.dueAt, actor)
  return invoice
}

