import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { and, eq, sql } from 'drizzle-orm'
import { getDb } from '#db/client'
import { invoices, registrations } from '#db/schema/index'
import { approveApplication } from '~/modules/registration/decisions.server'
import { registerCompany } from '~/modules/registration/intake.server'
import { createTestCheckoutGateway, setPaymentGateway } from '~/modules/payments/gateway.server'
import { startCardPayment } from '~/modules/payments/checkout.server'
import { finishTestCheckout, getTestCheckoutSession } from '~/modules/payments/test-checkout.server'
import { createTestEvent, registrationInput } from '../../factories/index'
import { countNotifications } from '../../factories/payment-fixtures'
import { useStripeEnv } from './helpers'

beforeAll(() => {
  // No STRIPE_* at all: the test checkout and a locally generated webhook secret (kept in app_secret).
  useStripeEnv({ STRIPE_WEBHOOK_SECRET: '' })
  setPaymentGateway(createTestCheckoutGateway())
})
afterAll(() => setPaymentGateway(undefined))

const invoiceOf = async (registrationId: string) =>
  getDb().select().from(invoices).where(and(eq(invoices.registrationId, registrationId), eq(invoices.kind, 'invoice')))

describe('payment steps inside the registration service', () => {
  it('an invoice registration gets its invoice in the registration transaction (confirmed at once)', async () => {
    const event = await createTestEvent(getDb(), { invoiceConfirmsImmediately: true, currency: 'EUR', taxRateBp: 850, tickets: [{ key: 'delegate', priceMinor: 120000 }] })
    const result = await registerCompany(registrationInput(event, { [event.ticket.delegate]: 2 }, { paymentMethod: 'invoice' }))
    expect(result.status).toBe('confirmed')
    const [invoice] = await invoiceOf(result.registrationId)
    expect(invoice).toMatchObject({ totalMinor: 240000, taxMinor: 18802, currency: 'EUR' })
    expect(invoice.dueAt).not.toBeNull()
  })

  it('an invoice registration held until paid keeps its seats until the invoice is due', async () => {
    const event = await createTestEvent(getDb(), { invoiceConfirmsImmediately: false, tickets: [{ key: 'delegate', priceMinor: 15000 }] })
    const result = await registerCompany(registrationInput(event, { [event.ticket.delegate]: 1 }, { paymentMethod: 'invoice' }))
    expect(result.status).toBe('awaiting_payment')
    const [invoice] = await invoiceOf(result.registrationId)
    const [row] = await getDb().select().from(registrations).where(eq(registrations.id, result.registrationId))
    expect(row.holdExpiresAt?.getTime()).toBe(invoice.dueAt?.getTime())
  })

  it('an approved application paying by invoice gets its invoice on approval', async () => {
    const event = await createTestEvent(getDb(), { approvalRequired: true, tickets: [{ key: 'delegate', priceMinor: 15000 }] })
    const result = await registerCompany(registrationInput(event, { [event.ticket.delegate]: 1 }, { paymentMethod: 'invoice' }))
    expect(await invoiceOf(result.registrationId)).toHaveLength(0)
    await approveApplication(result.registrationId, { label: 'organiser' })
    expect(await invoiceOf(result.registrationId)).toHaveLength(1)
  })

  it('a card registration paid on the test checkout: Stripe-shaped events signed with the local secret reach the same handler', async () => {
    const event = await createTestEvent(getDb(), { tickets: [{ key: 'delegate', priceMinor: 15000 }] })
    const result = await registerCompany(registrationInput(event, { [event.ticket.delegate]: 2 }, { paymentMethod: 'card' }))
    expect(result.status).toBe('awaiting_payment')
    const started = await startCardPayment({ registrationId: result.registrationId, locale: 'fr', returnToken: result.managementToken })
    expect(started.url).toMatch(/^http:\/\/passerelle\.test\/test-checkout\/cs_test_/)
    const session = await getTestCheckoutSession(started.sessionId!)
    expect(session).toMatchObject({ amountTotal: 30000, currency: 'USD', status: 'open' })
    const finished = await finishTestCheckout(started.sessionId!, 'pay')
    expect(finished.ok).toBe(true)
    expect(finished.redirect).toContain('/fr/payment/success?session_id=')
    const [row] = await getDb().select().from(registrations).where(eq(registrations.id, result.registrationId))
    expect(row).toMatchObject({ status: 'confirmed', paidMinor: 30000 })
    expect(await invoiceOf(result.registrationId)).toHaveLength(1)
    expect(await countNotifications('payment.receipt', result.registrationId)).toBe(1)
    const [job] = await getDb().execute<{ data: { invoiceId: string; data: { attachmentFilename: string; attachmentBase64: string; amountMinor: number } } }>(
      sql`select data from pgboss.job where name = 'notify.dispatch' and data->>'kind' = 'payment.receipt' and data->>'registrationId' = ${result.registrationId}`,
    )
    expect(job.data.data.amountMinor).toBe(30000)
    expect(job.data.data.attachmentFilename).toMatch(/^TEST-\d{4}-\d{5}\.pdf$/)
    expect(Buffer.from(job.data.data.attachmentBase64, 'base64').subarray(0, 5).toString()).toBe('%PDF-')
    // Paying the same session twice is refused (the session is complete).
    expect((await finishTestCheckout(started.sessionId!, 'pay')).ok).toBe(false)
  })
})
