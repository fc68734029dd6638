/**
 * Splitting money by shares, to the cent. Shares are basis points (10000 = 100 %) and must add
 * up to exactly 10000. Rounding rule (largest remainder): each part first gets the floor of
 * amount × share / 10000; the cents left over (fewer than the number of parts) go one each to the
 * parts with the largest remainders, ties broken by the order the shares were given. The parts
 * therefore always add up to the amount, and the same input always gives the same split.
 * Pure: no server imports.
 */
export const FULL_SHARE_BP = 10_000

export type Share<K> = { key: K; shareBp: number }

export function sharesAddUp(shares: readonly { shareBp: number }[]): boolean {
  return shares.reduce((s, x) => s + x.shareBp, 0) === FULL_SHARE_BP
}

export function splitByShares<K>(amountMinor: number, shares: readonly Share<K>[]): { key: K; amountMinor: number }[] {
  if (!Number.isSafeInteger(amountMinor) || amountMinor < 0) throw new RangeError('amount must be a non-negative integer of cents')
  if (!sharesAddUp(shares) || shares.some((s) => !Number.isInteger(s.shareBp) || s.shareBp <= 0)) throw new RangeError('shares must be positive and add up to 10000')
  // BigInt keeps amount × share exact past 2^53.
  const parts = shares.map((s, index) => {
    const exact = BigInt(amountMinor) * BigInt(s.shareBp)
    return { key: s.key, index, floor: Number(exact / BigInt(FULL_SHARE_BP)), remainder: Number(exact % BigInt(FULL_SHARE_BP)) }
  })
  let left = amountMinor - parts.reduce((s, p) => s + p.floor, 0)
  const order = [...parts].sort((a, b) => b.remainder - a.remainder || a.index - b.index)
  for (const p of order) {
    if (left <= 0) break
    p.floor += 1
    left -= 1
  }
  return parts.map((p) => ({ key: p.key, amountMinor: p.floor }))
}

/** An amount split evenly over `n` parts by the same rule (the first parts get the extra cents). */
export function splitEvenly(amountMinor: number, n: number): number[] {
  if (n <= 0) return []
  const base = Math.floor(amountMinor / n)
  const extra = amountMinor - base * n
  return Array.from({ length: n }, (_, i) => base + (i < extra ? 1 : 0))
}

/** "33.34" (percent, up to two decimals) → 3334 basis points; null when not such a number. */
export function percentToBp(value: string): number | null {
  const v = value.trim().replace(',', '.').replace(/\s*%$/, '')
  if (!/^\d{1,3}(\.\d{1,2})?$/.test(v)) return null
  const [whole, frac = ''] = v.split('.')
  return Number(whole) * 100 + Number(frac.padEnd(2, '0'))
}
