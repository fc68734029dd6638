/**
 * The database driver after a connection dies mid-transaction, as when PostgreSQL restarts under
 * load (decision 026, `npm run faults` scenario "PostgreSQL restarts under load"): the pool slot
 * must serve the next query as soon as the server answers, not wait for `connect_timeout`.
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { afterEach, describe, expect, inject, it } from 'vitest'
import { createDatabase, type DatabaseHandle } from '#db/client'

const url = inject('databaseUrl')
const opened: DatabaseHandle[] = []
const open = (max: number) => {
  const handle = createDatabase(url, { max })
  opened.push(handle)
  return handle
}

afterEach(async () => {
  await Promise.all(opened.splice(0).map((h) => h.sql.end({ timeout: 1 })))
})

describe('postgres.js after a backend dies inside a transaction', () => {
  it('is the repaired driver (db/driver/postgres-write-scheduler.js ran at install)', () => {
    const require = createRequire(import.meta.url)
    // `postgres` resolves to <root>/cjs/src/index.js here (its exports hide package.json).
    const root = path.resolve(path.dirname(require.resolve('postgres')), '../..')
    for (const file of ['src/connection.js', 'cjs/src/connection.js']) {
      expect(readFileSync(path.join(root, file), 'utf8'), file).toContain('write scheduler repaired (decision 026)')
    }
  })

  it.skipIf(inject('databaseKind') === 'pglite')(
    'rejects the transaction, throws nothing outside it, and the same pool slot answers the next query at once',
    async () => {
      const app = open(1) // one slot: the next query gets the connection that died
      const admin = open(1)
      const uncaught: unknown[] = []
      const record = (error: unknown) => uncaught.push(error)
      process.on('uncaughtException', record)
      try {
        const outcome = await app.sql
          .begin(async (tx) => {
            const [{ pid }] = await tx<{ pid: number }[]>`select pg_backend_pid() as pid`
            setTimeout(() => void admin.sql`select pg_terminate_backend(${pid})`.catch(() => {}), 200)
            // In flight when the backend dies: postgres.js then sends `rollback` on the closed
            // connection (its deferred write used to throw and leave the slot unable to write).
            await tx`select pg_sleep(5)`
          })
          .then(
            () => 'committed',
            (error: { code?: string }) => error.code,
          )
        expect(outcome).not.toBe('committed')
        // Let the rollback's deferred write run.
        await new Promise((resolve) => setTimeout(resolve, 100))
        const started = Date.now()
        const [{ n }] = await app.sql<{ n: number }[]>`select 3 as n`
        expect(n).toBe(3)
        // Unrepaired, the slot's StartupMessage stayed buffered (CONNECT_TIMEOUT after 10 s), or
        // the dead query's error was handed to this one.
        expect(Date.now() - started).toBeLessThan(5000)
        expect(uncaught).toEqual([])
      } finally {
        process.off('uncaughtException', record)
      }
    },
  )
})
