import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { and, eq, sql } from 'drizzle-orm'
import { getDb } from '#db/client'
import { attendees, invoices, payments, refunds, registrations, stripeEvents } from '#db/schema/index'
import { action as webhookAction } from '~/routes/webhooks.stripe'
import { createStripeGateway, setPaymentGateway } from '~/modules/payments/gateway.server'
import { startCardPayment } from '~/modules/payments/checkout.server'
import { executeRefund } from '~/modules/payments/refunds.server'
import { reconcileOpenCheckouts } from '~/modules/payments/reconcile.server'
import {
  countJobsFor,
  countNotifications,
  createHeldRegistration,
  createPaymentEvent,
  registrationRow,
} from '../../factories/payment-fixtures'
import { startFakeStripe } from './fake-stripe'
import { paymentsOf, sessionObject, shuffle, signedRequest, stripeEvent, useStripeEnv } from './helpers'
import { routeArgs } from '../../factories/route-args'

let stripe: Awaited<ReturnType<typeof startFakeStripe>>

beforeAll(async () => {
  useStripeEnv({ STRIPE_SECRET_KEY: 'sk_test_webhook_key' })
  stripe = await startFakeStripe()
  setPaymentGateway(createStripeGateway({ apiKey: 'sk_test_webhook_key', host: '127.0.0.1', port: stripe.port, protocol: 'http' }))
})
afterAll(async () => {
  setPaymentGateway(undefined)
  await stripe.close()
})

const post = (request: Request) => webhookAction(routeArgs({ request, params: {}, context: {} as never })) as Promise<Response>

async function heldAndStarted(options: Parameters<typeof createHeldRegistration>[1] = {}, eventOptions: Parameters<typeof createPaymentEvent>[0] = {}) {
  const fixture = await createPaymentEvent(eventOptions)
  const { registration } = await createHeldRegistration(fixture, options)
  const started = await startCardPayment({ registrationId: registration.id, locale: 'fr', returnToken: 'tok_webhook' })
  const [payment] = await paymentsOf(registration.id)
  return { fixture, registration, payment, started }
}

async function invoicesOf(registrationId: string) {
  return getDb().select().from(invoices).where(and(eq(invoices.registrationId, registrationId), eq(invoices.kind, 'invoice')))
}

