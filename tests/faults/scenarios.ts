import type { Scenario } from './context'
import { workerKilled } from './worker-killed'

/** In the order; each is bounded by its own timeout. */
export const scenarios: Scenario[] = [workerKilled]
