import { describe, expect, it } from 'vitest'
import { isValidSiren, isValidSiret, knownNafCode, luhnValid, naceSection } from '~/modules/companies/identifiers'
import { smeClass } from '~/modules/companies/sme'
import { percentToBp, splitByShares, splitEvenly } from '~/modules/funders/allocation'
import { windowStart, worstWindowTotal, DE_MINIMIS_CEILING_EUR_MINOR } from '~/modules/funders/de-minimis.server'

const M = 100 * 1_000_000 // one million euros in cents

describe('SME size class (Recommendation 2003/361)', () => {
  const f = (headcount: number, turnoverM: number, balanceM: number) => smeClass({ headcount, turnoverEurMinor: Math.round(turnoverM * M), balanceSheetEurMinor: Math.round(balanceM * M) })
  it('micro: under 10 people and turnover or balance sheet up to 2 M€', () => {
    expect(f(0, 0, 0)).toBe('micro')
    expect(f(9, 2, 2)).toBe('micro')
    expect(f(9, 2.00000001, 2)).toBe('micro') // the balance sheet alone is enough
    expect(f(9, 2.00000001, 2.00000001)).toBe('small')
    expect(f(10, 1, 1)).toBe('small')
  })
  it('small: under 50 and 10 M€', () => {
    expect(f(49, 10, 10)).toBe('small')
    expect(f(49, 10.00000001, 10.00000001)).toBe('medium')
    expect(f(50, 1, 1)).toBe('medium')
  })
  it('medium: under 250 and turnover up to 50 M€ or balance sheet up to 43 M€', () => {
    expect(f(249, 50, 100)).toBe('medium')
    expect(f(249, 100, 43)).toBe('medium')
    expect(f(249, 50.00000001, 43.00000001)).toBe('large')
    expect(f(250, 1, 1)).toBe('large')
  })
})

describe('SIREN / SIRET', () => {
  it('Luhn', () => {
    expect(luhnValid('79927398713')).toBe(true)
    expect(luhnValid('79927398710')).toBe(false)
  })
  it('accepts valid numbers with spaces and refuses a wrong key', () => {
    expect(isValidSiren('732 829 320')).toBe(true)
    expect(isValidSiren('732829321')).toBe(false)
    expect(isValidSiret('732 829 320 00074')).toBe(true)
    expect(isValidSiret('73282932000075')).toBe(false)
    expect(isValidSiret('7328293200007')).toBe(false)
  })
  it('La Poste establishments: digit sum multiple of 5', () => {
    expect(isValidSiret('35600000000001')).toBe(true) // digits add up to 15; fails Luhn
    expect(isValidSiret('35600000000002')).toBe(false)
  })
})

describe('NAF rev. 2', () => {
  it('knows the list in any spelling and refuses codes outside it', () => {
    expect(knownNafCode('6201Z')).toBe('62.01Z')
    expect(knownNafCode('62.01z')).toBe('62.01Z')
    expect(knownNafCode('62.01A')).toBeNull()
    expect(knownNafCode('99.99Z')).toBeNull()
    expect(naceSection('62.01Z')).toBe('J')
  })
})

describe('shares to the cent', () => {
  it('largest remainder: parts add up to the amount', () => {
    const split = splitByShares(100, [{ key: 'a', shareBp: 3333 }, { key: 'b', shareBp: 3333 }, { key: 'c', shareBp: 3334 }])
    expect(split.map((s) => s.amountMinor)).toEqual([33, 33, 34])
    const odd = splitByShares(1, [{ key: 'a', shareBp: 5000 }, { key: 'b', shareBp: 5000 }])
    expect(odd.map((s) => s.amountMinor)).toEqual([1, 0]) // tie: first given wins
    for (let amount = 0; amount < 2000; amount += 7) {
      const parts = splitByShares(amount, [{ key: 1, shareBp: 1234 }, { key: 2, shareBp: 5678 }, { key: 3, shareBp: 3088 }])
      expect(parts.reduce((s, p) => s + p.amountMinor, 0)).toBe(amount)
    }
    expect(splitEvenly(100, 3)).toEqual([34, 33, 33])
  })
  it('refuses shares that do not add up to 100 %', () => {
    expect(() => splitByShares(100, [{ key: 'a', shareBp: 5000 }, { key: 'b', shareBp: 4999 }])).toThrow(RangeError)
  })
  it('reads percentages', () => {
    expect(percentToBp('33,34')).toBe(3334)
    expect(percentToBp('100 %')).toBe(10000)
    expect(percentToBp('12.345')).toBeNull()
  })
})

describe('de minimis rolling window', () => {
  it('a window of three years ends on the grant day', () => {
    expect(windowStart('2027-03-10')).toBe('2024-03-11')
    expect(windowStart('2028-01-01')).toBe('2025-01-02')
  })
  it('counts aid across year ends, and later windows too', () => {
    const aids = [
      { grantedOn: '2024-12-31', amountEurMinor: 200_000_00 },
      { grantedOn: '2025-01-01', amountEurMinor: 50_000_00 },
    ]
    // 2027-12-31: the aid of 2024-12-31 is out of the window (2025-01-01 .. 2027-12-31).
    expect(worstWindowTotal(aids, '2027-12-31', 100_000_00).total).toBe(150_000_00)
    // 2027-12-30: it is in.
    expect(worstWindowTotal(aids, '2027-12-30', 100_000_00).total).toBe(350_000_00)
    // An older aid entered late breaks the window ending on a later aid.
    const later = [{ grantedOn: '2026-06-01', amountEurMinor: 250_000_00 }]
    expect(worstWindowTotal(later, '2024-01-01', 60_000_00).total).toBeGreaterThan(DE_MINIMIS_CEILING_EUR_MINOR)
    expect(worstWindowTotal(later, '2023-06-01', 60_000_00).total).toBe(60_000_00)
  })
})
