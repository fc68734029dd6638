import type { JobHandlers } from '~/jobs/contracts'
import { runErasure } from './erasure.server'
import { runRetention } from './retention.server'

/** Background jobs of privacy: erasures (resumable) and the daily retention rules. */
export const privacyJobHandlers: JobHandlers<'privacy.erase' | 'privacy.retention'> = {
  'privacy.erase': { handler: (data) => runErasure(data.requestId) },
  'privacy.retention': { handler: () => runRetention(new Date()) },
}
