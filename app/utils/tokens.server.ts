import crypto from 'node:crypto'

/** A random URL-safe token (256 bits by default). */
export function randomToken(bytes = 32): string {
  return crypto.randomBytes(bytes).toString('base64url')
}

/** What we store instead of a token: its SHA-256, hex. */
export function hashToken(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex')
}
