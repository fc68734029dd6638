/**
 * The registration state changes a payment step needs, delegated to the registration service
 * (it owns seats and statuses).
 */
import type { Transaction } from '#db/client'
import type { AuditActor } from '~/modules/audit/audit.server'
import { confirmRegistration } from '~/modules/registration/decisions.server'
import { cancelRegistration } from '~/modules/registration/lifecycle.server'

export type ConfirmOutcome = 'confirmed' | 'already_confirmed' | 'no_seat' | 'not_payable'

/**
 * Confirms a registration whose payment just succeeded, in the payment's transaction. Within its
 * hold the seats are its own; after it, the registration service re-checks them under the pools' locks.
 */
export async function confirmAfterPayment(tx: Transaction, registrationId: string, actor: AuditActor): Promise<ConfirmOutcome> {
  const result = await confirmRegistration(tx, registrationId, actor)
  return result.outcome === 'not_confirmable' ? 'not_payable' : result.outcome
}

/** Cancels a registration and its seats (its own transaction, in the registration service). */
export async function cancelForRefund(registrationId: string, actor: AuditActor, reason: string | null) {
  return cancelRegistration(registrationId, actor, reason)
}
