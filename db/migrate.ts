import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { migrate } from 'drizzle-orm/postgres-js/migrator'
import { sql } from 'drizzle-orm'
import { readMigrationFiles } from 'drizzle-orm/migrator'
import { drizzle } from 'drizzle-orm/postgres-js'
import type postgres from 'postgres'
import { createDatabase, type Database } from './client'

export const migrationsFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations')

/**
 * Applies the committed SQL migrations. Idempotent; holds an advisory lock on one reserved
 * connection (the pool needs two) so several instances starting together apply them once.
 */
export async function migrateDatabase(client: postgres.Sql) {
  const reserved = await client.reserve()
  try {
    await reserved`select pg_advisory_lock(727274)`
    const db = drizzle(client, { casing: 'snake_case' })
    await migrate(db, { migrationsFolder, migrationsSchema: 'drizzle', migrationsTable: '__drizzle_migrations' })
  } finally {
    await reserved`select pg_advisory_unlock(727274)`.catch(() => {})
    reserved.release()
  }
}

/** True when every committed migration is recorded as applied in the database. */
export async function migrationsUpToDate(db: Database): Promise<{ ok: boolean; applied: number; expected: number }> {
  const expected = readMigrationFiles({ migrationsFolder }).length
  try {
    const rows = await db.execute<{ count: string }>(sql`select count(*)::text as count from drizzle.__drizzle_migrations`)
    const applied = Number(rows[0]?.count ?? 0)
    return { ok: applied >= expected, applied, expected }
  } catch {
    return { ok: false, applied: 0, expected }
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const url = process.env.DATABASE_URL
  if (!url) {
    console.error('DATABASE_URL is not set. (npm run dev migrates the embedded database by itself.)')
    process.exit(1)
  }
  const handle = createDatabase(url, { max: 2 })
  await migrateDatabase(handle.sql)
  await handle.sql.end()
  console.log('Migrations applied.')
}
