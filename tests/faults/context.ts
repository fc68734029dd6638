/**
 * What each scenario gets: its own database on the private cluster (migrated, with the app's
 * handle and a producer-only job queue in this process, as the integration tests have), an SMTP
 * sink, and a list of child processes stopped when the scenario ends, whatever happens.
 */
import crypto from 'node:crypto'
import { closeDatabase, createDatabase, setDatabase, getDb } from '#db/client'
import { migrateDatabase } from '#db/migrate'
import { startJobs, stopJobs } from '~/jobs/queue.server'
import { parseEnv, setEnv } from '~/utils/env.server'
import type { Cluster } from './cluster'
import { startWeb, startWorker, type AppProcess, type ProcessOptions, type WebProcess, SESSION_SECRET, WEBHOOK_SECRET } from './processes'
import { FaultSmtpSink } from './smtp-sink'

export type ScenarioContext = {
  cluster: Cluster
  databaseUrl: string
  smtp: FaultSmtpSink
  startWeb: (options?: Partial<ProcessOptions> & { jobs?: 'inline' | 'off' }) => Promise<WebProcess>
  startWorker: (options?: Partial<ProcessOptions>) => Promise<AppProcess>
  /** Set when the scenario's time is up: loops should stop. */
  signal: AbortSignal
  /** Names the step under way: a timeout says where it stopped. */
  step: (what: string) => void
  currentStep: () => string
}

/** A scenario resolves with its figures (the PASS line) or throws why it failed. */
export type Scenario = { name: string; timeoutMs: number; run: (context: ScenarioContext) => Promise<string> }

export async function openScenario(cluster: Cluster, name: string, signal: AbortSignal) {
  const database = `faults_${name.replace(/[^a-z0-9]+/gi, '_').toLowerCase()}_${crypto.randomBytes(3).toString('hex')}`
  const databaseUrl = await cluster.createDatabase(database)
  setEnv(
    parseEnv({
      ...process.env,
      NODE_ENV: 'production',
      DATABASE_URL: databaseUrl,
      PUBLIC_URL: 'http://127.0.0.1:9',
      SESSION_SECRET,
      SMTP_URL: 'smtp://127.0.0.1:9',
      MAIL_FROM: 'CCEM <contact@ccem.example>',
      DATA_ENCRYPTION_KEY: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
      STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
      LOG_LEVEL: 'silent',
    }),
  )
  const handle = createDatabase(databaseUrl, { max: 6 })
  setDatabase(handle)
  await migrateDatabase(handle.sql)
  await startJobs({ connectionString: databaseUrl, max: 2 })
  const smtp = await new FaultSmtpSink().start()
  const children: AppProcess[] = []
  let step = 'setting up'
  const context: ScenarioContext = {
    step: (what) => {
      step = what
    },
    currentStep: () => step,
    cluster,
    databaseUrl,
    smtp,
    signal,
    async startWeb(options = {}) {
      const web = await startWeb({ databaseUrl, smtpUrl: smtp.url, ...options })
      children.push(web)
      return web
    },
    async startWorker(options = {}) {
      const worker = await startWorker({ databaseUrl, smtpUrl: smtp.url, ...options })
      children.push(worker)
      return worker
    },
  }
  const close = async () => {
    await Promise.all(children.map((c) => c.kill('SIGKILL')))
    await smtp.stop()
    await stopJobs({ timeoutMs: 2000 }).catch(() => {})
    await closeDatabase().catch(() => {})
  }
  return { context, close, db: getDb }
}
