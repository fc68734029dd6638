import type { JobDefinition } from '~/jobs/types'

/** Background jobs of the payments area (owned by that area). */
export const paymentsJobs: JobDefinition[] = []
