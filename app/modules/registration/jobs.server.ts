import type { JobDefinition } from '~/jobs/types'

/** Background jobs of the registration area (owned by that area). */
export const registrationJobs: JobDefinition[] = []
