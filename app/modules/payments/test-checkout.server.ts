// Load the job queue (and its registry) before notify.server: notify → queue → registry → notify is a
// cycle that leaves `notificationJobs` undefined when notify.server is the first of them imported.
import crypto from 'node:crypto'
import { and, eq, sql } from 'drizzle-orm'
import type Stripe from 'stripe'
import { getDb } from '#db/client'
import { testCheckoutSessions } from '#db/schema/index'
import { getEnv, testCheckoutEnabled } from '~/utils/env.server'
import { getWebhookSecret, stripeWebhooks } from './gateway.server'
import { handleStripeWebhook } from './webhook.server'

export function assertTestCheckoutEnabled() {
  if (!testCheckoutEnabled(getEnv())) throw new Response('Not Found', { status: 404 })
}

export async function getTestCheckoutSession(id: string) {
  const [row] = await getDb().select().from(testCheckoutSessions).where(eq(testCheckoutSessions.id, id))
  if (!row) return null
  const params = row.params as unknown as Stripe.Checkout.SessionCreateParams
  return {
    id: row.id,
    status: row.status !== 'open' ? row.status : row.expiresAt <= new Date() ? ('expired' as const) : ('open' as const),
    amountTotal: row.amountTotal,
    currency: row.currency.toUpperCase() as 'EUR' | 'USD',
    expiresAt: row.expiresAt,
    customerEmail: params.customer_email ?? '',
    lines: (params.line_items ?? []).map((l) => ({
      name: l.price_data?.product_data?.name ?? '',
      quantity: l.quantity ?? 1,
      unitAmountMinor: l.price_data?.unit_amount ?? 0,
    })),
    successUrl: params.success_url?.replace('{CHECKOUT_SESSION_ID}', row.id) ?? '/',
    cancelUrl: params.cancel_url ?? '/',
  }
}

/** A Checkout Session object as Stripe would put it in an event. */
function stripeShapedSession(row: typeof testCheckoutSessions.$inferSelect): Record<string, unknown> {
  const params = row.params as unknown as Stripe.Checkout.SessionCreateParams
  return {
    id: row.id,
    object: 'checkout.session',
    mode: 'payment',
    livemode: false,
    status: row.status,
    payment_status: row.paymentStatus,
    payment_intent: row.status === 'complete' ? row.paymentIntentId : null,
    amount_subtotal: row.amountTotal,
    amount_total: row.amountTotal,
    currency: row.currency,
    customer_email: params.customer_email ?? null,
    customer_details: { email: params.customer_email ?? null },
    client_reference_id: params.client_reference_id ?? null,
    metadata: params.metadata ?? {},
    locale: params.locale ?? null,
    expires_at: Math.floor(row.expiresAt.getTime() / 1000),
    created: Math.floor(row.createdAt.getTime() / 1000),
    success_url: params.success_url ?? null,
    cancel_url: params.cancel_url ?? null,
    url: null,
  }
}

/**
 * Posts a Stripe-shaped, Stripe-signed event to the same webhook handler Stripe reaches (in
 * process, with the signed raw body), so the test checkout runs the production code path.
 */
export async function postSignedEvent(type: string, object: Record<string, unknown>) {
  const payload = JSON.stringify({
    id: `evt_test_${crypto.randomBytes(12).toString('hex')}`,
    object: 'event',
    api_version: '2025-01-27.acacia',
    created: Math.floor(Date.now() / 1000),
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type,
    data: { object },
  })
  const header = stripeWebhooks.generateTestHeaderString({ payload, secret: await getWebhookSecret() })
  return handleStripeWebhook(payload, header)
}

/**
 * "Pay (test)": the session completes as paid. "Fail (test)": it completes unpaid and the
 * asynchronous payment then fails (as a refused bank debit would) — the seats stay held until
 * the hold expires, and the company may try again.
 */
export async function finishTestCheckout(id: string, outcome: 'pay' | 'fail') {
  assertTestCheckoutEnabled()
  const db = getDb()
  const [row] = await db
    .update(testCheckoutSessions)
    .set({ status: 'complete', paymentStatus: outcome === 'pay' ? 'paid' : 'unpaid' })
    .where(and(eq(testCheckoutSessions.id, id), eq(testCheckoutSessions.status, 'open'), sql`expires_at > now()`))
    .returning()
  if (!row) return { ok: false as const }
  const session = stripeShapedSession(row)
  const completed = await postSignedEvent('checkout.session.completed', session)
  if (outcome === 'fail') await postSignedEvent('checkout.session.async_payment_failed', session)
  const params = row.params as unknown as Stripe.Checkout.SessionCreateParams
  const redirect =
    outcome === 'pay'
      ? (params.success_url ?? '/').replace('{CHECKOUT_SESSION_ID}', row.id)
      : `${params.cancel_url ?? '/'}${(params.cancel_url ?? '').includes('?') ? '&' : '?'}failed=1`
  return { ok: completed.status === 200, redirect }
}
