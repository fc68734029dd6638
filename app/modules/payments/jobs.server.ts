import type { JobHandlers } from '~/jobs/contracts'
import { reconcileOpenCheckouts, sendInvoiceReminders } from './reconcile.server'
import { executeRefund } from './refunds.server'

/** Background jobs of the payments area (owned by that area). */
export const paymentJobHandlers: JobHandlers<'payments.reconcile' | 'payments.invoice-reminders' | 'payments.execute-refund'> = {
  'payments.reconcile': { handler: () => reconcileOpenCheckouts() },
  'payments.invoice-reminders': { handler: () => sendInvoiceReminders() },
  'payments.execute-refund': { handler: ({ refundId }) => executeRefund(refundId) },
}
