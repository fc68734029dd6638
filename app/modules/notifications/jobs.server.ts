import type { JobHandlers } from '~/jobs/contracts'
import { dispatch } from './dispatch.server'

/** Runs the notification queue (known to the worker through the registry only). */
export const notificationJobHandlers: JobHandlers<'notify.dispatch'> = {
  'notify.dispatch': { handler: (notification) => dispatch(notification) },
}
