import crypto from 'node:crypto'

const hash = (...parts: string[]) => crypto.createHash('sha256').update(parts.join('|')).digest('hex')

/** Stable pseudonyms per (request, row): re-running an erasure writes the same values (idempotent). */
export function pseudonymFor(seed: string, rowId: string) {
  const h = hash(seed, rowId)
  return {
    firstName: 'Personne',
    lastName: `effacée ${h.slice(0, 8)}`,
    name: `Personne effacée ${h.slice(0, 8)}`,
    email: `erased-${h.slice(0, 16)}@erased.invalid`,
  }
}

export const ERASED_DOMAIN = '@erased.invalid'

export function normaliseEmail(email: string) {
  return email.trim().toLowerCase()
}

/** The fingerprint kept in place of an erased address (lets a new request find the old one). */
export function emailFingerprint(email: string) {
  return `sha256:${hash('privacy-email', normaliseEmail(email)).slice(0, 32)}`
}
