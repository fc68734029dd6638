import { sql } from 'drizzle-orm'
import { executePrepared, type DbOrTx } from '#db/client'
import { lockCapacityPools, lockEventForSeats } from '~/modules/locks/locks.server'
import { SEAT_IN_USE } from './availability.server'
import type { SeatState } from './capacity'

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
    executePrepared<{ ticket_type_id: string; used: number }>(tx, sql`
      select ticket_type_id, sum(n)::int as used from (
        select a.ticket_type_id, count(*) as n
        from attendee a join registration r on r.id = a.registration_id
        where a.event_id = ${eventId} and ${SEAT_IN_USE} and r.id is distinct from ${ownRegistration}::uuid
        group by a.ticket_type_id
        union all
        select w.ticket_type_id, sum(w.quantity) as n
        from waitlist_entry w
        where w.event_id = ${eventId} and w.status = 'offered' and w.offer_expires_at > now()
          and w.id is distinct from ${exclude}::uuid
        group by w.ticket_type_id
      ) u group by ticket_type_id`),
  ])
  const capacity = eventRows[0]?.capacity
  return {
    eventCapacity: capacity === null || capacity === undefined ? null : Number(capacity),
    pools: poolRows.map((p) => ({ id: p.id, size: Number(p.size), ticketTypeIds: p.ticket_type_ids })),
    usedByType: new Map(usedRows.map((r) => [r.ticket_type_id, Number(r.used)])),
  }
}

/** Emails already holding (or applying for) a seat of the event with a type that does not allow several per person. */
export async function emailsAlreadyRegistered(
  tx: DbOrTx,
  eventId: string,
  emails: string[],
  options: { excludeAttendeeId?: string; excludeRegistrationId?: string } = {},
): Promise<string[]> {
  if (emails.length === 0) return []
  const rows = await executePrepared<{ email: string }>(tx, sql`
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
        or (r.status = 'awaiting_payment' and (r.hold_expires_at is null or r.hold_expires_at > now())))`)
  return rows.map((r) => r.email)
}
