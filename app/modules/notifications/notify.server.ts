import type { DbOrTx } from '#db/client'
import { enqueue } from '~/jobs/queue.server'
import type { Notification } from './notification'

export type { Notification, NotificationKind } from './notification'

/**
 * The one door from business rules to messages. Services call `notify(tx, …)` inside their
 * transaction; the `notify.dispatch` job turns it into mails and calendar invitations for the
 * right people (dispatch.server.ts, one handler per kind), each deduplicated by its own key.
 */
export async function notify(tx: DbOrTx, notification: Notification) {
  return enqueue(tx, 'notify.dispatch', notification)
}
