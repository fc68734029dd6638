import { z } from 'zod'
import { defineJob, type JobDefinition } from '~/jobs/types'
import { reconcileOpenCheckouts, sendInvoiceReminders } from './reconcile.server'
import { executeRefund } from './refunds.server'

/** Background jobs of the payments area (owned by that area). */
export const paymentsJobs: JobDefinition[] = [
  defineJob({
    name: 'payments.reconcile',
    schema: z.object({}).passthrough(),
    cron: '*/5 * * * *',
    queue: { retryLimit: 0, policy: 'singleton' },
    handler: () => reconcileOpenCheckouts(),
  }),
  defineJob({
    name: 'payments.invoice-reminders',
    schema: z.object({}).passthrough(),
    cron: '0 13 * * *',
    queue: { retryLimit: 2, policy: 'singleton' },
    handler: () => sendInvoiceReminders(),
  }),
  defineJob({
    name: 'payments.execute-refund',
    schema: z.object({ refundId: z.string().uuid() }),
    queue: { retryLimit: 10, retryDelay: 30, retryBackoff: true },
    handler: ({ refundId }) => executeRefund(refundId),
  }),
]
