import type { JobHandlers } from './contracts'
import { authJobHandlers } from '~/modules/auth/jobs.server'
import { b2bJobHandlers } from '~/modules/b2b/jobs.server'
import { inboundJobHandlers } from '~/modules/inbound/jobs.server'
import { mailJobHandlers } from '~/modules/mail/jobs.server'
import { notificationJobHandlers } from '~/modules/notifications/jobs.server'
import { paymentJobHandlers } from '~/modules/payments/jobs.server'
import { privacyJobHandlers } from '~/modules/privacy/jobs.server'
import { registrationJobHandlers } from '~/modules/registration/jobs.server'

/**
 * The composition root of background work: every queue's handler. Imported only by the entry
 * points (the server, the worker, and tests or benches that run jobs), never by a module. A
 * queue in contracts.ts without a handler here does not compile.
 */
export const jobHandlers: JobHandlers = {
  ...authJobHandlers,
  ...notificationJobHandlers,
  ...registrationJobHandlers,
  ...mailJobHandlers,
  ...paymentJobHandlers,
  ...b2bJobHandlers,
  ...inboundJobHandlers,
  ...privacyJobHandlers,
}
