import type PgBoss from 'pg-boss'
import { logger } from '~/utils/logger.server'
import { JOB_CONTRACTS, JOB_NAMES, type JobHandler, type JobHandlers, type JobName } from './contracts'

type AnyHandler = JobHandler<JobName>

/** Runs every queue's handler loops in this process (the handlers come from the registry). */
export async function startWorkers(boss: PgBoss, handlers: JobHandlers) {
  for (const name of JOB_NAMES) {
    const job = handlers[name] as AnyHandler
    const { cron } = JOB_CONTRACTS[name] as { cron?: string }
    // pg-boss 10 runs one loop per `work()` call: `concurrency` loops work the queue in parallel.
    for (let loop = 0; loop < (job.concurrency ?? 1); loop++) {
      const batchSize = job.batchSize ?? 1
      const worker: { id?: string } = {}
      worker.id = await boss.work(
        name,
        { batchSize, pollingIntervalSeconds: job.pollingIntervalSeconds ?? 2 },
        async (jobs) => {
          if (job.batchHandler) await runBatch(name, job, jobs)
          else for (const item of jobs) await runJob(name, job, item)
          // A full batch: more jobs are probably waiting. pg-boss would still wait out the rest
          // of the polling interval before its next fetch; fetch again at once instead.
          if (worker.id && jobs.length >= batchSize) boss.notifyWorker(worker.id)
        },
      )
    }
    if (cron) await boss.schedule(name, cron, {}, { tz: 'UTC' })
  }
}

async function runJob(name: JobName, definition: AnyHandler, job: PgBoss.Job<unknown>) {
  const parsed = JOB_CONTRACTS[name].schema.safeParse(job.data)
  if (!parsed.success) {
    // A malformed payload will never succeed: log it and let it complete rather than retry forever.
    logger.error({ job: name, id: job.id, issues: parsed.error.issues }, 'job payload rejected')
    return
  }
  const started = Date.now()
  try {
    await definition.handler(parsed.data as never, job)
    logger.debug({ job: name, id: job.id, ms: Date.now() - started }, 'job done')
  } catch (error) {
    logger.warn({ job: name, id: job.id, err: error }, 'job failed; pg-boss will retry')
    throw error
  }
}

/** A fetched batch for a job with a `batchHandler`: malformed payloads are logged and left out. */
export async function runBatch(name: JobName, definition: AnyHandler, jobs: PgBoss.Job<unknown>[]) {
  const items: { data: never; job: PgBoss.Job<unknown> }[] = []
  for (const job of jobs) {
    const parsed = JOB_CONTRACTS[name].schema.safeParse(job.data)
    if (parsed.success) items.push({ data: parsed.data as never, job })
    else logger.error({ job: name, id: job.id, issues: parsed.error.issues }, 'job payload rejected')
  }
  if (!items.length) return
  const started = Date.now()
  try {
    await definition.batchHandler!(items)
    logger.debug({ job: name, jobs: items.length, ms: Date.now() - started }, 'job batch done')
  } catch (error) {
    logger.warn({ job: name, ids: items.map((i) => i.job.id), err: error }, 'job batch failed; pg-boss will retry')
    throw error
  }
}

