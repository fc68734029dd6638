import type { InvoiceLine } from '#db/schema/payments'

/**
 * Prices are tax-inclusive (what the company pays is what the ticket type says): the tax in a
 * line is `total × rate / (10000 + rate)`, computed per line and rounded half away from zero to
 * the minor unit; the document's tax is the sum of its lines' taxes, its net the total minus tax.
 */
export function taxIncluded(totalMinor: number, taxRateBp: number): number {
  if (taxRateBp <= 0 || totalMinor === 0) return 0
  const exact = (Math.abs(totalMinor) * taxRateBp) / (10000 + taxRateBp)
  const rounded = Math.floor(exact + 0.5)
  return Math.sign(totalMinor) * rounded
}

export type InvoiceLineInput = Omit<InvoiceLine, 'totalMinor' | 'taxMinor'> & { totalMinor?: number }

export function computeInvoiceTotals(lines: InvoiceLineInput[], taxRateBp: number) {
  const withTax: InvoiceLine[] = lines.map((line) => {
    const totalMinor = line.totalMinor ?? line.quantity * line.unitPriceMinor
    return { ...line, totalMinor, taxMinor: taxIncluded(totalMinor, taxRateBp) }
  })
  const totalMinor = withTax.reduce((sum, l) => sum + l.totalMinor, 0)
  const taxMinor = withTax.reduce((sum, l) => sum + (l.taxMinor ?? 0), 0)
  return { lines: withTax, totalMinor, taxMinor, subtotalMinor: totalMinor - taxMinor }
}
