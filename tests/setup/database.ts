/**
 * Test databases: a fresh database on the PostgreSQL named by TEST_DATABASE_URL (created and
 * dropped around the run), else an embedded in-memory PGlite. Migrations applied either way.
 */
import crypto from 'node:crypto'
import postgres from 'postgres'
import { createDatabase } from '#db/client'
import { startEmbeddedDatabase } from '#db/embedded'
import { migrateDatabase } from '#db/migrate'

export type TestDatabase = { url: string; kind: 'postgres' | 'pglite'; drop: () => Promise<void> }

function withDatabase(url: string, database: string) {
  const u = new URL(url)
  u.pathname = `/${database}`
  return u.toString()
}

export async function createTestDatabase(prefix = 'passerelle_test', options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const adminUrl = process.env.TEST_DATABASE_URL
  let result: TestDatabase
  if (adminUrl) {
    const name = `${prefix}_${Date.now().toString(36)}_${crypto.randomBytes(3).toString('hex')}`
    const admin = postgres(adminUrl, { max: 1, onnotice: () => {} })
    await admin.unsafe(`create database "${name}"`)
    await admin.end()
    const url = withDatabase(adminUrl, name)
    result = {
      url,
      kind: 'postgres',
      drop: async () => {
        const a = postgres(adminUrl, { max: 1, onnotice: () => {} })
        await a.unsafe(`drop database if exists "${name}" with (force)`)
        await a.end()
      },
    }
  } else {
    const embedded = await startEmbeddedDatabase({ dataDir: 'memory://', maxConnections: 100 })
    result = { url: embedded.url, kind: 'pglite', drop: embedded.stop }
  }
  if (options.migrate !== false) {
    const handle = createDatabase(result.url, { max: 2 })
    await migrateDatabase(handle.sql)
    await handle.sql.end()
  }
  return result
}
