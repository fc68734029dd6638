import { describe, expect, it } from 'vitest'
import { registrationLines } from '~/modules/invoices/registration-lines'
import { computeInvoiceTotals, taxIncluded } from '~/modules/invoices/invoice-totals'
import { formatInvoiceNumber } from '~/modules/invoices/invoice-numbering.server'
import { buildCheckoutParams, checkoutExpiry, transitionOf } from '~/modules/payments/checkout-params'

const name = (fr: string) => ({ fr, en: `${fr} (en)` })

describe('registration lines (amounts computed on the server)', () => {
  it('one line per ticket type at the unit price after the discount share, Σ = total', () => {
    const { checkoutLines, invoiceLines } = registrationLines({
      seats: [
        { ticketTypeId: 'a', name: name('Délégué'), unitPriceMinor: 15000, quantity: 2 },
        { ticketTypeId: 'b', name: name('Table'), unitPriceMinor: 45000, quantity: 1 },
      ],
      registration: { subtotalMinor: 75000, discountMinor: 7500, funderShareMinor: 0, totalMinor: 67500 },
      locale: 'fr',
      codeLabel: 'EARLY10',
      funderName: null,
    })
    expect(checkoutLines).toEqual([
      { ticketTypeId: 'a', name: 'Délégué', quantity: 2, unitAmountMinor: 13500 },
      { ticketTypeId: 'b', name: 'Table', quantity: 1, unitAmountMinor: 40500 },
    ])
    expect(invoiceLines.map((l) => l.unitPriceMinor)).toEqual([15000, 45000, -7500])
    expect(invoiceLines[2].description).toContain('EARLY10')
  })

  it('splits a line when the share does not divide evenly, to the cent', () => {
    const { checkoutLines } = registrationLines({
      seats: [{ ticketTypeId: 'a', name: name('Délégué'), unitPriceMinor: 10000, quantity: 3 }],
      registration: { subtotalMinor: 30000, discountMinor: 1000, funderShareMinor: 0, totalMinor: 29000 },
      locale: 'en',
      codeLabel: 'X',
      funderName: null,
    })
    expect(checkoutLines).toEqual([
      { ticketTypeId: 'a', name: 'Délégué (en)', quantity: 2, unitAmountMinor: 9667 },
      { ticketTypeId: 'a', name: 'Délégué (en)', quantity: 1, unitAmountMinor: 9666 },
    ])
    expect(checkoutLines.reduce((s, l) => s + l.quantity * l.unitAmountMinor, 0)).toBe(29000)
  })

  it('refuses a total above the gross', () => {
    expect(() =>
      registrationLines({
        seats: [{ ticketTypeId: 'a', name: name('D'), unitPriceMinor: 100, quantity: 1 }],
        registration: { subtotalMinor: 100, discountMinor: 0, funderShareMinor: 0, totalMinor: 101 },
        locale: 'fr',
        codeLabel: null,
        funderName: null,
      }),
    ).toThrow()
  })
})

describe('tax and numbers', () => {
  it('tax included per line, half away from zero', () => {
    expect(taxIncluded(120000, 850)).toBe(9401) // 9400.92
    expect(taxIncluded(-120000, 850)).toBe(-9401)
    expect(taxIncluded(10850, 850)).toBe(850)
    expect(taxIncluded(5000, 0)).toBe(0)
    const totals = computeInvoiceTotals([{ description: 'a', quantity: 3, unitPriceMinor: 333 }], 850)
    expect(totals).toMatchObject({ totalMinor: 999, taxMinor: 78, subtotalMinor: 921 })
  })
  it('formats invoice numbers per organisation and year', () => {
    expect(formatInvoiceNumber('CCEM', 2027, 1)).toBe('CCEM-2027-00001')
    expect(formatInvoiceNumber('CCEM', 2027, 123456)).toBe('CCEM-2027-123456')
  })
})

describe('checkout session parameters', () => {
  const now = new Date('2027-01-10T12:00:00Z')
  it('expires with the hold, never sooner than Stripe’s 30 minutes', () => {
    const base = Math.ceil(now.getTime() / 1000)
    expect(checkoutExpiry(new Date(now.getTime() + 10 * 60_000), now)).toBe(base + 31 * 60)
    expect(checkoutExpiry(new Date(now.getTime() + 45 * 60_000), now)).toBe(base + 45 * 60)
    expect(checkoutExpiry(new Date(now.getTime() + 48 * 3600_000), now)).toBe(base + 24 * 3600)
  })
  it('carries currency, email, locale, metadata and return URLs', () => {
    const params = buildCheckoutParams({
      registration: { id: 'r1', reference: 'CCEM-X', contactEmail: 'a@b.example', currency: 'USD', holdExpiresAt: null },
      lines: [{ ticketTypeId: 't', name: 'Delegate', quantity: 2, unitAmountMinor: 15000 }],
      locale: 'en',
      eventTitle: 'B2B',
      returnToken: 'tok',
      publicUrl: 'https://p.example',
      now,
    })
    expect(params).toMatchObject({
      currency: 'usd',
      customer_email: 'a@b.example',
      locale: 'en',
      client_reference_id: 'r1',
      metadata: { registration_id: 'r1' },
      success_url: 'https://p.example/en/payment/success?session_id={CHECKOUT_SESSION_ID}&token=tok&registration=r1',
      cancel_url: 'https://p.example/en/payment/cancel?token=tok&registration=r1',
    })
  })
  it('maps events and session states to one transition', () => {
    expect(transitionOf('checkout.session.completed', { status: 'complete', payment_status: 'paid' })).toBe('paid')
    expect(transitionOf('checkout.session.completed', { status: 'complete', payment_status: 'unpaid' })).toBe('processing')
    expect(transitionOf('checkout.session.async_payment_failed', { status: 'complete', payment_status: 'unpaid' })).toBe('failed')
    expect(transitionOf('checkout.session.expired', { status: 'expired', payment_status: 'unpaid' })).toBe('expired')
    expect(transitionOf('reconcile', { status: 'open', payment_status: 'unpaid' })).toBeNull()
  })
})