describe('POST /webhooks/stripe', () => {
  it('refuses a bad or missing signature with 400 and writes nothing', async () => {
    const { registration, payment } = await heldAndStarted()
    const event = stripeEvent('checkout.session.completed', sessionObject(payment, {}))
    const forged = signedRequest(event, 'whsec_not_ours')
    expect((await post(forged)).status).toBe(400)
    const unsigned = new Request('http://passerelle.test/webhooks/stripe', { method: 'POST', body: JSON.stringify(event) })
    expect((await post(unsigned)).status).toBe(400)
    // A valid signature over another body: the raw body is what is verified.
    const good = signedRequest(event)
    const tampered = new Request(good.url, { method: 'POST', headers: good.headers, body: JSON.stringify({ ...event, data: { object: { ...event.data.object, amount_total: 1 } } }) })
    expect((await post(tampered)).status).toBe(400)

    expect(await getDb().select().from(stripeEvents).where(eq(stripeEvents.id, event.id))).toHaveLength(0)
    const [after] = await paymentsOf(registration.id)
    expect(after.status).toBe('created')
    expect((await registrationRow(registration.id)).status).toBe('awaiting_payment')
    expect(await countNotifications('payment.receipt', registration.id)).toBe(0)
  })

  it('refuses a correctly signed body that is not an event with 400 (found by the fuzzed-forms fault scenario)', async () => {
    const malformed = [null, 42, 'text', [], {}, { id: 'evt_1' }, { id: 'evt_2', type: 'checkout.session.completed' }, { id: 'evt_3', type: 'charge.refunded', data: { object: null } }]
    for (const body of malformed) {
      const answer = await post(signedRequest(body))
      expect(answer.status, JSON.stringify(body)).toBe(400)
    }
    const [{ n }] = await getDb().execute<{ n: number }>(sql`select count(*)::int as n from stripe_event where id in ('evt_1', 'evt_2', 'evt_3')`)
    expect(n).toBe(0)
  })

  it('applies every event once when each is replayed 5 times in shuffled order, even concurrently', async () => {
    for (const concurrent of [false, true]) {
      const { registration, payment } = await heldAndStarted({ seats: [{ ticketIndex: 0, count: 2 }] })
      const intent = `pi_replay_${concurrent}`
      const events = [
        stripeEvent('checkout.session.completed', sessionObject(payment, { payment_status: 'unpaid', payment_intent: intent })),
        stripeEvent('checkout.session.async_payment_succeeded', sessionObject(payment, { payment_intent: intent })),
        stripeEvent('checkout.session.completed', sessionObject(payment, { payment_intent: intent })),
        stripeEvent('checkout.session.expired', sessionObject(payment, { status: 'expired', payment_status: 'unpaid', payment_intent: null })),
      ]
      const deliveries = shuffle(events.flatMap((e) => Array.from({ length: 5 }, () => e)))
      const statuses = concurrent
        ? await Promise.all(deliveries.map((e) => post(signedRequest(e)).then((r) => r.status)))
        : await deliveries.reduce<Promise<number[]>>(async (acc, e) => [...(await acc), (await post(signedRequest(e))).status], Promise.resolve([]))
      expect(statuses.every((s) => s === 200)).toBe(true)

      const rows = await paymentsOf(registration.id)
      expect(rows).toHaveLength(1)
      expect(rows[0]).toMatchObject({ status: 'succeeded', paymentIntentId: intent, amountMinor: 240000 })
      const after = await registrationRow(registration.id)
      expect(after).toMatchObject({ status: 'confirmed', paidMinor: 240000, holdExpiresAt: null })
      expect(await countNotifications('registration.confirmed', registration.id)).toBe(1)
      expect(await countNotifications('payment.receipt', registration.id)).toBe(1)
      const issued = await invoicesOf(registration.id)
      expect(issued).toHaveLength(1)
      expect(issued[0]).toMatchObject({ totalMinor: 240000, taxRateBp: 850, taxMinor: 18802, subtotalMinor: 221198, currency: 'EUR' })
      const recorded = await getDb().execute<{ n: number }>(sql`select count(*)::int as n from stripe_event where id in ${events.map((e) => e.id)}`)
      expect(Number(recorded[0].n)).toBe(4)
    }
  })

  it('asks Stripe to redeliver an event that arrives before its session is on the payment row, then applies it once', async () => {
    const { registration, payment } = await heldAndStarted()
    const event = stripeEvent('checkout.session.completed', sessionObject(payment, { payment_intent: 'pi_early' }))
    // Stripe answered the session, and its webhook came before our update of the payment row.
    await getDb().update(payments).set({ checkoutSessionId: null }).where(eq(payments.id, payment.id))
    const early = await post(signedRequest(event))
    expect(early.status).toBe(409)
    expect(await getDb().select().from(stripeEvents).where(eq(stripeEvents.id, event.id))).toHaveLength(0)
    expect((await registrationRow(registration.id)).status).toBe('awaiting_payment')

    await getDb().update(payments).set({ checkoutSessionId: payment.checkoutSessionId }).where(eq(payments.id, payment.id))
    const statuses = await Promise.all(Array.from({ length: 4 }, () => post(signedRequest(event)).then((r) => r.status)))
    expect(statuses.sort()).toEqual([200, 200, 200, 200])
    expect((await registrationRow(registration.id)).status).toBe('confirmed')
    expect(await countNotifications('payment.receipt', registration.id)).toBe(1)
    expect(await invoicesOf(registration.id)).toHaveLength(1)

    // A session none of our registrations knows (another integration on the account) is acknowledged.
    const foreign = stripeEvent('checkout.session.completed', { ...sessionObject(payment, {}), id: 'cs_test_foreign', client_reference_id: null })
    expect((await post(signedRequest(foreign))).status).toBe(200)
  })

  it('an expiry arriving alone releases nothing but marks the attempt expired; the company can pay again', async () => {
    const { registration, payment } = await heldAndStarted()
    const response = await post(signedRequest(stripeEvent('checkout.session.expired', sessionObject(payment, { status: 'expired', payment_status: 'unpaid', payment_intent: null }))))
    expect(response.status).toBe(200)
    expect((await paymentsOf(registration.id))[0].status).toBe('expired')
    expect((await registrationRow(registration.id)).status).toBe('awaiting_payment')
    await startCardPayment({ registrationId: registration.id, locale: 'fr', returnToken: 'tok' })
    const rows = await paymentsOf(registration.id)
    expect(rows.map((r) => r.idempotencyKey).sort()).toEqual([`checkout:${registration.id}:1`, `checkout:${registration.id}:2`])
  })
})

