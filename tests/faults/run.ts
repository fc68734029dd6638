/**
 * `npm run faults`: the fault suite. Real processes (the web server and the worker as child
 * processes, on the production build), a private PostgreSQL cluster, a real SMTP sink. One line
 * per scenario (`PASS name — figures` / `FAIL name — why`), then `N passed, N failed`; the exit
 * code is non-zero when one failed. `npm run faults -- smtp` runs the scenarios whose name
 * contains "smtp"; FAULTS_SKIP_BUILD=1 reuses build/.
 */
import { spawnSync } from 'node:child_process'
import { startCluster } from './cluster'
import { openScenario } from './context'
import { scenarios } from './scenarios'

const filter = process.argv.slice(2)
const selected = scenarios.filter((s) => filter.length === 0 || filter.some((f) => s.name.includes(f)))
const started = Date.now()

if (!process.env.FAULTS_SKIP_BUILD) {
  const build = spawnSync('npm', ['run', 'build'], {
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
    env: { ...process.env, NODE_ENV: 'production' },
  })
  if (build.status !== 0) {
    console.error(build.stderr)
    console.error('FAIL build — npm run build failed')
    process.exit(1)
  }
}

const cluster = await startCluster()
let passed = 0
let failed = 0
try {
  for (const scenario of selected) {
    const began = Date.now()
    const controller = new AbortController()
    let timer: NodeJS.Timeout | undefined
    let line: string
    const opened = await openScenario(cluster, scenario.name, controller.signal)
    try {
      const figures = await Promise.race([
        scenario.run(opened.context),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => {
            controller.abort()
            reject(new Error(`did not finish within ${scenario.timeoutMs / 1000} s (while ${opened.context.currentStep()})`))
          }, scenario.timeoutMs)
        }),
      ])
      passed++
      line = `PASS ${scenario.name} — ${figures} (${((Date.now() - began) / 1000).toFixed(0)} s)`
    } catch (error) {
      failed++
      line = `FAIL ${scenario.name} — ${error instanceof Error ? error.message : String(error)}`
    } finally {
      clearTimeout(timer)
      controller.abort()
      await opened.close()
    }
    console.log(line)
  }
} finally {
  await cluster.stop()
}
console.log(`${passed} passed, ${failed} failed (${((Date.now() - started) / 1000).toFixed(0)} s)`)
process.exit(failed > 0 ? 1 : 0)
