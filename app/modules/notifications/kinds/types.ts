import type { DbOrTx } from '#db/client'
import type { NotificationKind, NotificationOf } from '../notification'

/** Turns one notification of its kind into queued mails, inside the dispatch transaction. */
export type KindHandler<K extends NotificationKind> = (tx: DbOrTx, notification: NotificationOf<K>) => Promise<void>
