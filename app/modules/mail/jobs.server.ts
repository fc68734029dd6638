import type { JobDefinition } from '~/jobs/types'

/** Background jobs of the mail area (owned by that area). */
export const mailJobs: JobDefinition[] = []
