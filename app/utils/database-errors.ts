/**
 * Errors that mean "PostgreSQL is not there right now" (restarting, failing over, out of
 * connections, the network between us cut), as opposed to a bug or a refused statement.
 * postgres.js and node-postgres raise them directly or as the `cause` of drizzle's query error.
 */

/** Drivers' and sockets' connection codes, and SQLSTATEs of an unavailable server. */
const CONNECTION_CODES = new Set([
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'CONNECT_TIMEOUT',
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
])
const SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300'])

export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e = error, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code
    if (typeof code === 'string' && (CONNECTION_CODES.has(code) || SQLSTATES.has(code) || code.startsWith('08'))) return true
  }
  return false
}
