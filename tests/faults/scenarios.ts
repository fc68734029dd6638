import type { Scenario } from './context'
import { fuzzedForms } from './fuzzed-forms'
import { postgresRestart } from './postgres-restart'
import { smtpDown } from './smtp-down'
import { stripeReplay } from './stripe-replay'
import { twoWebRace } from './two-web-race'
import { workerKilled } from './worker-killed'

/** In the order; each is bounded by its own timeout. */
export const scenarios: Scenario[] = [workerKilled, smtpDown, postgresRestart, stripeReplay, twoWebRace]

/**
 * Not in the default run yet: it still finds 500s (bodies that are not form data, control
 * characters reaching SQL) and its mutations do not always make a submission invalid. Run it by
 * name: `npm run faults -- fuzz`.
 */
export const unfinished: Scenario[] = [fuzzedForms]
