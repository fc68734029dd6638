/**
 * The server the end-to-end tests drive: the real app (dev mode: built-in mailbox and test
 * checkout) on a fresh test database with the demo data, dropped when Playwright stops it.
 */
import { spawn } from 'node:child_process'
import { createTestDatabase } from '../setup/database'

const database = process.env.TEST_DATABASE_URL ? await createTestDatabase('passerelle_e2e', { migrate: false }) : null
const child = spawn(process.execPath, ['--import', 'tsx', 'app/server/main.ts'], {
  stdio: 'inherit',
  env: {
    ...process.env,
    NODE_ENV: 'development',
    PORT: process.env.E2E_PORT ?? '3199',
    PUBLIC_URL: `http://localhost:${process.env.E2E_PORT ?? '3199'}`,
    DATABASE_URL: database?.url ?? '',
    PGLITE_DIR: 'memory://',
    SEED_DEMO: 'true',
    HMR_DISABLED: 'true',
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
  await database?.drop().catch(() => {})
  process.exit(0)
}
process.on('SIGTERM', () => void stop())
process.on('SIGINT', () => void stop())
child.on('exit', async (code) => {
  if (!stopping) {
    await database?.drop().catch(() => {})
    process.exit(code ?? 1)
  }
})
