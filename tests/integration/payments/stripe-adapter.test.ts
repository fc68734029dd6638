import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eq } from 'drizzle-orm'
import { getDb } from '#db/client'
import { payments, refunds } from '#db/schema/index'
import { createStripeGateway, setPaymentGateway, type CheckoutSessionView } from '~/modules/payments/gateway.server'
import { applyCheckoutSession, startCardPayment } from '~/modules/payments/checkout.server'
import { refundRegistration } from '~/modules/payments/refunds.server'
import { createCode, createHeldRegistration, createPaymentEvent, registrationRow } from '../../factories/payment-fixtures'
import { startFakeStripe } from './fake-stripe'
import { paymentsOf, useStripeEnv } from './helpers'

let stripe: Awaited<ReturnType<typeof startFakeStripe>>

beforeAll(async () => {
  useStripeEnv({ STRIPE_SECRET_KEY: 'sk_test_adapter_key' })
  stripe = await startFakeStripe()
  setPaymentGateway(createStripeGateway({ apiKey: 'sk_test_adapter_key', host: '127.0.0.1', port: stripe.port, protocol: 'http' }))
})
afterAll(async () => {
  setPaymentGateway(undefined)
  await stripe.close()
})

describe('Stripe adapter against a local stand-in for the API', () => {
  it('creates one Checkout Session per held registration with the exact parameters', async () => {
    const fixture = await createPaymentEvent({
      currency: 'USD',
      taxRateBp: 0,
      tickets: [
        { name: 'Délégué', priceMinor: 15000 },
        { name: 'Table exposant', priceMinor: 45000 },
      ],
    })
    const code = await createCode(fixture.event.id, { kind: 'discount', percentOffBp: 1000 })
    const { registration } = await createHeldRegistration(fixture, {
      seats: [
        { ticketIndex: 0, count: 2 },
        { ticketIndex: 1, count: 1 },
      ],
      code,
      locale: 'en',
      holdMinutes: 45,
    })
    expect(registration.totalMinor).toBe(67500) // 2 × 150 + 450 = 750, −10 %

    const result = await startCardPayment({ registrationId: registration.id, locale: 'en', returnToken: 'tok_manage_abc' })
    const sent = stripe.requests.filter((r) => r.path === '/v1/checkout/sessions' && r.method === 'POST')
    expect(sent).toHaveLength(1)
    const request = sent[0]
    expect(request.authorization).toBe('Bearer sk_test_adapter_key')
    expect(request.idempotencyKey).toBe(`checkout:${registration.id}:1`)

    const [delegate, table] = [...fixture.tickets].sort((a, b) => a.id.localeCompare(b.id)).map((t) => t)
    const title = fixture.event.title.en
    const holdEnd = Math.floor(registration.holdExpiresAt!.getTime() / 1000)
    const expectedLines = [delegate, table].map((t) => {
      const qty = t.priceMinor === 15000 ? 2 : 1
      return {
        quantity: String(qty),
        price_data: {
          currency: 'usd',
          unit_amount: String(t.priceMinor * 0.9),
          product_data: { name: `${t.name.en} — ${title}`, metadata: { ticket_type_id: t.id } },
        },
      }
    })
    expect(request.body).toEqual({
      mode: 'payment',
      line_items: expectedLines,
      currency: 'usd',
      customer_email: registration.contactEmail,
      locale: 'en',
      client_reference_id: registration.id,
      metadata: { registration_id: registration.id, registration_reference: registration.reference },
      payment_intent_data: { metadata: { registration_id: registration.id, registration_reference: registration.reference } },
      expires_at: String(holdEnd),
      success_url: `http://passerelle.test/en/payment/success?session_id={CHECKOUT_SESSION_ID}&token=tok_manage_abc&registration=${registration.id}`,
      cancel_url: `http://passerelle.test/en/payment/cancel?token=tok_manage_abc&registration=${registration.id}`,
    })

    const rows = await paymentsOf(registration.id)
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({ provider: 'stripe', status: 'created', amountMinor: 67500, currency: 'USD', checkoutSessionId: result.sessionId, checkoutUrl: result.url })
    expect((await registrationRow(registration.id)).paymentMethod).toBe('card')

    // Coming back to the pay page resumes the same session: no second request, no second row.
    const again = await startCardPayment({ registrationId: registration.id, locale: 'en', returnToken: 'tok_manage_abc' })
    expect(again.url).toBe(result.url)
    expect(stripe.requests.filter((r) => r.path === '/v1/checkout/sessions' && r.method === 'POST')).toHaveLength(1)
  })

  it('never asks Stripe for a session shorter than 30 minutes, even when the hold ends sooner', async () => {
    const fixture = await createPaymentEvent()
    const { registration } = await createHeldRegistration(fixture, { holdMinutes: 10 })
    const before = Math.floor(Date.now() / 1000)
    await startCardPayment({ registrationId: registration.id, locale: 'fr', returnToken: 'tok_x' })
    const request = stripe.requests.filter((r) => r.path === '/v1/checkout/sessions').at(-1)!
    const expiresAt = Number(request.body.expires_at)
    expect(expiresAt - before).toBeGreaterThanOrEqual(30 * 60)
    expect(expiresAt - before).toBeLessThanOrEqual(32 * 60)
    expect(request.body.locale).toBe('fr')
    expect(request.body.line_items).toEqual([
      expect.objectContaining({ quantity: '2', price_data: expect.objectContaining({ currency: 'eur', unit_amount: '120000' }) }),
    ])
  })

  it('refunds a card payment through the refunds API with our idempotency key', async () => {
    const fixture = await createPaymentEvent()
    const { registration } = await createHeldRegistration(fixture)
    const started = await startCardPayment({ registrationId: registration.id, locale: 'fr', returnToken: 'tok_y' })
    const session = stripe.markPaid(started.sessionId!, 'pi_adapter_refund')
    await getDb().transaction((tx) =>
      applyCheckoutSession(tx, { ...(session as unknown as CheckoutSessionView), payment_intent: 'pi_adapter_refund', status: 'complete', payment_status: 'paid' }, 'paid'),
    )
    const results = await refundRegistration({ registrationId: registration.id, amountMinor: 50000, reason: 'goodwill', note: 'geste commercial', actor: { label: 'test' } })
    expect(results).toEqual([{ refundId: expect.any(String), status: 'succeeded' }])
    const request = stripe.requests.filter((r) => r.path === '/v1/refunds').at(-1)!
    expect(request.idempotencyKey).toBe(`refund:${results[0].refundId}`)
    expect(request.body).toEqual({
      payment_intent: 'pi_adapter_refund',
      amount: '50000',
      reason: 'requested_by_customer',
      metadata: { refund_id: results[0].refundId, registration_id: registration.id },
    })
    const [refund] = await getDb().select().from(refunds).where(eq(refunds.id, results[0].refundId))
    expect(refund.status).toBe('succeeded')
    expect(refund.stripeRefundId).toMatch(/^re_/)
    expect((await registrationRow(registration.id)).paidMinor).toBe(240000 - 50000)
    const [payment] = await getDb().select().from(payments).where(eq(payments.registrationId, registration.id))
    expect(payment.status).toBe('succeeded')
  })
})
