/**
 * `npm run bench`: a fresh seeded database, the app built and served in production mode, then
 * every `tests/bench/*.bench.ts` in name order. Prints one table; with BENCH_JSON set, also
 * writes the figures there as JSON. Figures are ratios against a baseline of the same run.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import net from 'node:net'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import postgres from 'postgres'
import { createDatabase } from '#db/client'
import { seedDemo } from '#db/seed'
import { createTestDatabase, type TestDatabase } from '../setup/database'
import type { BenchContext, BenchFigure, BenchModule } from './types'

const ONLY = process.argv.slice(2).filter((arg) => !arg.startsWith('-'))
const LARGE = process.argv.includes('--large')

const ROOT = path.resolve(import.meta.dirname, '../..')
const BENCH_DIR = import.meta.dirname
const LOCAL_POSTGRES = 'postgres://postgres@127.0.0.1:5432/postgres'

const log = (message: string) => console.log(`[bench] ${message}`)

async function postgresAnswers(url: string) {
  const sql = postgres(url, { max: 1, connect_timeout: 2, onnotice: () => {} })
  try {
    await sql`select 1`
    return true
  } catch {
    return false
  } finally {
    await sql.end({ timeout: 1 }).catch(() => {})
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0))
    })
  })
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    child.stdout.on('data', (chunk) => (output += chunk))
    child.stderr.on('data', (chunk) => (output += chunk))
    child.once('error', reject)
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} exited ${code}:\n${output}`))))
  })
}

async function waitUntilReady(url: string, server: ChildProcess, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`the server exited (${server.exitCode}) before it was ready`)
    try {
      const response = await fetch(`${url}/readyz`)
      if (response.ok) return
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200))
  }
  throw new Error(`the server was not ready within ${timeoutMs / 1000} s`)
}

async function stopServer(server: ChildProcess | undefined) {
  if (!server || server.exitCode !== null || server.signalCode !== null) return
  const exited = new Promise((resolve) => server.once('exit', resolve))
  server.kill('SIGTERM')
  const timer = setTimeout(() => server.kill('SIGKILL'), 20_000)
  await exited
  clearTimeout(timer)
}

function formatNumber(value: number | null) {
  if (value === null || Number.isNaN(value)) return '—'
  if (Math.abs(value) >= 100) return value.toFixed(0)
  if (Math.abs(value) >= 10) return value.toFixed(1)
  return value.toFixed(2)
}

function printTable(figures: BenchFigure[]) {
  const header = ['name', 'value', 'unit', 'baseline', 'ratio', 'goal']
  const rows = figures.map((f) => [f.name, formatNumber(f.value), f.unit, formatNumber(f.baseline), formatNumber(f.ratio), f.goal])
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)))
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 || i === 2 || i === 5 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ')
  console.log(['', line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line), ''].join('\n'))
}

async function main() {
  if (!process.env.TEST_DATABASE_URL && (await postgresAnswers(LOCAL_POSTGRES))) process.env.TEST_DATABASE_URL = LOCAL_POSTGRES

  let database: TestDatabase | undefined
  let server: ChildProcess | undefined
  const extraProcesses: ChildProcess[] = []
  let smtpSink: import('smtp-server').SMTPServer | undefined
  let interrupted = false
  const cleanUp = async () => {
    await Promise.all(extraProcesses.splice(0).map((child) => stopServer(child)))
    await stopServer(server)
    await new Promise<void>((resolve) => (smtpSink ? smtpSink.close(() => resolve()) : resolve()))
    smtpSink = undefined
    await database?.drop().catch((error) => log(`could not drop the bench database: ${String(error)}`))
    database = undefined
  }
  const onSignal = () => {
    if (interrupted) return
    interrupted = true
    void cleanUp().finally(() => process.exit(130))
  }
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)

  const figures: BenchFigure[] = []
  const failures: string[] = []
  try {
    database = await createTestDatabase('passerelle_bench')
    log(`database: ${database.kind}`)
    const handle = createDatabase(database.url, { max: 2 })
    await seedDemo(handle.db)
    await handle.sql.end()

    log('building the app (npm run build: react-router build, then the server and the worker compiled for plain node)')
    await run('npm', ['run', 'build'])

    // Production refuses to start without SMTP: a local sink accepts and discards the mail.
    const { SMTPServer } = await import('smtp-server')
    smtpSink = new SMTPServer({ authOptional: true, disabledCommands: ['STARTTLS'], logger: false, onData(stream, _session, done) { stream.resume(); stream.on('end', () => done()) } })
    await new Promise<void>((resolve) => smtpSink!.listen(0, '127.0.0.1', () => resolve()))
    const smtpPort = (smtpSink.server.address() as { port: number }).port

    const logDir = path.join(ROOT, '.cache')
    fs.mkdirSync(logDir, { recursive: true })
    const databaseUrl = database.url
    const sessionSecret = crypto.randomBytes(32).toString('hex')
    const encryptionKey = crypto.randomBytes(32).toString('base64')
    const processEnv = (extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv => ({
      ...process.env,
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      DATABASE_URL: databaseUrl,
      SESSION_SECRET: sessionSecret,
      DATA_ENCRYPTION_KEY: encryptionKey,
      // Behind the bench's "proxy": each simulated visitor sends its own address (one hop), so
      // the per-address limits see many visitors, as they would in production.
      TRUST_PROXY: 'true',
      SEED_DEMO: 'false',
      LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info',
      SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
      MAIL_FROM: 'CCEM <bench@ccem.example>',
      STRIPE_SECRET_KEY: '',
      ...extra,
    })
    // As `npm start` runs it: the compiled server on plain node. No workers in a served app:
    // bench files that measure jobs run their own worker (or ask for the dedicated one).
    const startServer = async (name: string) => {
      const port = await freePort()
      const url = `http://127.0.0.1:${port}`
      const out = fs.openSync(path.join(logDir, `bench-${name}.log`), 'w')
      // BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=.cache/prof" profiles the served app.
      const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean)
      const child = spawn(process.execPath, [...nodeArgs, '--enable-source-maps', 'build/node/main.js'], {
        cwd: ROOT,
        stdio: ['ignore', out, out],
        env: processEnv({ PORT: String(port), PUBLIC_URL: url, JOBS_MODE: 'off' }),
      })
      extraProcesses.push(child)
      await waitUntilReady(url, child, 90_000)
      return { url, child }
    }
    const main = await startServer('server')
    server = main.child
    const baseUrl = main.url
    log(`app serving in production mode at ${baseUrl} (server log: .cache/bench-server.log)`)
    // As `npm run worker` runs it: the compiled worker on plain node (no TypeScript compiled at start).
    const startWorker = async () => {
      const out = fs.openSync(path.join(logDir, 'bench-worker.log'), 'w')
      const child = spawn(process.execPath, ['--enable-source-maps', 'build/node/worker.js'], {
        cwd: ROOT,
        stdio: ['ignore', out, out],
        // At least `info`: its "worker started" line is what tells it is ready.
        env: processEnv({ PUBLIC_URL: baseUrl, LOG_LEVEL: ['debug', 'trace'].includes(process.env.BENCH_LOG_LEVEL ?? '') ? process.env.BENCH_LOG_LEVEL : 'info' }),
      })
      extraProcesses.push(child)
      // Started, as a deployed worker already is: its start-up is not part of what a bench times.
      const logFile = path.join(logDir, 'bench-worker.log')
      const deadline = Date.now() + 90_000
      while (!fs.readFileSync(logFile, 'utf8').includes('worker started')) {
        if (child.exitCode !== null) throw new Error(`the worker exited (${child.exitCode}) before it started: see .cache/bench-worker.log`)
        if (Date.now() > deadline) throw new Error('the worker had not started within 90 s: see .cache/bench-worker.log')
        await new Promise((r) => setTimeout(r, 100))
      }
      return child
    }

    const context: BenchContext = {
      databaseUrl: database.url,
      databaseKind: database.kind,
      baseUrl,
      log,
      large: LARGE,
      startServer: async () => (await startServer(`server-${extraProcesses.length + 1}`)).url,
      startWorker: async () => void (await startWorker()),
    }
    const files = fs
      .readdirSync(BENCH_DIR)
      .filter((name) => name.endsWith('.bench.ts'))
      // `npm run bench -- admin mail` runs only the files whose name contains one of the words.
      .filter((name) => ONLY.length === 0 || ONLY.some((word) => name.includes(word)))
      .sort()
    for (const file of files) {
      if (interrupted) break
      log(`running ${file}`)
      try {
        const module = (await import(pathToFileURL(path.join(BENCH_DIR, file)).href)) as BenchModule
        figures.push(...(await module.default(context)))
      } catch (error) {
        failures.push(`${file}: ${error instanceof Error ? error.message : String(error)}`)
        log(`${file} failed: ${error instanceof Error ? error.message : String(error)}`)
      }
    }
  } finally {
    await cleanUp()
  }

  printTable(figures)
  if (process.env.BENCH_JSON) {
    const json = figures.map(({ name, value, unit, baseline, ratio, goal }) => ({ name, value, unit, baseline, ratio, goal }))
    fs.writeFileSync(process.env.BENCH_JSON, JSON.stringify(json, null, 2) + '\n')
    log(`figures written to ${process.env.BENCH_JSON}`)
  }
  if (failures.length) {
    console.error(`[bench] ${failures.length} bench file(s) failed:\n  ${failures.join('\n  ')}`)
    process.exit(1)
  }
  process.exit(0)
}

main().catch((error) => {
  console.error('[bench] failed:', error)
  process.exit(1)
})
