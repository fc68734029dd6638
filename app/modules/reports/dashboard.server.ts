import { and, asc, gte, sql } from 'drizzle-orm'
import { DateTime } from 'luxon'
import type { DbOrTx } from '#db/client'
import { events } from '#db/schema/index'
import type { SessionUser } from '~/modules/auth/session.server'
import { SEAT_IN_USE } from '~/modules/registration/availability.server'
import { isPartnerViewerOnly } from '~/modules/auth/guard.server'
import { loadVisibleEvent, visibleEventsWhere } from '~/modules/auth/viewer.server'

export async function upcomingEvents(db: DbOrTx, user: SessionUser, now = new Date()) {
  return db
    .select({
      id: events.id,
      title: events.title,
      status: events.status,
      kind: events.kind,
      timezone: events.timezone,
      startsAt: events.startsAt,
      attendees: sql<number>`(select count(*)::int from attendee a where a.event_id = "event"."id" and ${SEAT_IN_USE})`,
      pending: sql<number>`(select count(*)::int from registration r where r.event_id = "event"."id" and r.status = 'pending_approval')`,
    })
    .from(events)
    .where(and(visibleEventsWhere(user), gte(events.endsAt, now)))
    .orderBy(asc(events.startsAt))
}

/** Figures for one event; partner viewers get the attendance figures only (no money). */
export async function eventDashboard(db: DbOrTx, user: SessionUser, eventId: string) {
  const event = await loadVisibleEvent(db, user, eventId)
  if (!event) return null
  const [perDay, fill, pools, money, [counts]] = await Promise.all([
    db.execute<{ day: string; n: number }>(sql`
      select to_char(a.created_at at time zone ${event.timezone}, 'YYYY-MM-DD') as day, count(*)::int as n
      from attendee a join registration r on r.id = a.registration_id
      where a.event_id = ${eventId} and r.status in ('confirmed','awaiting_payment','pending_approval') and a.status = 'active'
      group by 1 order by 1`),
    db.execute<{ id: string; name: { fr: string; en: string }; used: number; seats_left: number | null }>(sql`
      select t.id, t.name, (select count(*)::int from attendee a
        where a.ticket_type_id = t.id and ${SEAT_IN_USE}) as used, null::int as seats_left
      from ticket_type t where t.event_id = ${eventId} order by t.position, t.created_at`),
    db.execute<{ id: string; name: { fr: string; en: string }; size: number; used: number }>(sql`
      select p.id, p.name, p.size, (select count(*)::int from attendee a
        join capacity_pool_ticket_type pt on pt.ticket_type_id = a.ticket_type_id
        where pt.capacity_pool_id = p.id and ${SEAT_IN_USE}) as used
      from capacity_pool p where p.event_id = ${eventId} order by p.created_at`),
    isPartnerViewerOnly(user)
      ? Promise.resolve([])
      : db.execute<{ currency: string; paid: number; outstanding: number }>(sql`
          select r.currency, sum(r.paid_minor)::int as paid, sum(greatest(r.total_minor - r.paid_minor, 0))::int as outstanding
          from registration r where r.event_id = ${eventId} and r.status in ('confirmed','awaiting_payment')
          group by r.currency order by r.currency`),
    db.execute<{ waitlist: number; checked_in: number; pending: number }>(sql`
      select (select coalesce(sum(quantity), 0)::int from waitlist_entry w where w.event_id = ${eventId} and w.status in ('waiting','offered')) as waitlist,
        (select count(*)::int from attendee a where a.event_id = ${eventId} and a.checked_in_at is not null and a.status = 'active') as checked_in,
        (select count(*)::int from registration r where r.event_id = ${eventId} and r.status = 'pending_approval') as pending`),
  ])
  // Fill in every day from the first registration to today (or the event), so the chart has no gaps.
  const series: { day: string; added: number; total: number }[] = []
  if (perDay.length > 0) {
    const byDay = new Map(perDay.map((r) => [r.day, r.n]))
    const last = DateTime.min(DateTime.now().setZone(event.timezone), DateTime.fromJSDate(event.startsAt, { zone: event.timezone }))
    let cursor = DateTime.fromISO(perDay[0].day, { zone: event.timezone })
    const end = DateTime.max(last, DateTime.fromISO(perDay[perDay.length - 1].day, { zone: event.timezone }))
    let total = 0
    while (cursor <= end && series.length < 400) {
      const day = cursor.toISODate()!
      const added = byDay.get(day) ?? 0
      total += added
      series.push({ day, added, total })
      cursor = cursor.plus({ days: 1 })
    }
  }
  return {
    event,
    series,
    ticketTypes: fill.map((f) => ({ id: f.id, name: f.name, used: f.used })),
    pools: pools.map((p) => ({ id: p.id, name: p.name, size: p.size, used: p.used })),
    money,
    waitlist: counts.waitlist,
    checkedIn: counts.checked_in,
    pending: counts.pending,
  }
}
