import type { SQL } from 'drizzle-orm'
import { drizzle, type PostgresJsDatabase } from 'drizzle-orm/postgres-js'
import postgres from 'postgres'
import * as schema from './schema/index'

export type Database = PostgresJsDatabase<typeof schema>
export type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0]
/** Either the pool or an open transaction: services accept both so callers can compose them. */
export type DbOrTx = Database | Transaction

/**
 * `tx.execute(query)` as a prepared statement: postgres.js keeps it per connection by its text, so
 * the server parses and plans it once, and the short Bind/Execute messages of pipelined statements
 * leave in one socket write. drizzle's own `execute` never prepares. For hot paths with fixed SQL
 * text; Date parameters must be sent as ISO strings (as with `execute`).
 */
export function executePrepared<T extends Record<string, unknown>>(tx: DbOrTx, query: SQL): Promise<T[]> {
  // drizzle keeps these on every database and transaction object; they are marked internal in its types.
  const { session, dialect } = tx as unknown as {
    session: { prepareQuery: (q: unknown, fields: undefined, name: string, arrayMode: false) => { execute: () => Promise<T[]> } }
    dialect: { sqlToQuery: (q: SQL) => unknown }
  }
  return session.prepareQuery(dialect.sqlToQuery(query), undefined, 'raw', false).execute()
}

export type DatabaseHandle = { db: Database; sql: postgres.Sql; url: string }

export function createDatabase(url: string, options: { max?: number; applicationName?: string } = {}): DatabaseHandle {
  const sql = postgres(url, {
    max: options.max ?? 10,
    idle_timeout: 20,
    connect_timeout: 10,
    // Seconds before a closed slot reconnects. postgres.js's default grows with the failed attempts
    // of an outage to 10–20 s, longer than the 10 s a process has to recover once PostgreSQL is
    // back (decision 026): the same growth, capped at 1–2 s.
    backoff: (retries: number) => (0.5 + Math.random() / 2) * Math.min(3 ** retries / 100, 2),
    onnotice: () => {},
    connection: { application_name: options.applicationName ?? 'passerelle' },
  })
  const db = drizzle(sql, { schema, casing: 'snake_case' })
  return { db, sql, url }
}

// One handle per process. Kept on globalThis because Vite's dev server loads route modules in
// its own module graph: both copies of this file must see the same pool.
const holder = globalThis as unknown as { __passerelleDb?: DatabaseHandle }

export function setDatabase(handle: DatabaseHandle | undefined) {
  holder.__passerelleDb = handle
}

export function getDatabaseHandle(): DatabaseHandle {
  if (!holder.__passerelleDb) {
    const url = process.env.DATABASE_URL
    if (!url) throw new Error('DATABASE_URL is not set and no database was opened by the server')
    holder.__passerelleDb = createDatabase(url, { max: Number(process.env.DATABASE_POOL_MAX ?? 10) })
  }
  return holder.__passerelleDb
}

export function getDb(): Database {
  return getDatabaseHandle().db
}

// Asked of the server, once per pool: the embedded PGlite is reached by the same URL form as a
// PostgreSQL server (e2e hands its socket to the app as DATABASE_URL).
const pgliteAnswers = new WeakMap<postgres.Sql, Promise<boolean>>()

/** Whether the handle's server is the embedded PGlite (db/embedded.ts), which cannot stream a COPY. */
export function isPglite(handle: DatabaseHandle): Promise<boolean> {
  let answer = pgliteAnswers.get(handle.sql)
  if (!answer) {
    answer = handle.sql<{ pglite: boolean }[]>`select version() like '%PGlite%' as pglite`.then(([row]) => row.pglite)
    // A failed look-up (the server was down) is asked again next time.
    answer.catch(() => pgliteAnswers.delete(handle.sql))
    pgliteAnswers.set(handle.sql, answer)
  }
  return answer
}

export async function closeDatabase() {
  const handle = holder.__passerelleDb
  holder.__passerelleDb = undefined
  if (handle) await handle.sql.end({ timeout: 5 })
}

export { schema }
