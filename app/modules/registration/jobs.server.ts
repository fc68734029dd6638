import { z } from 'zod'
import { defineJob, type JobDefinition } from '~/jobs/types'

// Handlers import the service lazily: the job registry is loaded by the queue itself, which the
// service (through notify) also imports.
const lifecycle = () => import('./lifecycle.server')
const waitlist = () => import('./waitlist.server')

/** Background jobs of the registration area (owned by that area). Both are idempotent sweeps. */
export const registrationJobs: JobDefinition[] = [
  defineJob({
    name: 'registration.expire-holds',
    schema: z.object({}).passthrough(),
    cron: '* * * * *',
    queue: { policy: 'singleton', retryLimit: 2, retryDelay: 20, expireInSeconds: 120 },
    handler: async () => (await lifecycle()).expireHolds(new Date()),
  }),
  defineJob({
    name: 'waitlist.expire-offers',
    schema: z.object({}).passthrough(),
    cron: '* * * * *',
    queue: { policy: 'singleton', retryLimit: 2, retryDelay: 20, expireInSeconds: 120 },
    handler: async () => (await waitlist()).expireOffers(new Date()),
  }),
]
