import { existsSync, readFileSync, rmSync } from 'node:fs'
import postgres from 'postgres'

export const E2E_DATABASE_FILE = '.cache/e2e-database'
/** The e2e app's DATABASE_URL, for journeys that read what the app wrote. */
export const E2E_DATABASE_URL_FILE = '.cache/e2e-database-url'

/** The wrapper's (serve.ts) process id. */
export const E2E_SERVE_PID_FILE = '.cache/e2e-serve-pid'

/** Asks the wrapper to stop the app (SIGTERM: jobs and pools close), for up to 15 s. */
async function stopServer() {
  if (!existsSync(E2E_SERVE_PID_FILE)) return
  const pid = Number(readFileSync(E2E_SERVE_PID_FILE, 'utf8'))
  rmSync(E2E_SERVE_PID_FILE)
  const alive = () => {
    try {
      process.kill(pid, 0)
      return true
    } catch {
      return false
    }
  }
  if (!Number.isInteger(pid) || pid <= 0 || !alive()) return
  process.kill(pid, 'SIGTERM')
  for (let i = 0; i < 150 && alive(); i++) await new Promise((r) => setTimeout(r, 100))
}

/** Playwright global teardown: stops the e2e server, then drops the database it ran on. */
export default async function teardown() {
  await stopServer()
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
