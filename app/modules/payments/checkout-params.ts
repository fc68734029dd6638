import type Stripe from 'stripe'
import type { Locale } from '~/locales'
import type { CheckoutSessionView } from './gateway.server'

/** Stripe refuses a Checkout Session that expires sooner than 30 minutes after its creation. */
export const STRIPE_MIN_SESSION_SECONDS = 30 * 60
const SESSION_MARGIN_SECONDS = 60

/** The session expiry: the seat hold's end, but never sooner than Stripe allows. */
export function checkoutExpiry(holdExpiresAt: Date | null, now = new Date()): number {
  const minimum = Math.ceil(now.getTime() / 1000) + STRIPE_MIN_SESSION_SECONDS + SESSION_MARGIN_SECONDS
  const hold = holdExpiresAt ? Math.floor(holdExpiresAt.getTime() / 1000) : 0
  return Math.min(Math.max(hold, minimum), Math.floor(now.getTime() / 1000) + 24 * 3600)
}

/** The exact parameters of a registration's Checkout Session: amounts from ticket types and codes, never from a form. */
export function buildCheckoutParams(input: {
  registration: { id: string; reference: string; contactEmail: string; currency: 'EUR' | 'USD'; holdExpiresAt: Date | null }
  lines: { name: string; quantity: number; unitAmountMinor: number; ticketTypeId: string }[]
  locale: Locale
  eventTitle: string
  returnToken: string
  publicUrl: string
  now?: Date
}): Stripe.Checkout.SessionCreateParams {
  const { registration, locale, publicUrl } = input
  const back = `token=${encodeURIComponent(input.returnToken)}&registration=${registration.id}`
  return {
    mode: 'payment',
    line_items: input.lines.map((line) => ({
      quantity: line.quantity,
      price_data: {
        currency: registration.currency.toLowerCase(),
        unit_amount: line.unitAmountMinor,
        product_data: { name: `${line.name} — ${input.eventTitle}`, metadata: { ticket_type_id: line.ticketTypeId } },
      },
    })),
    currency: registration.currency.toLowerCase(),
    customer_email: registration.contactEmail,
    locale,
    client_reference_id: registration.id,
    metadata: { registration_id: registration.id, registration_reference: registration.reference },
    payment_intent_data: { metadata: { registration_id: registration.id, registration_reference: registration.reference } },
    expires_at: checkoutExpiry(registration.holdExpiresAt, input.now),
    success_url: `${publicUrl}/${locale}/payment/success?session_id={CHECKOUT_SESSION_ID}&${back}`,
    cancel_url: `${publicUrl}/${locale}/payment/cancel?${back}`,
  }
}

export type CheckoutTransition = 'paid' | 'processing' | 'failed' | 'expired'

export function transitionOf(eventType: string, session: Pick<CheckoutSessionView, 'status' | 'payment_status'>): CheckoutTransition | null {
  if (eventType === 'checkout.session.async_payment_failed') return 'failed'
  if (eventType === 'checkout.session.async_payment_succeeded') return 'paid'
  if (session.status === 'complete') return session.payment_status === 'unpaid' ? 'processing' : 'paid'
  if (session.status === 'expired') return 'expired'
  return null
}

