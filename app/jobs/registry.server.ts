import type { JobDefinition } from './types'
import { authJobs } from '~/modules/auth/jobs.server'
import { notificationJobs } from '~/modules/notifications/notify.server'
import { registrationJobs } from '~/modules/registration/jobs.server'
import { mailJobs } from '~/modules/mail/jobs.server'
import { paymentsJobs } from '~/modules/payments/jobs.server'

let jobs: JobDefinition[] | undefined

/**
 * Every queue the app knows. Each area exports its own list from its `jobs.server.ts`. Built on
 * first use, not at import: services import the queue (to enqueue) and the queue imports their
 * job lists, so reading the lists while modules are still loading would see them half-made.
 */
export function allJobs(): JobDefinition[] {
  jobs ??= [...authJobs, ...notificationJobs, ...registrationJobs, ...mailJobs, ...paymentsJobs]
  return jobs
}
