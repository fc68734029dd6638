import crypto from 'node:crypto'
import { eq } from 'drizzle-orm'
import { getDb } from '#db/client'
import { payments } from '#db/schema/index'
import { stripeWebhooks } from '~/modules/payments/gateway.server'
import { parseEnv, setEnv } from '~/utils/env.server'

export const WEBHOOK_SECRET = 'whsec_test_payments_integration_secret'

/** The run's environment plus the Stripe settings a test wants. */
export function useStripeEnv(extra: Record<string, string | undefined> = {}) {
  setEnv(parseEnv({ ...process.env, NODE_ENV: 'test', PUBLIC_URL: 'http://passerelle.test', STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET, ...extra }))
}

export function stripeEvent(type: string, object: Record<string, unknown>, id = `evt_${crypto.randomBytes(8).toString('hex')}`) {
  return { id, object: 'event', type, created: Math.floor(Date.now() / 1000), livemode: false, api_version: '2025-01-27.acacia', pending_webhooks: 1, request: { id: null, idempotency_key: null }, data: { object } }
}

export function signedRequest(event: unknown, secret = WEBHOOK_SECRET) {
  const payload = JSON.stringify(event)
  const header = stripeWebhooks.generateTestHeaderString({ payload, secret })
  return new Request('http://passerelle.test/webhooks/stripe', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'stripe-signature': header },
    body: payload,
  })
}

export function sessionObject(
  payment: { checkoutSessionId: string | null; amountMinor: number; registrationId: string },
  patch: Record<string, unknown>,
) {
  return {
    id: payment.checkoutSessionId,
    object: 'checkout.session',
    status: 'complete',
    payment_status: 'paid',
    payment_intent: 'pi_test_fixed',
    amount_total: payment.amountMinor,
    currency: 'eur',
    client_reference_id: payment.registrationId,
    metadata: { registration_id: payment.registrationId },
    url: null,
    expires_at: Math.floor(Date.now() / 1000) + 1800,
    ...patch,
  }
}

export async function paymentsOf(registrationId: string) {
  return getDb().select().from(payments).where(eq(payments.registrationId, registrationId))
}

export function shuffle<T>(items: T[]): T[] {
  const a = [...items]
  for (let i = a.length - 1; i > 0; i--) {
    const j = crypto.randomInt(i + 1)
    ;[a[i], a[j]] = [a[j], a[i]]
  }
  return a
}
