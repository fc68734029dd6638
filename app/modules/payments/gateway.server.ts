import crypto from 'node:crypto'
import Stripe from 'stripe'
import { eq, sql } from 'drizzle-orm'
import { getDb } from '#db/client'
import { appSecrets, testCheckoutSessions } from '#db/schema/index'
import { getEnv, testCheckoutEnabled } from '~/utils/env.server'

/** The part of a Checkout Session our transitions read (Stripe's own field names). */
export type CheckoutSessionView = {
  id: string
  /** 'open' | 'complete' | 'expired' (Stripe's type admits future values). */
  status: string | null
  /** 'paid' | 'unpaid' | 'no_payment_required' */
  payment_status: string
  payment_intent: string | null
  amount_total: number | null
  currency: string | null
  client_reference_id: string | null
  metadata: Record<string, string> | null
  url: string | null
  expires_at: number
}

export type RefundView = { id: string; status: string | null; amount: number }

/** What payments need from a card processor: Stripe, or the test checkout standing in for it. */
export interface PaymentGateway {
  provider: 'stripe' | 'test_checkout'
  createCheckoutSession(params: Stripe.Checkout.SessionCreateParams, idempotencyKey: string): Promise<CheckoutSessionView>
  retrieveCheckoutSession(id: string): Promise<CheckoutSessionView>
  createRefund(params: Stripe.RefundCreateParams, idempotencyKey: string): Promise<RefundView>
}

/** The fields of a Checkout Session we act on (from the API or from a webhook event). */
export function checkoutSessionView(session: Stripe.Checkout.Session): CheckoutSessionView {
  return {
    id: session.id,
    status: session.status,
    payment_status: session.payment_status,
    payment_intent: typeof session.payment_intent === 'string' ? session.payment_intent : (session.payment_intent?.id ?? null),
    amount_total: session.amount_total,
    currency: session.currency,
    client_reference_id: session.client_reference_id,
    metadata: session.metadata,
    url: session.url,
    expires_at: session.expires_at,
  }
}

export type StripeClientOptions = { apiKey: string; host?: string; port?: number; protocol?: 'http' | 'https' }

export function createStripeClient(options: StripeClientOptions) {
  return new Stripe(options.apiKey, {
    host: options.host,
    port: options.port,
    protocol: options.protocol,
    maxNetworkRetries: 2,
    timeout: 20_000,
    telemetry: false,
  })
}

/** The real thing: Stripe's API through the official SDK (host/port/protocol overridable for tests). */
export function createStripeGateway(options: StripeClientOptions): PaymentGateway {
  const stripe = createStripeClient(options)
  return {
    provider: 'stripe',
    async createCheckoutSession(params, idempotencyKey) {
      return checkoutSessionView(await stripe.checkout.sessions.create(params, { idempotencyKey }))
    },
    async retrieveCheckoutSession(id) {
      return checkoutSessionView(await stripe.checkout.sessions.retrieve(id))
    },
    async createRefund(params, idempotencyKey) {
      const refund = await stripe.refunds.create(params, { idempotencyKey })
      return { id: refund.id, status: refund.status, amount: refund.amount }
    },
  }
}

function testId(prefix: string, seed?: string) {
  const body = seed
    ? crypto.createHash('sha256').update(seed).digest('base64url').slice(0, 24)
    : crypto.randomBytes(18).toString('base64url')
  return `${prefix}_test_${body.replace(/[-_]/g, 'x')}`
}

/**
 * The labelled test checkout (no Stripe keys, never in production): sessions live in our own
 * table with the exact parameters Stripe would have received; refunds succeed at once.
 */
