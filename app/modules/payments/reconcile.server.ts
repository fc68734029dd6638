// Load the job queue (and its registry) before notify.server: notify → queue → registry → notify is a
// cycle that leaves `notificationJobs` undefined when notify.server is the first of them imported.
import { sql } from 'drizzle-orm'
import { DateTime } from 'luxon'
import { getDb } from '#db/client'
import { notify } from '~/modules/notifications/notify.server'
import { logger } from '~/utils/logger.server'
import { applyCheckoutSession, SYSTEM_ACTOR, transitionOf } from './checkout.server'
import { getPaymentGateway } from './gateway.server'

/** A session younger than this is left to its webhook. */
export const RECONCILE_AFTER_MINUTES = 5

/**
 * Open card payments older than a few minutes are checked at the processor (Stripe, or the
 * test checkout's store) and the same transition as the webhook is applied. A missed or failed
 * webhook thus never leaves a company stuck "awaiting payment".
 */
export async function reconcileOpenCheckouts(options: { olderThanMinutes?: number; limit?: number } = {}) {
  const db = getDb()
  const gateway = getPaymentGateway()
  const stale = await db.execute<{ id: string; checkout_session_id: string }>(sql`
    select p.id, p.checkout_session_id from payment p
    join registration r on r.id = p.registration_id
    where p.status in ('created', 'pending') and p.checkout_session_id is not null
      and p.provider = ${gateway.provider}
      and p.created_at < now() - make_interval(mins => ${options.olderThanMinutes ?? RECONCILE_AFTER_MINUTES})
      and r.status in ('awaiting_payment', 'expired', 'confirmed')
    order by p.created_at limit ${options.limit ?? 200}`)
  const results: { paymentId: string; outcome: string }[] = []
  for (const row of stale) {
    try {
      const session = await gateway.retrieveCheckoutSession(row.checkout_session_id)
      const transition = transitionOf('reconcile', session)
      if (!transition) {
        results.push({ paymentId: row.id, outcome: 'open' })
        continue
      }
      const applied = await db.transaction((tx) => applyCheckoutSession(tx, session, transition, SYSTEM_ACTOR))
      results.push({ paymentId: row.id, outcome: applied.outcome })
    } catch (error) {
      logger.warn({ err: error, paymentId: row.id }, 'reconciliation of a checkout failed; next run retries')
      results.push({ paymentId: row.id, outcome: 'error' })
    }
  }
  return results
}

/**
 * Invoices left unpaid past their due date: a reminder on the first day overdue, then every
 * `everyDays` days. The reminder's version (its number) lets the mail module send each once.
 */
export async function sendInvoiceReminders(options: { now?: Date; everyDays?: number } = {}) {
  const now = options.now ?? new Date()
  const every = options.everyDays ?? 7
  const db = getDb()
  return db.transaction(async (tx) => {
    const overdue = await tx.execute<{ invoice_id: string; registration_id: string; due_at: Date }>(sql`
      select i.id as invoice_id, i.registration_id, i.due_at
      from invoice i join registration r on r.id = i.registration_id
      where i.kind = 'invoice' and i.funder_partner_id is null and i.due_at is not null
        and i.due_at < ${now.toISOString()}::timestamptz
        and r.payment_method = 'invoice'
        and r.paid_minor + coalesce((select sum(-c.total_minor) from invoice c where c.corrects_invoice_id = i.id and c.kind = 'credit_note'), 0) < r.total_minor
        and r.status in ('confirmed', 'awaiting_payment')`)
    let sent = 0
    for (const row of overdue) {
      const daysOverdue = Math.floor(DateTime.fromJSDate(now).diff(DateTime.fromJSDate(new Date(row.due_at)), 'days').days)
      if (daysOverdue % every !== 0) continue
      await notify(tx, {
        kind: 'invoice.reminder',
        registrationId: row.registration_id,
        invoiceId: row.invoice_id,
        version: Math.floor(daysOverdue / every) + 1,
      })
      sent += 1
    }
    return { overdue: overdue.length, sent }
  })
}
