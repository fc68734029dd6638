/**
 * `npm test`: unit and integration tests (vitest), then the end-to-end journeys (Playwright on
 * Chromium). Integration and e2e use TEST_DATABASE_URL's PostgreSQL if set, else an embedded
 * PGlite. Extra arguments are passed to vitest (e.g. `npm test -- tests/unit`).
 */
import { spawnSync } from 'node:child_process'
import { CHROMIUM_HELP, findChromium } from './setup/chromium'

const args = process.argv.slice(2)
const started = Date.now()
const npx = (cmd: string[], env: Record<string, string> = {}) =>
  spawnSync('npx', cmd, { stdio: 'inherit', env: { ...process.env, ...env } }).status ?? 1

console.log(
  `Database for tests: ${process.env.TEST_DATABASE_URL ? `PostgreSQL (${process.env.TEST_DATABASE_URL.replace(/:[^:@/]*@/, ':***@')})` : 'embedded PGlite (set TEST_DATABASE_URL to use a PostgreSQL server)'}`,
)

const chromium = findChromium()
if (!chromium && !process.env.SKIP_E2E) {
  console.error(`\n${CHROMIUM_HELP}\n`)
  process.exit(1)
}

const vitest = npx(['vitest', 'run', ...args])
if (vitest !== 0) process.exit(vitest)

if (process.env.SKIP_E2E) {
  console.log('SKIP_E2E is set: end-to-end tests skipped.')
} else if (args.length === 0) {
  const e2e = npx(['playwright', 'test'])
  if (e2e !== 0) process.exit(e2e)
}
console.log(`\nAll tests passed in ${((Date.now() - started) / 1000).toFixed(1)} s.`)
