/** References and identifiers a registration and its attendees get once, for good. */
import crypto from 'node:crypto'

const REFERENCE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ'
/** A registration's reference: the organisation's prefix and eight unambiguous characters (no 0/O, 1/I). */
export function newReference(prefix: string) {
  const bytes = crypto.randomBytes(8)
  let out = ''
  for (let i = 0; i < 8; i++) out += REFERENCE_ALPHABET[bytes[i] % REFERENCE_ALPHABET.length]
  return `${prefix}-${out}`
}

/** An attendee's calendar UID: the same event in their calendar across every update. */
export function newCalendarUid() {
  return `${crypto.randomUUID()}@passerelle.ccem`
}
