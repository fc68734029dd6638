import type { JobDefinition } from './types'
import { authJobs } from '~/modules/auth/jobs.server'
import { notificationJobs } from '~/modules/notifications/notify.server'
import { registrationJobs } from '~/modules/registration/jobs.server'
import { mailJobs } from '~/modules/mail/jobs.server'
import { paymentsJobs } from '~/modules/payments/jobs.server'
import { adminJobs } from '~/modules/admin/jobs.server'

/** Every queue the app knows. Each area exports its own list from its `jobs.server.ts`. */
export const allJobs: JobDefinition[] = [
  ...authJobs,
  ...notificationJobs,
  ...registrationJobs,
  ...mailJobs,
  ...paymentsJobs,
  ...adminJobs,
]
