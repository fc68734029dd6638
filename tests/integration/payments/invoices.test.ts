import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { and, eq, sql } from 'drizzle-orm'
import { inject } from 'vitest'
import { createDatabase, getDb } from '#db/client'
import { funderShares, invoices, refunds } from '#db/schema/index'
import { issueDocument, issueFunderInvoice, findRegistrationInvoice } from '~/modules/invoices/invoices.server'
import { renderInvoicePdf } from '~/modules/invoices/invoice-pdf.server'
import { chooseInvoicePayment, recordBankPayment } from '~/modules/payments/bank-transfer.server'
import { refundRegistration } from '~/modules/payments/refunds.server'
import { getFunderReport } from '~/modules/payments/funder-report.server'
import { getRegistrationPayments } from '~/modules/payments/payment-summary.server'
import { sendInvoiceReminders } from '~/modules/payments/reconcile.server'
import { setPaymentGateway, createTestCheckoutGateway } from '~/modules/payments/gateway.server'
import {
  countNotifications,
  createCode,
  createFunder,
  createHeldRegistration,
  createPaymentEvent,
  registrationRow,
} from '../../factories/payment-fixtures'
import { useStripeEnv } from './helpers'

beforeAll(() => {
  useStripeEnv()
  setPaymentGateway(createTestCheckoutGateway())
})
afterAll(() => setPaymentGateway(undefined))

describe('invoice numbering', () => {
  it('50 documents issued in parallel from two connection pools: numbers 1..50, no gap, no duplicate', async () => {
    const fixture = await createPaymentEvent()
    const second = createDatabase(inject('databaseUrl'), { max: 6 })
    try {
      const issue = (i: number) =>
        (i % 2 === 0 ? getDb() : second.db).transaction((tx) =>
          issueDocument(tx, {
            organisationId: fixture.organisationId,
            kind: 'invoice',
            locale: 'fr',
            seller: { name: 'Org' },
            buyer: { name: `Buyer ${i}` },
            lines: [{ description: 'Délégué', quantity: 1, unitPriceMinor: 1000 + i }],
            currency: 'EUR',
            taxRateBp: 850,
            actor: { label: 'test' },
          }),
        )
      // A transaction that takes a number and then fails gives it back.
      const failing = getDb()
        .transaction(async (tx) => {
          await issueDocument(tx, {
            organisationId: fixture.organisationId,
            kind: 'invoice',
            locale: 'fr',
            seller: { name: 'Org' },
            buyer: { name: 'Rolled back' },
            lines: [{ description: 'x', quantity: 1, unitPriceMinor: 1 }],
            currency: 'EUR',
            taxRateBp: 0,
            actor: { label: 'test' },
          })
          throw new Error('rollback')
        })
        .catch(() => 'rolled back')
      const results = await Promise.all([...Array.from({ length: 50 }, (_, i) => issue(i)), failing])
      expect(results.at(-1)).toBe('rolled back')
      const rows = await getDb().select().from(invoices).where(eq(invoices.organisationId, fixture.organisationId))
      expect(rows).toHaveLength(50)
      expect(rows.map((r) => r.sequence).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1))
      expect(new Set(rows.map((r) => r.number)).size).toBe(50)
      const year = rows[0].year
      expect(rows.find((r) => r.sequence === 7)?.number).toMatch(new RegExp(`^T[0-9A-F]{4}-${year}-00007$`))
      expect(rows.some((r) => r.buyer.name === 'Rolled back')).toBe(false)
    } finally {
      await second.sql.end()
    }
  })

  it('computes tax per line (prices tax-inclusive, half away from zero) and has no UPDATE path', async () => {
    const fixture = await createPaymentEvent()
    const doc = await getDb().transaction((tx) =>
      issueDocument(tx, {
        organisationId: fixture.organisationId,
        kind: 'invoice',
        locale: 'en',
        seller: { name: 'Org' },
        buyer: { name: 'B' },
        lines: [
          { description: 'A', quantity: 2, unitPriceMinor: 120000 },
          { description: 'B', quantity: 1, unitPriceMinor: 999 },
          { description: 'Funder', quantity: 1, unitPriceMinor: -120000 },
        ],
        currency: 'EUR',
        taxRateBp: 850,
        actor: { label: 'test' },
      }),
    )
    // 240000 × 850/10850 = 18801.84 → 18802; 999 → 78.26 → 78; −120000 → −9400.92 → −9401
    expect(doc.lines.map((l) => l.taxMinor)).toEqual([18802, 78, -9401])
    expect(doc).toMatchObject({ totalMinor: 120999, taxMinor: 9479, subtotalMinor: 111520 })
    const modules = await import('~/modules/invoices/invoices.server')
    expect(Object.keys(modules).filter((k) => /^(update|edit|change)/i.test(k))).toEqual([])
  })
})

