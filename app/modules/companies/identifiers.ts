/**
 * French company identifiers: a SIREN (9 digits) and a SIRET (SIREN + 5-digit establishment
 * number) pass the Luhn rule; La Poste's establishments (SIREN 356 000 000) are the one
 * exception, where the SIRET's digits add up to a multiple of 5. Pure: no server imports.
 */
import codesNaf from '@socialgouv/codes-naf'

const LA_POSTE_SIREN = '356000000'

/** Spaces, dots and dashes people type are dropped: "552 100 554 00019" → "55210055400019". */
export const compactIdentifier = (value: string) => value.replace(/[\s.-]/g, '')

/** The Luhn checksum: doubling every second digit from the right, the sum is a multiple of 10. */
export function luhnValid(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false
  let sum = 0
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48
    if (i % 2 === 1) {
      d *= 2
      if (d > 9) d -= 9
    }
    sum += d
  }
  return sum % 10 === 0
}

export function isValidSiren(value: string): boolean {
  const v = compactIdentifier(value)
  return /^\d{9}$/.test(v) && luhnValid(v)
}

export function isValidSiret(value: string): boolean {
  const v = compactIdentifier(value)
  if (!/^\d{14}$/.test(v)) return false
  if (v.startsWith(LA_POSTE_SIREN)) {
    const sum = [...v].reduce((s, c) => s + Number(c), 0)
    return sum % 5 === 0
  }
  return luhnValid(v) && isValidSiren(v.slice(0, 9))
}

/** The NAF rev. 2 sub-classes (732, e.g. "62.01Z"), from INSEE's list shipped in `@socialgouv/codes-naf`. */
const NAF_LABELS = new Map(codesNaf.filter((c) => /^\d{2}\.\d{2}[A-Z]$/.test(c.id)).map((c) => [c.id, c.label] as const))

/** "6201Z", "62.01z" and "62.01Z" are the same code; null when it is not one of the list's shapes. */
export function normaliseNafCode(value: string): string | null {
  const v = compactIdentifier(value).toUpperCase()
  const m = /^(\d{2})\.?(\d{2})([A-Z])$/.exec(v)
  return m ? `${m[1]}.${m[2]}${m[3]}` : null
}

/** The code as listed ("62.01Z"), or null when it is not in the NAF rev. 2 list. */
export function knownNafCode(value: string): string | null {
  const code = normaliseNafCode(value)
  return code && NAF_LABELS.has(code) ? code : null
}

export const nafLabel = (code: string) => NAF_LABELS.get(code) ?? null

/** The NACE rev. 2 class a NAF sub-class belongs to (the first four digits): "62.01Z" → "62.01". */
export const naceOfNaf = (code: string) => code.slice(0, 5)

/** The NACE section letter of a division (the two first digits), e.g. "62" → "J". */
const SECTIONS: [string, number, number][] = [
  ['A', 1, 3], ['B', 5, 9], ['C', 10, 33], ['D', 35, 35], ['E', 36, 39], ['F', 41, 43], ['G', 45, 47], ['H', 49, 53], ['I', 55, 56], ['J', 58, 63],
  ['K', 64, 66], ['L', 68, 68], ['M', 69, 75], ['N', 77, 82], ['O', 84, 84], ['P', 85, 85], ['Q', 86, 88], ['R', 90, 93], ['S', 94, 96], ['T', 97, 98], ['U', 99, 99],
]
export function naceSection(code: string): string | null {
  const division = Number(code.slice(0, 2))
  return SECTIONS.find(([, from, to]) => division >= from && division <= to)?.[0] ?? null
}
