import { and, eq, sql } from 'drizzle-orm'
import type { DbOrTx } from '#db/client'
import { events } from '#db/schema/index'
import type { SessionUser } from '~/modules/auth/session.server'
import { isPartnerViewerOnly } from '~/modules/auth/guard.server'
import { isUuid } from '~/utils/ids'

/** Events this person may look at: their organisation's; for a partner viewer, only those shared with its partner. */
export function visibleEventsWhere(user: SessionUser) {
  const own = eq(events.organisationId, user.organisationId)
  if (!isPartnerViewerOnly(user)) return own
  if (!user.partnerId) return sql`false`
  return and(
    own,
    sql`exists (select 1 from event_partner ep where ep.event_id = ${events.id} and ep.partner_id = ${user.partnerId} and ep.shared_with_partner)`,
  )
}

export async function loadVisibleEvent(db: DbOrTx, user: SessionUser, eventId: string) {
  if (!isUuid(eventId)) return null
  const [event] = await db
    .select({ id: events.id, title: events.title, timezone: events.timezone, currency: events.currency, status: events.status, startsAt: events.startsAt })
    .from(events)
    .where(and(eq(events.id, eventId), visibleEventsWhere(user)))
  return event ?? null
}

export async function listVisibleEvents(db: DbOrTx, user: SessionUser) {
  return db
    .select({ id: events.id, title: events.title, startsAt: events.startsAt, status: events.status })
    .from(events)
    .where(visibleEventsWhere(user))
    .orderBy(sql`${events.startsAt} desc`)
}