describe('bank transfer, refunds, credit notes, PDF', () => {
  it('invoice confirms at once; partial then full bank payments; refund issues a credit note', async () => {
    const fixture = await createPaymentEvent({ invoiceConfirmsImmediately: true })
    const { registration } = await createHeldRegistration(fixture, { locale: 'en' })
    const chosen = await chooseInvoicePayment(registration.id, { label: 'company' })
    expect(chosen.status).toBe('confirmed')
    expect(chosen.invoice).toMatchObject({ totalMinor: 240000, currency: 'EUR', locale: 'en' })
    expect(chosen.invoice.seller.bank?.iban).toContain('FR76')
    expect(chosen.invoice.dueAt).not.toBeNull()
    expect((await chooseInvoicePayment(registration.id, { label: 'company' })).invoice.id).toBe(chosen.invoice.id)

    await expect(recordBankPayment({ invoiceId: chosen.invoice.id }, 300000, { label: 'organiser' })).rejects.toMatchObject({ code: 'amountTooLarge' })
    const partial = await recordBankPayment({ invoiceId: chosen.invoice.id }, 100000, { label: 'organiser' })
    expect(partial).toMatchObject({ paidMinor: 100000, dueMinor: 140000, fullyPaid: false })
    const full = await recordBankPayment({ registrationId: registration.id }, 140000, { label: 'organiser' })
    expect(full).toMatchObject({ paidMinor: 240000, dueMinor: 0, fullyPaid: true })
    expect(await countNotifications('payment.receipt', registration.id)).toBe(2)

    const result = await refundRegistration({ registrationId: registration.id, amountMinor: 150000, reason: 'goodwill', note: 'Geste', actor: { label: 'organiser' } })
    expect(result.map((r) => r.status)).toEqual(['succeeded', 'succeeded'])
    const rows = await getDb().select().from(refunds).where(eq(refunds.registrationId, registration.id))
    expect(rows.map((r) => r.amountMinor).sort((a, b) => a - b)).toEqual([10000, 140000])
    expect(rows.every((r) => r.status === 'succeeded')).toBe(true)
    expect((await registrationRow(registration.id)).paidMinor).toBe(90000)
    const notes = await getDb().select().from(invoices).where(and(eq(invoices.correctsInvoiceId, chosen.invoice.id), eq(invoices.kind, 'credit_note')))
    expect(notes.map((n) => n.totalMinor).sort((a, b) => a - b)).toEqual([-140000, -10000])
    expect(await countNotifications('payment.refunded', registration.id)).toBe(2)
    await expect(refundRegistration({ registrationId: registration.id, amountMinor: 90001, reason: 'goodwill', actor: { label: 'o' } })).rejects.toMatchObject({ code: 'amountTooLarge' })

    const summary = await getRegistrationPayments(getDb(), registration.id)
    expect(summary).toMatchObject({ totalMinor: 240000, paidMinor: 90000, creditedMinor: 150000, refundableMinor: 90000, dueMinor: 0 })
    expect(summary?.payments.map((p) => p.provider)).toEqual(['bank_transfer', 'bank_transfer'])
    expect(summary?.documents.map((d) => d.kind)).toEqual(['invoice', 'credit_note', 'credit_note'])
    // Paid in full after credit notes: no reminder once the invoice is past due.
    await sendInvoiceReminders({ now: new Date(chosen.invoice.dueAt!.getTime() + 3600_000) })
    expect(await countNotifications('invoice.reminder', registration.id)).toBe(0)

    const pdf = await renderInvoicePdf(chosen.invoice.id)
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-')
    expect(pdf.length).toBeGreaterThan(1500)
    const creditPdf = await renderInvoicePdf(notes[0].id)
    expect(creditPdf.subarray(0, 5).toString()).toBe('%PDF-')
  })

  it('invoice holds the seats until due when the event does not confirm on invoice; reminders once overdue', async () => {
    const fixture = await createPaymentEvent({ invoiceConfirmsImmediately: false })
    const { registration } = await createHeldRegistration(fixture)
    const chosen = await chooseInvoicePayment(registration.id, { label: 'company' })
    expect(chosen.status).toBe('awaiting_payment')
    const held = await registrationRow(registration.id)
    expect(held.holdExpiresAt?.getTime()).toBe(chosen.invoice.dueAt?.getTime())

    const due = chosen.invoice.dueAt!
    await sendInvoiceReminders({ now: new Date(due.getTime() - 3600_000) })
    expect(await countNotifications('invoice.reminder', registration.id)).toBe(0)
    await sendInvoiceReminders({ now: new Date(due.getTime() + 3600_000) })
    expect(await countNotifications('invoice.reminder', registration.id)).toBe(1)
    await sendInvoiceReminders({ now: new Date(due.getTime() + 3 * 86400_000) })
    expect(await countNotifications('invoice.reminder', registration.id)).toBe(1)
    await sendInvoiceReminders({ now: new Date(due.getTime() + 7 * 86400_000 + 3600_000) })
    expect(await countNotifications('invoice.reminder', registration.id)).toBe(2)

    await recordBankPayment({ invoiceId: chosen.invoice.id }, 240000, { label: 'organiser' })
    expect((await registrationRow(registration.id)).status).toBe('confirmed')
    await sendInvoiceReminders({ now: new Date(due.getTime() + 14 * 86400_000 + 3600_000) })
    expect(await countNotifications('invoice.reminder', registration.id)).toBe(2)
  })

  it('a cancelling refund frees the seats through the registration service', async () => {
    const fixture = await createPaymentEvent()
    const { registration } = await createHeldRegistration(fixture)
    await chooseInvoicePayment(registration.id, { label: 'company' })
    await recordBankPayment({ registrationId: registration.id }, 240000, { label: 'organiser' })
    await refundRegistration({ registrationId: registration.id, amountMinor: 240000, reason: 'attendee_cancelled', cancel: true, actor: { label: 'organiser' } })
    const after = await registrationRow(registration.id)
    expect(after).toMatchObject({ status: 'cancelled', paidMinor: 0 })
    expect(await countNotifications('registration.cancelled', registration.id)).toBe(1)
  })
})

