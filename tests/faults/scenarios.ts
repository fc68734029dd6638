import type { Scenario } from './context'
import { fuzzedForms } from './fuzzed-forms'
import { postgresRestart } from './postgres-restart'
import { smtpDown } from './smtp-down'
import { stripeReplay } from './stripe-replay'
import { twoWebRace } from './two-web-race'
import { workerKilled } from './worker-killed'

/** In the order; each is bounded by its own timeout. All of them run by default (and in CI). */
export const scenarios: Scenario[] = [workerKilled, smtpDown, postgresRestart, stripeReplay, fuzzedForms, twoWebRace]
