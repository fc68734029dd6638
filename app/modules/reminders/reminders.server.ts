import { sql } from 'drizzle-orm'
import { getDb } from '#db/client'
import { queueEmail } from '~/modules/mail/send.server'

/** Default rules when an event has none: 7 days, 1 day, 2 hours before the start. */
export const DEFAULT_REMINDER_OFFSETS_MINUTES = [7 * 24 * 60, 24 * 60, 120]

export function reminderKey(attendeeId: string, offsetMinutes: number, startsAt: Date) {
  return `reminder:${attendeeId}:${offsetMinutes}:${Math.floor(startsAt.getTime() / 1000)}`
}

/** No two of these mails (confirmation, moved-event update, reminder) within this time of each other. */
export const REMINDER_QUIET_MINUTES = 60

/** The mails that tell a delegate the event is coming: a reminder never follows one too closely. */
const TELLING_KINDS = ['reminder', 'registration.confirmed', 'event.changed']

/**
 * The periodic sweep. For each published event not yet started, the due rule is the smallest
 * offset whose time (start − offset) has passed: a worker that was down sends only the latest
 * useful reminder, never one after the start. The due time comes from the CURRENT start, so a
 * moved event moves its reminders; the key holds the start, so a moved event can remind again.
 * Only active attendees of confirmed registrations are reminded.
 *
 * No burst: a reminder is sent only if it fell due after the delegate registered (or was
 * confirmed) and after the last moved-event update they were sent — the confirmation or the
 * update stands in for a reminder already past — and it waits until an hour has gone by since
 * the last confirmation, update or reminder to that delegate.
 */
export async function sweepReminders(now = new Date(), db = getDb()) {
  const nowIso = now.toISOString()
  return db.transaction(async (tx) => {
    const due = await tx.execute<{
      attendee_id: string
      event_id: string
      registration_id: string
      email: string
      locale: 'fr' | 'en'
      offset_minutes: number
      starts_at: string
    }>(sql`
      select a.id as attendee_id, e.id as event_id, a.registration_id, a.email, a.locale,
             r.offset_minutes, e.starts_at
      from event e
      cross join lateral (
        select min(o)::int as offset_minutes
        from unnest(case when cardinality(e.reminder_offsets_minutes) > 0 then e.reminder_offsets_minutes
                         else ${sql.raw(`'{${DEFAULT_REMINDER_OFFSETS_MINUTES.join(',')}}'::integer[]`)} end) o
        where e.starts_at - make_interval(mins => o) <= ${nowIso}::timestamptz
      ) r
      join attendee a on a.event_id = e.id and a.status = 'active'
      join registration g on g.id = a.registration_id and g.status = 'confirmed'
      where e.status = 'published'
        and e.starts_at > ${nowIso}::timestamptz
        and r.offset_minutes is not null
        and not exists (
          select 1 from email_message m
          where m.dedupe_key = 'reminder:' || a.id || ':' || r.offset_minutes || ':' || floor(extract(epoch from e.starts_at))::bigint
        )
        and e.starts_at - make_interval(mins => r.offset_minutes) >= greatest(
          a.created_at,
          coalesce(g.confirmed_at, a.created_at),
          coalesce((
            select max(m.created_at) from email_message m
            where m.registration_id = a.registration_id and m.kind = 'event.changed'
              and m.payload -> 'recipient' ->> 'attendeeId' = a.id::text
          ), a.created_at)
        )
        and not exists (
          select 1 from email_message m
          where m.registration_id = a.registration_id
            and m.kind in (${sql.join(TELLING_KINDS.map((kind) => sql`${kind}`), sql`, `)})
            and m.payload -> 'recipient' ->> 'attendeeId' = a.id::text
            and m.created_at > ${nowIso}::timestamptz - make_interval(mins => ${REMINDER_QUIET_MINUTES})
            and m.created_at <= ${nowIso}::timestamptz
        )
      order by a.id
      limit 5000
    `)
    let queued = 0
    for (const row of due) {
      const startsAt = new Date(row.starts_at)
      const id = await queueEmail(tx, {
        dedupeKey: reminderKey(row.attendee_id, row.offset_minutes, startsAt),
        kind: 'reminder',
        toAddress: row.email,
        locale: row.locale,
        eventId: row.event_id,
        registrationId: row.registration_id,
        payload: {
          template: 'reminder',
          recipient: { type: 'attendee', attendeeId: row.attendee_id },
          eventId: row.event_id,
          registrationId: row.registration_id,
          listUnsubscribe: true,
        },
      })
      if (id) queued++
    }
    return queued
  })
}
