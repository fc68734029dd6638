import { isDatabaseUnavailable } from './database-errors'
import { logger } from './logger.server'

/**
 * Two faults of our database drivers crash a process when PostgreSQL restarts under load
 * (found by `npm run faults`, scenario "PostgreSQL restarts under load"):
 * - postgres.js 3.4.x defers small writes with `setImmediate`; when the server goes away in
 *   between, `nextWrite` writes to a null socket and throws outside any query
 *   (porsager/postgres#1154, #1208; still in 3.4.10). The query was already rejected with
 *   CONNECTION_CLOSED and the pool reconnects.
 * - pg-boss 10 calls `complete()` / `fail()` after a handler without awaiting them: when the
 *   database is down at that moment, the rejection is unhandled. The job stays active and is
 *   retried after its expiry (handlers are idempotent, mails are claimed: 004).
 * - A connection-level error (ECONNRESET, EPIPE, 57P01 "terminating connection"...) that no one
 *   was listening for: a socket's second error after its pool already dropped it, or a driver
 *   promise nobody awaits (pg-boss's complete/fail). Its stack is the socket's own (TCP.onStreamRead),
 *   so it cannot be traced to a driver, but it only says a connection died, which the pools
 *   already handle; it killed the worker in about one restart in four before it was survived.
 * Those are logged and survived; anything else still stops the process, as Node does.
 */
export function isKnownDriverFault(error: unknown): boolean {
  if (!(error instanceof Error)) return false
  if (isDatabaseUnavailable(error)) return true
  const stack = error.stack ?? ''
  if (error instanceof TypeError && error.message === "Cannot read properties of null (reading 'write')")
    return /nextWrite[^\n]*postgres[\\/]src[\\/]connection\.js/.test(stack)
  return /at (async )?Manager\.(complete|fail) [^\n]*pg-boss[\\/]src[\\/]manager\.js/.test(stack)
}

export function installDriverFaultGuard() {
  const survive = (error: unknown, origin: string) => {
    if (isKnownDriverFault(error)) {
      logger.warn({ err: error, origin }, 'database driver fault during a database outage: survived, the pools reconnect')
      return
    }
    console.error(`${origin}:`, error)
    process.exit(1)
  }
  process.on('uncaughtException', (error) => survive(error, 'uncaughtException'))
  process.on('unhandledRejection', (reason) => survive(reason, 'unhandledRejection'))
}
