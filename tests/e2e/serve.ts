/**
 * The server the end-to-end tests drive: the real app (dev mode: built-in mailbox and test
 * checkout) on a fresh test database with the demo data, dropped when Playwright stops it.
 */
import { spawn, spawnSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { E2E_DATABASE_FILE, E2E_DATABASE_URL_FILE, E2E_SERVE_PID_FILE } from './teardown'
import { createTestDatabase } from '../setup/database'

// A production build served in development mode: no Vite cold compiles or dependency reloads
// in the middle of a journey, while the dev mailbox and the test checkout stay available.
if (!process.env.E2E_SKIP_BUILD) {
  const build = spawnSync(process.execPath, ['node_modules/@react-router/dev/bin.js', 'build'], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, NODE_ENV: 'production' },
  })
  if (build.status !== 0) process.exit(build.status ?? 1)
}

// A fresh database for the journeys: on TEST_DATABASE_URL's server, else an embedded PGlite held
// by this wrapper and served on a local port, so the tests can read it as the app does.
const database = await createTestDatabase('passerelle_e2e', { migrate: false })
mkdirSync('.cache', { recursive: true })
writeFileSync(E2E_DATABASE_URL_FILE, database.url)
// Playwright may stop this wrapper too abruptly for it to drop a PostgreSQL database: the global
// teardown reads the name from here and drops it.
if (database.kind === 'postgres') writeFileSync(E2E_DATABASE_FILE, new URL(database.url).pathname.slice(1))
// The teardown stops this wrapper first (the app's connections close in order, not terminated by the drop).
writeFileSync(E2E_SERVE_PID_FILE, String(process.pid))
const child = spawn(process.execPath, ['--import', 'tsx', 'app/server/main.ts'], {
  stdio: 'inherit',
  env: {
    ...process.env,
    NODE_ENV: 'development',
    PORT: process.env.E2E_PORT ?? '3199',
    PUBLIC_URL: `http://localhost:${process.env.E2E_PORT ?? '3199'}`,
    DATABASE_URL: database.url,
    SEED_DEMO: 'true',
    HMR_DISABLED: 'true',
    SERVE_BUILD: 'true',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    SMTP_URL: '',
    STRIPE_SECRET_KEY: '',
  },
})
let stopping = false
async function stop() {
  if (stopping) return
  stopping = true
  child.kill('SIGTERM')
  await new Promise((resolve) => child.once('exit', resolve))
  await database.drop().catch(() => {})
  process.exit(0)
}
process.on('SIGTERM', () => void stop())
process.on('SIGINT', () => void stop())
child.on('exit', async (code) => {
  if (!stopping) {
    await database.drop().catch(() => {})
    process.exit(code ?? 1)
  }
})
