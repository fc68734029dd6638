import { sql } from 'drizzle-orm'
import { executePrepared, type DbOrTx } from '#db/client'
import { lockCapacityPools, lockEventForSeats } from '~/modules/locks/locks.server'
import { SEAT_IN_USE } from './availability.server'
import type { SeatState } from './capacity'

/** Seats in use (and set aside for running waiting-list offers) per ticket type, without one offer and one registration. */
function seatsInUseByType(eventId: string, excludeOfferId: string | null, excludeRegistrationId: string | null) {
  return sql`
      select ticket_type_id, sum(n)::int as used from (
        select a.ticket_type_id, count(*) as n
        from attendee a
        where a.event_id = ${eventId} and ${SEAT_IN_USE} and a.registration_id is distinct from ${excludeRegistrationId}::uuid
        group by a.ticket_type_id
        union all
        select w.ticket_type_id, sum(w.quantity) as n
        from waitlist_entry w
        where w.event_id = ${eventId} and w.status = 'offered' and w.offer_expires_at > now()
          and w.id is distinct from ${excludeOfferId}::uuid
        group by w.ticket_type_id
      ) u group by ticket_type_id`
}

/**
 * Locks the event row, then its capacity pools in id order (~/modules/locks) (pretix's pattern: one lock order
 * for every path that takes seats), then counts the seats in use. The count is a separate
 * statement so that, in READ COMMITTED, it sees everything committed before our locks were granted.
 * Statements are pipelined on the transaction's connection: one round trip for the three.
 */
export async function lockAndCountSeats(
  tx: DbOrTx,
  eventId: string,
  options: { excludeOfferId?: string; excludeRegistrationId?: string; eventLocked?: boolean } = {},
): Promise<SeatState> {
  const exclude = options.excludeOfferId ?? null
  const ownRegistration = options.excludeRegistrationId ?? null
  // Every path that takes seats locks the event row first, so once it is held (by the caller or
  // by the first statement here) the statements after it see everything committed before.
  const [eventRows, poolRows, usedRows] = await Promise.all([
    options.eventLocked ? executePrepared<{ capacity: number | null }>(tx, sql`select capacity from event where id = ${eventId}`) : lockEventForSeats(tx, eventId),
    lockCapacityPools(tx, eventId),
    executePrepared<{ ticket_type_id: string; used: number }>(tx, seatsInUseByType(eventId, exclude, ownRegistration)),
  ])
  const capacity = eventRows[0]?.capacity
  return {
    eventCapacity: capacity === null || capacity === undefined ? null : Number(capacity),
    pools: poolRows.map((p) => ({ id: p.id, size: Number(p.size), ticketTypeIds: p.ticket_type_ids })),
    usedByType: new Map(usedRows.map((r) => [r.ticket_type_id, Number(r.used)])),
  }
}

/**
 * The same locks as `lockAndCountSeats`, then `findShortfall` (capacity.ts) over the locked count,
 * in SQL: when `requested` does not fit, the statement raises `soldOut` with the same details
 * (`{ ticketTypeId, left }`: the first short type in request order, its pools in id order, then
 * the event cap), which aborts the transaction. Nothing is read back into Node under the locks
 * (decision 035). `requested` null takes the locks and checks nothing (an application for approval).
 * tests/integration/registration/seat-guard.test.ts holds the two versions to the same answers.
 */
export function lockSeatsOrRefuse(
  tx: DbOrTx,
  eventId: string,
  requested: ReadonlyMap<string, number> | null,
  options: { excludeOfferId?: string; excludeRegistrationId?: string } = {},
): Promise<unknown> {
  const locks = [lockEventForSeats(tx, eventId), lockCapacityPools(tx, eventId)]
  if (!requested) return Promise.all(locks)
  const lines = JSON.stringify([...requested].filter(([, quantity]) => quantity > 0).map(([t, q]) => ({ t, q })))
  const guard = executePrepared(tx, sql`
    with requested as (
      select (x.line->>'t')::uuid as ticket_type_id, (x.line->>'q')::int as quantity, x.position
      from jsonb_array_elements(${lines}::jsonb) with ordinality as x(line, position)
    ),
    used as (${seatsInUseByType(eventId, options.excludeOfferId ?? null, options.excludeRegistrationId ?? null)}),
    short as (
      -- every pool of a requested type: its size less its seats in use and the requested seats of its types
      select q.position, 0 as kind, p.id as pool_id, q.ticket_type_id, q.quantity,
        p.size - coalesce((
          select sum(coalesce(u.used, 0) + coalesce(o.quantity, 0))
          from capacity_pool_ticket_type pt2
          left join used u on u.ticket_type_id = pt2.ticket_type_id
          left join requested o on o.ticket_type_id = pt2.ticket_type_id
          where pt2.capacity_pool_id = p.id), 0) as left_after
      from requested q
      join capacity_pool_ticket_type pt on pt.ticket_type_id = q.ticket_type_id
      join capacity_pool p on p.id = pt.capacity_pool_id and p.event_id = ${eventId}
      union all
      -- the event cap: every seat in use and every requested seat
      select q.position, 1, null, q.ticket_type_id, q.quantity,
        e.capacity - coalesce((select sum(used) from used), 0) - (select sum(quantity) from requested)
      from requested q join event e on e.id = ${eventId} and e.capacity is not null
    )
    select passerelle_refuse('soldOut', jsonb_build_object('ticketTypeId', ticket_type_id,
      'left', case when kind = 0 then left_after + quantity else greatest(0, left_after + quantity) end))
    from short where left_after < 0
    order by position, kind, pool_id limit 1`)
  return Promise.all([...locks, guard])
}

/** Emails already holding (or applying for) a seat of the event with a type that does not allow several per person. */
export async function emailsAlreadyRegistered(
  tx: DbOrTx,
  eventId: string,
  emails: string[],
  options: { excludeAttendeeId?: string; excludeRegistrationId?: string } = {},
): Promise<string[]> {
  if (emails.length === 0) return []
  const rows = await executePrepared<{ email: string }>(tx, emailsRegistered(eventId, emails, options))
  return rows.map((r) => r.email)
}

/** `emailsAlreadyRegistered` as a check in SQL: when any is taken, the statement raises `duplicatePerson` with `{ emails }` (lower case). */
export function refuseRegisteredEmails(tx: DbOrTx, eventId: string, emails: string[], options: { excludeRegistrationId?: string } = {}): Promise<unknown> {
  if (emails.length === 0) return Promise.resolve()
  return executePrepared(tx, sql`
    select passerelle_refuse('duplicatePerson', jsonb_build_object('emails', jsonb_agg(taken.email)))
    from (${emailsRegistered(eventId, emails, options)}) taken having count(*) > 0`)
}

function emailsRegistered(eventId: string, emails: string[], options: { excludeAttendeeId?: string; excludeRegistrationId?: string }) {
  return sql`
    select distinct lower(a.email) as email
    from attendee a
    join registration r on r.id = a.registration_id
    join ticket_type t on t.id = a.ticket_type_id
    where a.event_id = ${eventId}
      and lower(a.email) in (${sql.join(
        emails.map((e) => sql`${e.toLowerCase()}`),
        sql`, `,
      )})
      and a.status = 'active'
      and t.allow_multiple_per_person = false
      and a.id is distinct from ${options.excludeAttendeeId ?? null}::uuid
      and r.id is distinct from ${options.excludeRegistrationId ?? null}::uuid
      and (r.status in ('confirmed', 'pending_approval')
        or (r.status = 'awaiting_payment' and (r.hold_expires_at is null or r.hold_expires_at > now())))`
}
