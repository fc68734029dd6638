import type { JobDefinition } from './types'
import { authJobs } from '~/modules/auth/jobs.server'

/** Every queue the app knows. Each area exports its own list; add it here. */
export const allJobs: JobDefinition[] = [...authJobs]