export function createTestCheckoutGateway(): PaymentGateway {
  const sessionView = (row: typeof testCheckoutSessions.$inferSelect): CheckoutSessionView => {
    const params = row.params as unknown as Stripe.Checkout.SessionCreateParams
    return {
      id: row.id,
      status: row.status,
      payment_status: row.paymentStatus,
      payment_intent: row.status === 'complete' ? row.paymentIntentId : null,
      amount_total: row.amountTotal,
      currency: row.currency,
      client_reference_id: params.client_reference_id ?? null,
      metadata: (params.metadata as Record<string, string>) ?? null,
      url: `${getEnv().PUBLIC_URL}/test-checkout/${row.id}`,
      expires_at: Math.floor(row.expiresAt.getTime() / 1000),
    }
  }
  return {
    provider: 'test_checkout',
    async createCheckoutSession(params, idempotencyKey) {
      const amountTotal = (params.line_items ?? []).reduce(
        (sum, l) => sum + (l.price_data?.unit_amount ?? 0) * (l.quantity ?? 1),
        0,
      )
      const db = getDb()
      await db
        .insert(testCheckoutSessions)
        .values({
          id: testId('cs'),
          idempotencyKey,
          paymentIntentId: testId('pi'),
          params: params as unknown as Record<string, unknown>,
          amountTotal,
          currency: params.currency ?? 'eur',
          expiresAt: new Date((params.expires_at ?? Math.floor(Date.now() / 1000) + 1800) * 1000),
        })
        .onConflictDoNothing({ target: testCheckoutSessions.idempotencyKey })
      const [row] = await db.select().from(testCheckoutSessions).where(eq(testCheckoutSessions.idempotencyKey, idempotencyKey))
      return sessionView(row)
    },
    async retrieveCheckoutSession(id) {
      const db = getDb()
      // Stripe expires open sessions itself; the store does the same when asked.
      await db
        .update(testCheckoutSessions)
        .set({ status: 'expired' })
        .where(sql`${testCheckoutSessions.id} = ${id} and status = 'open' and expires_at <= now()`)
      const [row] = await db.select().from(testCheckoutSessions).where(eq(testCheckoutSessions.id, id))
      if (!row) throw new Error(`test checkout session ${id} not found`)
      return sessionView(row)
    },
    async createRefund(params, idempotencyKey) {
      return { id: testId('re', idempotencyKey), status: 'succeeded', amount: params.amount ?? 0 }
    },
  }
}

const holder = globalThis as unknown as { __passerelleGateway?: PaymentGateway }

/** Stripe when STRIPE_SECRET_KEY is set; otherwise the test checkout (refused in production). */
export function getPaymentGateway(): PaymentGateway {
  if (holder.__passerelleGateway) return holder.__passerelleGateway
  const env = getEnv()
  if (env.STRIPE_SECRET_KEY) holder.__passerelleGateway = createStripeGateway({ apiKey: env.STRIPE_SECRET_KEY })
  else if (testCheckoutEnabled(env)) holder.__passerelleGateway = createTestCheckoutGateway()
  else throw new Error('Card payments need STRIPE_SECRET_KEY in production (the test checkout is refused there)')
  return holder.__passerelleGateway
}

/** Tests (and only tests) swap the gateway. */
export function setPaymentGateway(gateway: PaymentGateway | undefined) {
  holder.__passerelleGateway = gateway
}

export function cardPaymentsAvailable(): boolean {
  const env = getEnv()
  return Boolean(env.STRIPE_SECRET_KEY) || testCheckoutEnabled(env)
}

const secretHolder = globalThis as unknown as { __passerelleWebhookSecret?: string }

/**
 * STRIPE_WEBHOOK_SECRET, or a local secret generated once and stored in the database so every
 * instance (web, worker) verifies with the same one.
 */
export async function getWebhookSecret(): Promise<string> {
  const fromEnv = getEnv().STRIPE_WEBHOOK_SECRET
  if (fromEnv) return fromEnv
  if (secretHolder.__passerelleWebhookSecret) return secretHolder.__passerelleWebhookSecret
  const db = getDb()
  await db
    .insert(appSecrets)
    .values({ name: 'stripe_webhook_secret', value: `whsec_local_${crypto.randomBytes(24).toString('hex')}` })
    .onConflictDoNothing()
  const [row] = await db.select({ value: appSecrets.value }).from(appSecrets).where(eq(appSecrets.name, 'stripe_webhook_secret'))
  secretHolder.__passerelleWebhookSecret = row.value
  return row.value
}

/** Signature checks need no API key; this client is used only for its webhook helpers. */
export const stripeWebhooks = new Stripe('sk_test_signature_only').webhooks
