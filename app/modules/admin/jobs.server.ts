import type { JobDefinition } from '~/jobs/types'

/** Background jobs of the admin area (owned by that area). */
export const adminJobs: JobDefinition[] = []
