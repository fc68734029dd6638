import type { JobHandlers } from '~/jobs/contracts'
import { expireHolds } from './lifecycle.server'
import { expireOffers } from './waitlist.server'

/** Background jobs of the registration area: both are idempotent sweeps. */
export const registrationJobHandlers: JobHandlers<'registration.expire-holds' | 'waitlist.expire-offers'> = {
  'registration.expire-holds': { handler: () => expireHolds(new Date()) },
  'waitlist.expire-offers': { handler: () => expireOffers(new Date()) },
}
