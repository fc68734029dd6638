/**
 * The participation ledger: per mission and company, its delegates, the half-days they attended
 * the programme sessions they signed for and the B2B meetings it held (published, nobody absent). A half-day is a morning (before 13:00) or an
 * afternoon in the event's zone; a delegate was there in a half-day when they checked in during
 * it or signed for a session starting in it (the session's start, not the signing time: a
 * scanned sheet uploaded the next day still proves that morning).
 */
import { sql } from 'drizzle-orm'
import type { DbOrTx } from '#db/client'

/** The hour (event zone) from which a day's presence counts as afternoon. */
export const AFTERNOON_FROM_HOUR = 13

export type LedgerRow = {
  eventId: string
  slug: string
  companyId: string
  company: string
  delegates: number
  /** Half-days summed over the company's delegates (two delegates one morning = 2). */
  delegateHalfDays: number
  /** Half-days in which at least one of its delegates was there. */
  companyHalfDays: number
  /** Distinct sessions at least one of its delegates signed for. */
  sessions: number
  signatures: number
  /** B2B meetings of the company held at this mission (published, neither side a no-show). */
  meetingsHeld: number
}

export async function participationLedger(db: DbOrTx, eventIds: string[]): Promise<LedgerRow[]> {
  if (!eventIds.length) return []
  const ids = sql`array[${sql.join(eventIds.map((id) => sql`${id}::uuid`), sql`, `)}]`
  const rows = await db.execute<{
    event_id: string; slug: string; company_id: string; company: string; delegates: number; delegate_half_days: number; company_half_days: number; sessions: number; signatures: number; meetings_held: number
  }>(sql`
    with delegate as (
      select a.id as attendee_id, a.event_id, r.company_id, a.checked_in_at
      from attendee a join registration r on r.id = a.registration_id and r.status = 'confirmed'
      where a.event_id = any(${ids}) and a.status = 'active'
    ),
    signed as (
      select d.attendee_id, d.company_id, d.event_id, s.programme_item_id, p.starts_at
      from delegate d
      join attendance_signature s on s.attendee_id = d.attendee_id
      join programme_item p on p.id = s.programme_item_id and p.event_id = d.event_id
    ),
    presence as (
      select attendee_id, company_id, event_id, checked_in_at as at from delegate where checked_in_at is not null
      union all
      select attendee_id, company_id, event_id, starts_at from signed
    ),
    half_day as (
      select distinct pr.attendee_id, pr.company_id, pr.event_id,
        (pr.at at time zone e.timezone)::date as day,
        extract(hour from pr.at at time zone e.timezone) < ${AFTERNOON_FROM_HOUR} as morning
      from presence pr join event e on e.id = pr.event_id
    )
    select e.id as event_id, e.slug, c.id as company_id, c.name as company,
      count(*)::int as delegates,
      (select count(*)::int from half_day h where h.company_id = c.id and h.event_id = e.id) as delegate_half_days,
      (select count(distinct (h.day, h.morning))::int from half_day h where h.company_id = c.id and h.event_id = e.id) as company_half_days,
      (select count(distinct s.programme_item_id)::int from signed s where s.company_id = c.id and s.event_id = e.id) as sessions,
      (select count(*)::int from signed s where s.company_id = c.id and s.event_id = e.id) as signatures,
      (select count(*)::int from meeting m where m.event_id = e.id and c.id in (m.company_a_id, m.company_b_id)
        and m.status = 'published' and m.no_show_company_id is null) as meetings_held
    from delegate d join event e on e.id = d.event_id join company c on c.id = d.company_id
    group by e.id, e.slug, e.starts_at, c.id, c.name
    order by e.starts_at, e.id, lower(c.name), c.id`)
  return rows.map((r) => ({
    eventId: r.event_id,
    slug: r.slug,
    companyId: r.company_id,
    company: r.company,
    delegates: Number(r.delegates),
    delegateHalfDays: Number(r.delegate_half_days),
    companyHalfDays: Number(r.company_half_days),
    sessions: Number(r.sessions),
    signatures: Number(r.signatures),
    meetingsHeld: Number(r.meetings_held),
  }))
}
