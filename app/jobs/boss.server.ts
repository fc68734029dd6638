import PgBoss from 'pg-boss'
import { sql } from 'drizzle-orm'
import type { DbOrTx } from '#db/client'
import { logger } from '~/utils/logger.server'
import { allJobs } from './registry.server'
import { DEAD_LETTER_QUEUE, type JobDefinition } from './types'

type BossHolder = { boss?: PgBoss; working?: boolean }
const holder = globalThis as unknown as { __passerelleBoss?: BossHolder }
const state = (holder.__passerelleBoss ??= {})

/**
 * Starts pg-boss (creates its schema and our queues). Every process does this so it can
 * enqueue; only processes with `work: true` also run the handlers.
 */
export async function startJobs(options: { connectionString: string; work: boolean; max?: number }) {
  if (state.boss) return state.boss
  const boss = new PgBoss({
    connectionString: options.connectionString,
    max: options.max ?? 4,
    application_name: 'passerelle-jobs',
    schedule: options.work,
    supervise: options.work,
  })
  boss.on('error', (error) => logger.error({ err: error }, 'job queue error'))
  await boss.start()
  await boss.createQueue(DEAD_LETTER_QUEUE, { name: DEAD_LETTER_QUEUE, retentionDays: 30 })
  for (const job of allJobs()) {
    await boss.createQueue(job.name, {
      name: job.name,
      retryLimit: 5,
      retryDelay: 10,
      retryBackoff: true,
      expireInSeconds: 300,
      ...job.queue,
      deadLetter: DEAD_LETTER_QUEUE,
    })
  }
  state.boss = boss
  if (options.work) await startWorkers(boss)
  return boss
}

async function startWorkers(boss: PgBoss) {
  state.working = true
  for (const job of allJobs()) {
    // pg-boss 10 runs one loop per `work()` call: `concurrency` loops work the queue in parallel.
    for (let loop = 0; loop < (job.concurrency ?? 1); loop++) {
      const batchSize = job.batchSize ?? 1
      const worker: { id?: string } = {}
      worker.id = await boss.work(
        job.name,
        { batchSize, pollingIntervalSeconds: job.pollingIntervalSeconds ?? 2 },
        async (jobs) => {
          if (job.batchHandler) await runBatch(job, jobs)
          else for (const item of jobs) await runJob(job, item)
          // A full batch: more jobs are probably waiting. pg-boss would still wait out the rest
          // of the polling interval before its next fetch; fetch again at once instead.
          if (worker.id && jobs.length >= batchSize) boss.notifyWorker(worker.id)
        },
      )
    }
    if (job.cron) await boss.schedule(job.name, job.cron, {}, { tz: 'UTC' })
  }
}

async function runJob(definition: JobDefinition, job: PgBoss.Job<unknown>) {
  const parsed = definition.schema.safeParse(job.data)
  if (!parsed.success) {
    // A malformed payload will never succeed: log it and let it complete rather than retry forever.
    logger.error({ job: definition.name, id: job.id, issues: parsed.error.issues }, 'job payload rejected')
    return
  }
  const started = Date.now()
  try {
    await definition.handler(parsed.data, job)
    logger.debug({ job: definition.name, id: job.id, ms: Date.now() - started }, 'job done')
  } catch (error) {
    logger.warn({ job: definition.name, id: job.id, err: error }, 'job failed; pg-boss will retry')
    throw error
  }
}

/** A fetched batch for a job with a `batchHandler`: malformed payloads are logged and left out. */
export async function runBatch(definition: JobDefinition, jobs: PgBoss.Job<unknown>[]) {
  const items: { data: unknown; job: PgBoss.Job<unknown> }[] = []
  for (const job of jobs) {
    const parsed = definition.schema.safeParse(job.data)
    if (parsed.success) items.push({ data: parsed.data, job })
    else logger.error({ job: definition.name, id: job.id, issues: parsed.error.issues }, 'job payload rejected')
  }
  if (!items.length) return
  const started = Date.now()
  try {
    await definition.batchHandler!(items)
    logger.debug({ job: definition.name, jobs: items.length, ms: Date.now() - started }, 'job batch done')
  } catch (error) {
    logger.warn({ job: definition.name, ids: items.map((i) => i.job.id), err: error }, 'job batch failed; pg-boss will retry')
    throw error
  }
}

export function getBoss(): PgBoss {
  if (!state.boss) throw new Error('Background jobs are not started (startJobs was not called)')
  return state.boss
}

export async function stopJobs(options: { timeoutMs?: number } = {}) {
  const boss = state.boss
  if (!boss) return
  state.boss = undefined
  state.working = false
  // graceful: let handlers in flight finish (or release their jobs at the timeout), then close.
  await boss.stop({ graceful: true, wait: true, close: true, timeout: options.timeoutMs ?? 15_000 })
}

/** pg-boss's per-call `db` option, built on our open transaction so the job commits with it. */
function executorFor(tx: DbOrTx): PgBoss.Db {
  // drizzle's postgres-js session keeps the transaction's own client on `session.client`.
  const client = (tx as unknown as { session: { client: { unsafe: (q: string, v: unknown[], o: { prepare: boolean }) => Promise<unknown[]> } } })
    .session.client
  return {
    async executeSql(text, values) {
      // pg-boss speaks node-postgres: undefined means NULL and plain objects are sent as JSON.
      // postgres.js refuses both, so convert them the way node-postgres would.
      const params = values.map((value) =>
        value === undefined
          ? null
          : value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date) && !Buffer.isBuffer(value)
            ? JSON.stringify(value)
            : value,
      )
      // Prepared: pg-boss's insert is ~2.5 kB of fixed SQL, parsed and planned once per connection instead of per job.
      const rows = await client.unsafe(text, params, { prepare: true })
      return { rows: rows as unknown[] }
    },
  }
}

/**
 * Enqueues a job inside the caller's transaction: it exists if and only if the change that
 * caused it commits. The payload is validated against the job's schema before it is written.
 */
export async function enqueue(
  tx: DbOrTx,
  name: string,
  data: Record<string, unknown>,
  options: Omit<PgBoss.SendOptions, 'db'> = {},
): Promise<string | null> {
  const definition = allJobs().find((job) => job.name === name)
  if (!definition) throw new Error(`Unknown job ${name}`)
  const payload = definition.schema.parse(data)
  return getBoss().send(name, payload, { ...options, db: executorFor(tx) })
}

/** Counts jobs of a queue by state (used by tests and the back office). */
export async function countJobs(tx: DbOrTx, name: string) {
  const rows = await tx.execute<{ state: string; count: string }>(
    sql`select state, count(*)::text as count from pgboss.job where name = ${name} group by state`,
  )
  return Object.fromEntries(rows.map((r) => [r.state, Number(r.count)])) as Record<string, number>
}
