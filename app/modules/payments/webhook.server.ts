// Load the job queue (and its registry) before notify.server: notify → queue → registry → notify is a
// cycle that leaves `notificationJobs` undefined when notify.server is the first of them imported.
import type Stripe from 'stripe'
import { eq } from 'drizzle-orm'
import { getDb, type Transaction } from '#db/client'
import { registrations, stripeEvents } from '#db/schema/index'
import { logger } from '~/utils/logger.server'
import { applyCheckoutSession, STRIPE_ACTOR, transitionOf } from './checkout.server'
import { checkoutSessionView, getWebhookSecret, stripeWebhooks } from './gateway.server'
import { isLockConflict } from '~/modules/locks/locks.server'
import { applyChargeRefunded, applyStripeRefund } from './refunds.server'

export const HANDLED_EVENT_TYPES = [
  'checkout.session.completed',
  'checkout.session.async_payment_succeeded',
  'checkout.session.async_payment_failed',
  'checkout.session.expired',
  'charge.refunded',
  'refund.updated',
] as const

/**
 * A session of one of our registrations that no payment row carries yet: Stripe was faster than
 * our own update after creating it. The event is not recorded, and Stripe redelivers it later
 * (it retries any answer other than 2xx); recorded now, every redelivery would be a "duplicate".
 */
class SessionNotYetKnown extends Error {}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

async function isOurRegistration(tx: Transaction, registrationId: string | null) {
  if (!registrationId || !UUID.test(registrationId)) return false
  const [row] = await tx.select({ id: registrations.id }).from(registrations).where(eq(registrations.id, registrationId))
  return Boolean(row)
}

function isEventShaped(event: unknown): event is Stripe.Event {
  if (typeof event !== 'object' || event === null || Array.isArray(event)) return false
  const { id, type, data } = event as { id?: unknown; type?: unknown; data?: unknown }
  if (typeof id !== 'string' || !id || typeof type !== 'string' || !type) return false
  const object = typeof data === 'object' && data !== null ? (data as { object?: unknown }).object : undefined
  return typeof object === 'object' && object !== null && !Array.isArray(object)
}

export type WebhookResult = { status: number; body: { received: boolean; duplicate?: boolean; error?: string; outcome?: string } }

/**
 * `POST /webhooks/stripe`: the signature is verified on the raw body; the event id is recorded
 * (unique) in the same transaction as the change it causes and the jobs that follow, so a
 * replay finds the id and changes nothing, and a failure rolls all of it back for Stripe to retry.
 */
export async function handleStripeWebhook(rawBody: string | Buffer, signature: string | null): Promise<WebhookResult> {
  if (!signature) return { status: 400, body: { received: false, error: 'missing signature' } }
  let event: Stripe.Event
  try {
    event = stripeWebhooks.constructEvent(rawBody, signature, await getWebhookSecret())
  } catch (error) {
    logger.warn({ err: error instanceof Error ? error.message : error }, 'stripe webhook rejected: bad signature')
    return { status: 400, body: { received: false, error: 'bad signature' } }
  }
  // Signed is not well formed: a body that is not an event object (JSON `null`, an array, no
  // data.object…) is refused like a bad signature, never a 500.
  if (!isEventShaped(event)) {
    logger.warn('stripe webhook rejected: signed body is not an event')
    return { status: 400, body: { received: false, error: 'not an event' } }
  }
  if (!(HANDLED_EVENT_TYPES as readonly string[]).includes(event.type)) return { status: 200, body: { received: true, outcome: 'ignored' } }
  try {
    return await getDb().transaction(async (tx) => {
      const inserted = await tx
        .insert(stripeEvents)
        .values({ id: event.id, type: event.type, livemode: String(event.livemode), payload: event as unknown as Record<string, unknown> })
        .onConflictDoNothing()
        .returning({ id: stripeEvents.id })
      if (inserted.length === 0) return { status: 200, body: { received: true, duplicate: true } }
      let outcome = 'ignored'
      switch (event.type) {
        case 'checkout.session.completed':
        case 'checkout.session.async_payment_succeeded':
        case 'checkout.session.async_payment_failed':
        case 'checkout.session.expired': {
          const session = checkoutSessionView(event.data.object)
          const transition = transitionOf(event.type, session)
          if (transition) outcome = (await applyCheckoutSession(tx, session, transition, STRIPE_ACTOR)).outcome
          if (outcome === 'unknown_session' && (await isOurRegistration(tx, session.client_reference_id))) throw new SessionNotYetKnown()
          break
        }
        case 'charge.refunded': {
          const charge = event.data.object
          await applyChargeRefunded(
            tx,
            {
              id: charge.id,
              payment_intent: typeof charge.payment_intent === 'string' ? charge.payment_intent : (charge.payment_intent?.id ?? null),
              amount_refunded: charge.amount_refunded,
              refunds: charge.refunds
                ? { data: charge.refunds.data.map((r) => ({ id: r.id, status: r.status, amount: r.amount, metadata: r.metadata, payment_intent: typeof r.payment_intent === 'string' ? r.payment_intent : (r.payment_intent?.id ?? null) })) }
                : null,
            },
            STRIPE_ACTOR,
          )
          outcome = 'refund'
          break
        }
        case 'refund.updated': {
          const r = event.data.object
          await applyStripeRefund(
            tx,
            { id: r.id, status: r.status, amount: r.amount, metadata: r.metadata, payment_intent: typeof r.payment_intent === 'string' ? r.payment_intent : (r.payment_intent?.id ?? null) },
            STRIPE_ACTOR,
          )
          outcome = 'refund'
          break
        }
      }
      return { status: 200, body: { received: true, outcome } }
    })
  } catch (error) {
    if (error instanceof SessionNotYetKnown) return { status: 409, body: { received: false, error: 'session not yet known: retry later' } }
    if (isLockConflict(error)) return { status: 503, body: { received: false, error: 'busy' } }
    logger.error({ err: error, eventId: event.id, type: event.type }, 'stripe webhook failed; Stripe will retry')
    return { status: 500, body: { received: false, error: 'failed' } }
  }
}
