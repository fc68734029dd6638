/**
 * Pure pricing of a registration: integer minor units only, no I/O.
 * subtotal − discount − funder share = total the company pays.
 */
export type PriceLine = { ticketTypeId: string; unitPriceMinor: number; quantity: number }

export type PricingCode = {
  kind: 'discount' | 'invitation' | 'funder'
  percentOffBp: number | null
  amountOffMinor: number | null
  /** Ticket types the code applies to; empty = all. */
  ticketTypeIds: string[]
}

export type Pricing = {
  subtotalMinor: number
  discountMinor: number
  funderShareMinor: number
  totalMinor: number
}

export function codeAppliesTo(code: Pick<PricingCode, 'ticketTypeIds'>, ticketTypeId: string): boolean {
  return code.ticketTypeIds.length === 0 || code.ticketTypeIds.includes(ticketTypeId)
}

export function priceRegistration(lines: PriceLine[], code?: PricingCode | null): Pricing {
  for (const line of lines) {
    if (!Number.isInteger(line.unitPriceMinor) || line.unitPriceMinor < 0) throw new RangeError('unit price must be a non-negative integer')
    if (!Number.isInteger(line.quantity) || line.quantity < 0) throw new RangeError('quantity must be a non-negative integer')
  }
  const subtotalMinor = lines.reduce((sum, line) => sum + line.unitPriceMinor * line.quantity, 0)
  let reduction = 0
  if (code) {
    const eligible = lines
      .filter((line) => codeAppliesTo(code, line.ticketTypeId))
      .reduce((sum, line) => sum + line.unitPriceMinor * line.quantity, 0)
    if (code.percentOffBp) reduction = Math.floor((eligible * Math.min(10_000, Math.max(0, code.percentOffBp))) / 10_000)
    else if (code.amountOffMinor) reduction = Math.min(eligible, Math.max(0, code.amountOffMinor))
  }
  const isFunder = code?.kind === 'funder'
  const discountMinor = isFunder ? 0 : reduction
  const funderShareMinor = isFunder ? reduction : 0
  return { subtotalMinor, discountMinor, funderShareMinor, totalMinor: subtotalMinor - discountMinor - funderShareMinor }
}
