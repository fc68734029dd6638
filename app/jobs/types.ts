import type { z } from 'zod'
import type PgBoss from 'pg-boss'

/** A background job: name `area.verb`, a validated payload, retries and dead letters per queue. */
export type JobDefinition<S extends z.ZodTypeAny = z.ZodTypeAny> = {
  name: string
  schema: S
  queue?: Omit<PgBoss.Queue, 'name' | 'deadLetter'>
  /** Cron (UTC) for periodic jobs; their payload is `{}`. */
  cron?: string
  batchSize?: number
  /** Parallel worker loops for this queue in each worker process (default 1). */
  concurrency?: number
  pollingIntervalSeconds?: number
  handler: (data: z.infer<S>, job: PgBoss.Job<unknown>) => Promise<unknown>
  /**
   * Optional: handles a whole fetched batch at once (instead of `handler` per job, in order),
   * e.g. to read what the jobs share once. Same contract as pg-boss's: a throw retries the batch.
   */
  batchHandler?: (items: { data: z.infer<S>; job: PgBoss.Job<unknown> }[]) => Promise<unknown>
}

export function defineJob<S extends z.ZodTypeAny>(definition: JobDefinition<S>): JobDefinition {
  return definition as unknown as JobDefinition
}

export const DEAD_LETTER_QUEUE = 'jobs.dead'
