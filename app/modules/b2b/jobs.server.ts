import type { JobHandlers } from '~/jobs/contracts'
import { sweepFollowUps } from './follow-ups.server'
import { expireRequests } from './requests.server'

/** Background jobs of B2B matchmaking: idempotent sweeps. */
export const b2bJobHandlers: JobHandlers<'b2b.expire-requests' | 'b2b.follow-up-sweep'> = {
  'b2b.expire-requests': { handler: () => expireRequests(new Date()) },
  'b2b.follow-up-sweep': { handler: () => sweepFollowUps(new Date()) },
}