describe('funders', () => {
  it('reports each funder’s shares with totals per currency, then invoices the funder', async () => {
    const fixture = await createPaymentEvent({ currency: 'USD', taxRateBp: 0, tickets: [{ name: 'Délégué', priceMinor: 15000 }] })
    const funder = await createFunder(fixture.organisationId, `Région ${Date.now()}`)
    const code = await createCode(fixture.event.id, { kind: 'funder', percentOffBp: 5000, funderPartnerId: funder.id })
    const a = await createHeldRegistration(fixture, { code, seats: [{ ticketIndex: 0, count: 2 }] })
    const b = await createHeldRegistration(fixture, { code, seats: [{ ticketIndex: 0, count: 1 }], status: 'confirmed' })
    expect(a.registration).toMatchObject({ subtotalMinor: 30000, funderShareMinor: 15000, totalMinor: 15000 })

    const [report] = await getFunderReport(getDb(), { organisationId: fixture.organisationId, funderPartnerId: funder.id })
    expect(report.funder.name).toBe(funder.name)
    expect(report.registrations.map((r) => r.amountMinor).sort()).toEqual([15000, 7500])
    expect(report.totals).toEqual({ USD: 22500 })
    expect(report.uninvoiced).toEqual({ USD: 22500 })
    expect(report.registrations[0].eligibility).toMatchObject({ registeredInMartinique: true })

    // The company's invoice shows the funder's share as a negative line.
    await chooseInvoicePayment(a.registration.id, { label: 'company' })
    const companyInvoice = await findRegistrationInvoice(getDb(), a.registration.id)
    expect(companyInvoice?.lines.map((l) => l.totalMinor)).toEqual([30000, -15000])
    expect(companyInvoice?.lines[1].description).toContain(funder.name)

    const funderInvoice = await getDb().transaction((tx) => issueFunderInvoice(tx, { funderPartnerId: funder.id, currency: 'USD', actor: { label: 'organiser' } }))
    expect(funderInvoice).toMatchObject({ totalMinor: 22500, funderPartnerId: funder.id, registrationId: null })
    expect(funderInvoice.buyer.name).toBe(funder.name)
    const shares = await getDb().select().from(funderShares).where(eq(funderShares.funderPartnerId, funder.id))
    expect(shares.every((s) => s.invoiceId === funderInvoice.id)).toBe(true)
    const [after] = await getFunderReport(getDb(), { organisationId: fixture.organisationId, funderPartnerId: funder.id })
    expect(after.uninvoiced).toEqual({})
    await expect(getDb().transaction((tx) => issueFunderInvoice(tx, { funderPartnerId: funder.id, currency: 'USD', actor: { label: 'o' } }))).rejects.toMatchObject({ code: 'nothingToInvoice' })
    void b
    void sql
  })
})
