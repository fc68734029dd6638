import PgBoss from 'pg-boss'
import { sql } from 'drizzle-orm'
import type { DbOrTx } from '#db/client'
import { logger } from '~/utils/logger.server'
import { DEAD_LETTER_QUEUE, JOB_CONTRACTS, JOB_NAMES, type JobHandlers, type JobName, type JobPayload } from './contracts'
import { startWorkers } from './workers.server'

type BossHolder = { boss?: PgBoss; working?: boolean }
const holder = globalThis as unknown as { __passerelleBoss?: BossHolder }
const state = (holder.__passerelleBoss ??= {})

/**
 * Starts pg-boss (creates its schema and our queues). Every process does this so it can
 * enqueue; a process given the handlers (the registry, passed in by an entry point) also runs them.
 */
export async function startJobs(options: { connectionString: string; max?: number; handlers?: JobHandlers }) {
  const work = Boolean(options.handlers)
  if (state.boss) return state.boss
  const boss = new PgBoss({
    connectionString: options.connectionString,
    max: options.max ?? 4,
    application_name: 'passerelle-jobs',
    schedule: work,
    supervise: work,
  })
  boss.on('error', (error) => logger.error({ err: error }, 'job queue error'))
  await boss.start()
  await boss.createQueue(DEAD_LETTER_QUEUE, { name: DEAD_LETTER_QUEUE, retentionDays: 30 })
  for (const name of JOB_NAMES) {
    await boss.createQueue(name, {
      name,
      retryLimit: 5,
      retryDelay: 10,
      retryBackoff: true,
      expireInSeconds: 300,
      ...JOB_CONTRACTS[name].queue,
      deadLetter: DEAD_LETTER_QUEUE,
    })
  }
  state.boss = boss
  if (options.handlers) {
    state.working = true
    await startWorkers(boss, options.handlers)
  }
  return boss
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
export async function enqueue<N extends JobName>(
  tx: DbOrTx,
  name: N,
  data: JobPayload<N>,
  options: Omit<PgBoss.SendOptions, 'db'> = {},
): Promise<string | null> {
  const contract = JOB_CONTRACTS[name]
  if (!contract) throw new Error(`Unknown job ${name}`)
  const payload = contract.schema.parse(data) as object
  return getBoss().send(name, payload, { ...options, db: executorFor(tx) })
}

/** Counts jobs of a queue by state (used by tests and the back office). */
export async function countJobs(tx: DbOrTx, name: string) {
  const rows = await tx.execute<{ state: string; count: string }>(
    sql`select state, count(*)::text as count from pgboss.job where name = ${name} group by state`,
  )
  return Object.fromEntries(rows.map((r) => [r.state, Number(r.count)])) as Record<string, number>
}
