import type PgBoss from 'pg-boss'
import { z } from 'zod'
import { notificationSchema } from '~/modules/notifications/notification'

/**
 * Every queue the app knows: its name (`area.verb`), payload schema and queue settings. A module
 * that needs a job enqueues it by name (`enqueue` in queue.server.ts, checked against this
 * table); what runs it lives in the module's `jobs.server.ts`, known only to the registry that
 * the entry points import. This file imports schemas only, never a service or a handler.
 */
export type JobContract<S extends z.ZodTypeAny = z.ZodTypeAny> = {
  schema: S
  queue?: Omit<PgBoss.Queue, 'name' | 'deadLetter'>
  /** Cron (UTC) for periodic jobs; their payload is `{}`. */
  cron?: string
}

const periodic = z.looseObject({})
const contract = <S extends z.ZodTypeAny>(c: JobContract<S>) => c

export const JOB_CONTRACTS = {
  'auth.cleanup-sessions': contract({ schema: periodic, cron: '*/15 * * * *', queue: { retryLimit: 2, policy: 'singleton' } }),
  'notify.dispatch': contract({ schema: notificationSchema, queue: { retryLimit: 8, retryDelay: 15, retryBackoff: true } }),
  'registration.expire-holds': contract({
    schema: periodic,
    cron: '* * * * *',
    queue: { policy: 'singleton', retryLimit: 2, retryDelay: 20, expireInSeconds: 120 },
  }),
  'waitlist.expire-offers': contract({
    schema: periodic,
    cron: '* * * * *',
    queue: { policy: 'singleton', retryLimit: 2, retryDelay: 20, expireInSeconds: 120 },
  }),
  // SMTP down: 8 tries over ~40 minutes (10 s × 2^n), then the message shows as failed.
  'email.send': contract({
    schema: z.object({ emailMessageId: z.guid() }),
    queue: { retryLimit: 8, retryDelay: 10, retryBackoff: true, expireInSeconds: 180 },
  }),
  'calendar.update': contract({
    schema: z.object({ scope: z.enum(['event', 'programme-item']), id: z.guid(), method: z.enum(['REQUEST', 'CANCEL']) }),
    queue: { retryLimit: 8, retryDelay: 10, retryBackoff: true },
  }),
  // A sweep that fails is simply replaced by the next minute's.
  'reminder.sweep': contract({ schema: periodic, cron: '* * * * *', queue: { retryLimit: 0, expireInSeconds: 120 } }),
  'payments.reconcile': contract({ schema: periodic, cron: '*/5 * * * *', queue: { retryLimit: 0, policy: 'singleton' } }),
  'payments.invoice-reminders': contract({ schema: periodic, cron: '0 13 * * *', queue: { retryLimit: 2, policy: 'singleton' } }),
  'payments.execute-refund': contract({
    schema: z.object({ refundId: z.guid() }),
    queue: { retryLimit: 10, retryDelay: 30, retryBackoff: true },
  }),
  // B2B: pending requests past their delay expire (both sides told); ratings and follow-ups go out when due.
  'b2b.expire-requests': contract({ schema: periodic, cron: '*/5 * * * *', queue: { policy: 'singleton', retryLimit: 2, retryDelay: 20, expireInSeconds: 120 } }),
  'b2b.follow-up-sweep': contract({ schema: periodic, cron: '17 * * * *', queue: { policy: 'singleton', retryLimit: 2, retryDelay: 60 } }),
  // A stored inbound message read and applied (or sent to review); safe to run twice.
  'inbound.process': contract({
    schema: z.object({ inboundMessageId: z.guid() }),
    queue: { retryLimit: 5, retryDelay: 30, retryBackoff: true },
  }),
  // The IMAP mailbox of replies (INBOUND_IMAP_URL), polled every minute; one poll at a time.
  'inbound.poll-imap': contract({ schema: periodic, cron: '* * * * *', queue: { policy: 'singleton', retryLimit: 0, expireInSeconds: 120 } }),
  // The organiser's daily mail of RSVP changes (07:00 in Miami in winter).
  'inbound.rsvp-digest': contract({ schema: periodic, cron: '0 12 * * *', queue: { policy: 'singleton', retryLimit: 2 } }),
  // Privacy: an erasure runs (or resumes) step by step; the retention rules apply daily (04:30 UTC).
  'privacy.erase': contract({ schema: z.object({ requestId: z.guid() }), queue: { retryLimit: 10, retryDelay: 30, retryBackoff: true } }),
  'privacy.retention': contract({ schema: periodic, cron: '30 4 * * *', queue: { policy: 'singleton', retryLimit: 2, retryDelay: 300 } }),
} satisfies Record<string, JobContract>

export type JobName = keyof typeof JOB_CONTRACTS
export type JobPayload<N extends JobName> = z.infer<(typeof JOB_CONTRACTS)[N]['schema']>
export const JOB_NAMES = Object.keys(JOB_CONTRACTS) as JobName[]

export const DEAD_LETTER_QUEUE = 'jobs.dead'

/** How a job is run in a worker process: its handler and how many it takes at once. */
export type JobHandler<N extends JobName> = {
  handler: (data: JobPayload<N>, job: PgBoss.Job<unknown>) => Promise<unknown>
  /**
   * Optional: handles a whole fetched batch at once (instead of `handler` per job, in order),
   * e.g. to read what the jobs share once. Same contract as pg-boss's: a throw retries the batch.
   */
  batchHandler?: (items: { data: JobPayload<N>; job: PgBoss.Job<unknown> }[]) => Promise<unknown>
  batchSize?: number
  /** Parallel worker loops for this queue in each worker process (default 1). */
  concurrency?: number
  pollingIntervalSeconds?: number
}

/** A module's handlers, keyed by the job names it owns. */
export type JobHandlers<N extends JobName = JobName> = { [K in N]: JobHandler<K> }
