import { existsSync, readFileSync, rmSync } from 'node:fs'
import postgres from 'postgres'

export const E2E_DATABASE_FILE = '.cache/e2e-database'
/** The e2e app's DATABASE_URL, for journeys that read what the app wrote. */
export const E2E_DATABASE_URL_FILE = '.cache/e2e-database-url'

/** Playwright global teardown: drops the database the e2e server ran on. */
export default async function teardown() {
  const adminUrl = process.env.TEST_DATABASE_URL
  if (!adminUrl || !existsSync(E2E_DATABASE_FILE)) return
  const name = readFileSync(E2E_DATABASE_FILE, 'utf8').trim()
  rmSync(E2E_DATABASE_FILE)
  if (!/^passerelle_e2e_[a-z0-9_]+$/.test(name)) return
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} })
  try {
    await admin.unsafe(`drop database if exists "${name}" with (force)`)
  } finally {
    await admin.end()
  }
}
