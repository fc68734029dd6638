import { sql } from 'drizzle-orm'
import type { DbOrTx } from '#db/client'

/**
 * Seats in use, the one definition every screen and the registration service share:
 * active attendees of registrations that are confirmed, or awaiting payment with an unexpired
 * hold. (Applications awaiting approval hold nothing; approval takes the seats.)
 * A predicate on the attendee `a` alone: its registration's status is kept on the attendee
 * (decision 034), so a count reads the registration only for an attendee awaiting payment, to
 * see its hold (decision 036). In a transaction, a status change rewrites the attendees in the
 * same transaction, so the count under the seat locks sees both or neither.
 */
export const SEAT_IN_USE = sql`
  a.status = 'active' and (
    a.registration_status = 'confirmed'
    or (a.registration_status = 'awaiting_payment' and exists (
      select 1 from registration hold
      where hold.id = a.registration_id and (hold.hold_expires_at is null or hold.hold_expires_at > now())))
  )`

export type TicketAvailability = {
  ticketTypeId: string
  /** Seats still sellable for this ticket type: the tightest of its pools and the event cap (running waiting-list offers set seats aside); null = unlimited. */
  seatsLeft: number | null
}

/** Seats left per ticket type of an event (read-only; the registration service re-checks under lock). */
export async function getAvailability(db: DbOrTx, eventId: string): Promise<Map<string, number | null>> {
  const rows = await db.execute<{ ticket_type_id: string; seats_left: number | null }>(sql`
    with used_by_type as (
      select ticket_type_id, sum(n)::int as used from (
        select a.ticket_type_id, count(*) as n
        from attendee a
        where a.event_id = ${eventId} and ${SEAT_IN_USE}
        group by a.ticket_type_id
        union all
        -- seats set aside for a running waiting-list offer
        select w.ticket_type_id, sum(w.quantity) as n
        from waitlist_entry w
        where w.event_id = ${eventId} and w.status = 'offered' and w.offer_expires_at > now()
        group by w.ticket_type_id
      ) u group by ticket_type_id
    ),
    pool_left as (
      select p.id, p.size - coalesce(sum(u.used), 0)::int as left_in_pool
      from capacity_pool p
      left join capacity_pool_ticket_type pt on pt.capacity_pool_id = p.id
      left join used_by_type u on u.ticket_type_id = pt.ticket_type_id
      where p.event_id = ${eventId}
      group by p.id, p.size
    ),
    event_left as (
      select e.capacity - coalesce((select sum(used) from used_by_type), 0)::int as left_in_event
      from event e where e.id = ${eventId}
    )
    select t.id as ticket_type_id,
      -- least() ignores nulls but is null when both are: no pool and no cap = unlimited (null).
      case when l.seats_left is null then null else greatest(0, l.seats_left) end::int as seats_left
    from ticket_type t
    cross join lateral (select least(
        (select min(pl.left_in_pool) from capacity_pool_ticket_type pt join pool_left pl on pl.id = pt.capacity_pool_id where pt.ticket_type_id = t.id),
        (select left_in_event from event_left)
      ) as seats_left) l
    where t.event_id = ${eventId}`)
  return new Map(rows.map((r) => [r.ticket_type_id, r.seats_left === null ? null : Number(r.seats_left)]))
}
