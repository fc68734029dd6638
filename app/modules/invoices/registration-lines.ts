import type { LocalizedText } from '#db/schema/_columns'
import type { InvoiceLineInput } from './invoice-totals'
import { translate, type Locale } from '~/locales'

/** Active seats of a registration, grouped by ticket type, at the ticket type's price. */
export type SeatGroup = { ticketTypeId: string; name: LocalizedText; unitPriceMinor: number; quantity: number }
export type CheckoutLine = { ticketTypeId: string; name: string; quantity: number; unitAmountMinor: number }

type Totals = { subtotalMinor: number; discountMinor: number; funderShareMinor: number; totalMinor: number }

export class PricingMismatchError extends Error {}

/**
 * What the company pays, line by line. The gross comes from the ticket types; the reduction
 * (discount + funder share, both computed by the registration service from the code) is shared
 * between the ticket types in proportion to their gross (largest remainder), then evenly between
 * the seats of a type. When a type's share does not divide evenly its line is split in two
 * (e.g. 2 × 599.99 and 1 × 600.00), so Σ lines = the registration's total, to the cent.
 */
export function registrationLines(input: {
  seats: SeatGroup[]
  registration: Totals
  locale: Locale
  codeLabel: string | null
  funderName: string | null
}) {
  const { seats, registration, locale } = input
  const groups = seats.filter((s) => s.quantity > 0).sort((a, b) => a.ticketTypeId.localeCompare(b.ticketTypeId))
  const gross = groups.reduce((sum, g) => sum + g.unitPriceMinor * g.quantity, 0)
  const reduction = gross - registration.totalMinor
  if (reduction < 0) throw new PricingMismatchError(`registration total ${registration.totalMinor} exceeds the gross ${gross}`)

  // Share the reduction between types, largest remainder.
  const exact = groups.map((g) => (gross === 0 ? 0 : (reduction * g.unitPriceMinor * g.quantity) / gross))
  const shares = exact.map(Math.floor)
  let left = reduction - shares.reduce((a, b) => a + b, 0)
  const order = exact.map((e, i) => ({ i, r: e - Math.floor(e) })).sort((a, b) => b.r - a.r || a.i - b.i)
  for (const { i } of order) {
    if (left <= 0) break
    shares[i] += 1
    left -= 1
  }

  const checkoutLines: CheckoutLine[] = []
  groups.forEach((g, i) => {
    const name = g.name[locale] || g.name.fr
    const base = Math.floor(shares[i] / g.quantity)
    const extra = shares[i] - base * g.quantity
    const unit = g.unitPriceMinor - base
    if (g.quantity - extra > 0) checkoutLines.push({ ticketTypeId: g.ticketTypeId, name, quantity: g.quantity - extra, unitAmountMinor: unit })
    if (extra > 0) checkoutLines.push({ ticketTypeId: g.ticketTypeId, name, quantity: extra, unitAmountMinor: unit - 1 })
  })

  const invoiceLines: InvoiceLineInput[] = groups.map((g) => ({
    description: g.name[locale] || g.name.fr,
    quantity: g.quantity,
    unitPriceMinor: g.unitPriceMinor,
  }))
  const declared = registration.discountMinor + registration.funderShareMinor
  if (declared === reduction) {
    if (registration.discountMinor > 0)
      invoiceLines.push({
        description: translate(locale, 'payments.invoice.discountLine', { code: input.codeLabel ?? '' }),
        quantity: 1,
        unitPriceMinor: -registration.discountMinor,
      })
    if (registration.funderShareMinor > 0)
      invoiceLines.push({
        description: translate(locale, 'payments.invoice.funderShareLine', { funder: input.funderName ?? '', code: input.codeLabel ?? '' }),
        quantity: 1,
        unitPriceMinor: -registration.funderShareMinor,
      })
  } else if (reduction > 0) {
    invoiceLines.push({ description: translate(locale, 'payments.invoice.reductionLine'), quantity: 1, unitPriceMinor: -reduction })
  }
  return { checkoutLines, invoiceLines, grossMinor: gross, totalMinor: registration.totalMinor }
}
