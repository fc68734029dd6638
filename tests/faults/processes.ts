/**
 * The real entry points as child processes, as production runs them: the web server
 * (`build/node/main.js`, as `npm start`) and the dedicated worker (`build/node/worker.js`, as
 * `npm run worker`), compiled by `npm run build` and run on plain node, with a production-like
 * environment.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { appendFileSync } from 'node:fs'
import { freePort } from './cluster'

export const SESSION_SECRET = 'fault-suite-session-secret-0123456789abcdef'
export const WEBHOOK_SECRET = 'whsec_fault_suite_0123456789abcdef'

export type ProcessOptions = {
  databaseUrl: string
  smtpUrl: string
  /** Extra or overriding variables. */
  env?: Record<string, string>
}

export type AppProcess = {
  child: ChildProcess
  /** Everything it wrote (for a FAIL line's reason). */
  output: () => string
  exited: Promise<number | null>
  kill: (signal?: NodeJS.Signals) => Promise<void>
}

function baseEnv(options: ProcessOptions, publicUrl: string): NodeJS.ProcessEnv {
  const { TEST_DATABASE_URL: _t, DATABASE_URL: _d, PORT: _p, ...inherited } = process.env
  return {
    ...inherited,
    NODE_ENV: 'production',
    DATABASE_URL: options.databaseUrl,
    DATABASE_POOL_MAX: '8',
    PUBLIC_URL: publicUrl,
    SESSION_SECRET,
    SMTP_URL: options.smtpUrl,
    MAIL_FROM: 'CCEM <contact@ccem.example>',
    DATA_ENCRYPTION_KEY: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
    SEED_DEMO: 'false',
    LOG_LEVEL: process.env.FAULTS_LOG_LEVEL ?? 'warn',
    // Behind the suite's "proxy": each simulated client sends its own address (one hop).
    TRUST_PROXY: 'true',
    STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
    STRIPE_SECRET_KEY: '',
    ...options.env,
  }
}

function launch(script: string, env: NodeJS.ProcessEnv): AppProcess {
  const child = spawn(process.execPath, ['--enable-source-maps', script], { env, stdio: ['ignore', 'pipe', 'pipe'] })
  let log = ''
  // FAULTS_LOG_DIR keeps each process's whole output (the FAIL line only shows its tail).
  const file = process.env.FAULTS_LOG_DIR ? `${process.env.FAULTS_LOG_DIR}/${script.replace(/\W+/g, '-')}-${Date.now()}.log` : null
  const keep = (chunk: Buffer) => {
    log = (log + chunk.toString('utf8')).slice(-20_000)
    if (file) appendFileSync(file, chunk)
  }
  child.stdout!.on('data', keep)
  child.stderr!.on('data', keep)
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  return {
    child,
    output: () => log,
    exited,
    async kill(signal = 'SIGTERM') {
      if (child.exitCode !== null || child.signalCode !== null) return
      child.kill(signal)
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000)
      await exited
      clearTimeout(timer)
    },
  }
}

export type WebProcess = AppProcess & { url: string; port: number }

export async function startWeb(options: ProcessOptions & { port?: number; jobs?: 'inline' | 'off' }): Promise<WebProcess> {
  const port = options.port ?? (await freePort())
  const url = `http://127.0.0.1:${port}`
  const env = baseEnv({ ...options, env: { JOBS_MODE: options.jobs ?? 'off', PORT: String(port), HOST: '127.0.0.1', ...options.env } }, url)
  const proc = launch('build/node/main.js', env)
  const deadline = Date.now() + 90_000
  while (Date.now() < deadline) {
    if (proc.child.exitCode !== null) throw new Error(`web process exited (${proc.child.exitCode}):\n${proc.output()}`)
    try {
      const response = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(2000) })
      if (response.ok) return { ...proc, url, port }
    } catch {
      // not listening yet
    }
    await sleep(250)
  }
  await proc.kill('SIGKILL')
  throw new Error(`web process not ready after 90 s:\n${proc.output()}`)
}

export async function startWorker(options: ProcessOptions): Promise<AppProcess> {
  const env = baseEnv({ ...options, env: { LOG_LEVEL: 'info', ...options.env } }, 'http://127.0.0.1:9')
  const proc = launch('build/node/worker.js', env)
  const deadline = Date.now() + 90_000
  while (Date.now() < deadline) {
    if (proc.output().includes('worker started')) return proc
    if (proc.child.exitCode !== null) throw new Error(`worker exited (${proc.child.exitCode}):\n${proc.output()}`)
    await sleep(100)
  }
  await proc.kill('SIGKILL')
  throw new Error(`worker not started after 90 s:\n${proc.output()}`)
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Waits for `check` to hold, polling; throws `what` after `timeoutMs`. */
export async function until(what: string, check: () => Promise<boolean> | boolean, timeoutMs: number, everyMs = 250) {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (await check()) return
    await sleep(everyMs)
  }
  throw new Error(`timed out after ${Math.round(timeoutMs / 1000)} s: ${what}`)
}