describe('a payment arriving after its hold expired', () => {
  it('is accepted when a seat is free: confirmed, attendees back, invoice issued', async () => {
    const { registration, payment } = await heldAndStarted({ seats: [{ ticketIndex: 0, count: 2 }] }, { poolSize: 5 })
    // The hold expiry job ran meanwhile: registration expired, attendees cancelled at the hold's end.
    const ended = new Date(Date.now() - 60_000)
    await getDb().update(registrations).set({ status: 'expired', holdExpiresAt: ended }).where(eq(registrations.id, registration.id))
    await getDb().update(attendees).set({ status: 'cancelled', cancelledAt: new Date() }).where(eq(attendees.registrationId, registration.id))

    const response = await post(signedRequest(stripeEvent('checkout.session.completed', sessionObject(payment, { payment_intent: 'pi_late_ok' }))))
    expect(response.status).toBe(200)
    expect(await response.json()).toMatchObject({ outcome: 'confirmed' })
    expect(await registrationRow(registration.id)).toMatchObject({ status: 'confirmed', paidMinor: 240000 })
    const people = await getDb().select().from(attendees).where(eq(attendees.registrationId, registration.id))
    expect(people.every((a) => a.status === 'active')).toBe(true)
    expect(await invoicesOf(registration.id)).toHaveLength(1)
    expect(await getDb().select().from(refunds).where(eq(refunds.registrationId, registration.id))).toHaveLength(0)
  })

  it('is refunded automatically when no seat is left, and the company is told', async () => {
    const { fixture, registration, payment } = await heldAndStarted({ seats: [{ ticketIndex: 0, count: 2 }], holdMinutes: 30 }, { poolSize: 2 })
    await getDb().update(registrations).set({ holdExpiresAt: new Date(Date.now() - 60_000) }).where(eq(registrations.id, registration.id))
    // Someone else took the two seats after the hold ended.
    await createHeldRegistration(fixture, { seats: [{ ticketIndex: 0, count: 2 }], status: 'confirmed' })

    const response = await post(signedRequest(stripeEvent('checkout.session.completed', sessionObject(payment, { payment_intent: 'pi_late_refund' }))))
    expect(response.status).toBe(200)
    expect(await response.json()).toMatchObject({ outcome: 'refunding' })
    expect((await registrationRow(registration.id)).status).not.toBe('confirmed')
    const [refund] = await getDb().select().from(refunds).where(eq(refunds.registrationId, registration.id))
    expect(refund).toMatchObject({ status: 'pending', amountMinor: 240000, reason: 'late_payment_no_seat' })
    expect(await countJobsFor('payments.execute-refund', 'refundId', refund.id)).toBe(1)
    expect(await invoicesOf(registration.id)).toHaveLength(0)

    // The job runs (twice: handlers are idempotent).
    expect(await executeRefund(refund.id)).toBe('succeeded')
    expect(await executeRefund(refund.id)).toBe('succeeded')
    const sent = stripe.requests.filter((r) => r.path === '/v1/refunds' && r.body.payment_intent === 'pi_late_refund')
    expect(sent).toHaveLength(1)
    expect(sent[0]).toMatchObject({ idempotencyKey: `refund:${refund.id}`, body: { amount: '240000', metadata: { refund_id: refund.id } } })
    const [done] = await getDb().select().from(refunds).where(eq(refunds.id, refund.id))
    expect(done.status).toBe('succeeded')
    expect(await countNotifications('payment.late-refunded', registration.id)).toBe(1)
    expect(await countNotifications('payment.receipt', registration.id)).toBe(0)
    expect((await registrationRow(registration.id)).paidMinor).toBe(0)
    const [p] = await getDb().select().from(payments).where(eq(payments.id, payment.id))
    expect(p.status).toBe('succeeded') // the money did arrive; the refund row says it went back
  })
})

describe('reconciliation job', () => {
  it('applies a missed webhook from the session at Stripe, once', async () => {
    const { registration, payment } = await heldAndStarted()
    stripe.markPaid(payment.checkoutSessionId!, 'pi_missed_webhook')
    // Too young: left to its webhook.
    expect((await reconcileOpenCheckouts()).find((r) => r.paymentId === payment.id)).toBeUndefined()
    await getDb().update(payments).set({ createdAt: new Date(Date.now() - 10 * 60_000) }).where(eq(payments.id, payment.id))
    const results = await reconcileOpenCheckouts()
    expect(results.find((r) => r.paymentId === payment.id)).toEqual({ paymentId: payment.id, outcome: 'confirmed' })
    expect(await registrationRow(registration.id)).toMatchObject({ status: 'confirmed', paidMinor: 240000 })
    expect((await reconcileOpenCheckouts()).find((r) => r.paymentId === payment.id)).toBeUndefined()
    // The late webhook then changes nothing.
    await post(signedRequest(stripeEvent('checkout.session.completed', sessionObject(payment, { payment_intent: 'pi_missed_webhook' }))))
    expect(await countNotifications('payment.receipt', registration.id)).toBe(1)
    expect(await invoicesOf(registration.id)).toHaveLength(1)
  })

  it('marks an expired session expired and leaves the hold to the registration service', async () => {
    const { registration, payment } = await heldAndStarted()
    stripe.markExpired(payment.checkoutSessionId!)
    await getDb().update(payments).set({ createdAt: new Date(Date.now() - 10 * 60_000) }).where(eq(payments.id, payment.id))
    const results = await reconcileOpenCheckouts()
    expect(results.find((r) => r.paymentId === payment.id)?.outcome).toBe('expired')
    expect((await registrationRow(registration.id)).status).toBe('awaiting_payment')
  })
})
