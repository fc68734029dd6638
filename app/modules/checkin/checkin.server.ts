import { sql } from 'drizzle-orm'
import QRCode from 'qrcode'
import type { Database, DbOrTx } from '#db/client'
import { recordAudit } from '~/modules/audit/audit.server'
import { getEnv } from '~/utils/env.server'

export type CheckInPerson = {
  id: string
  firstName: string
  lastName: string
  companyName: string
  jobTitle: string | null
  ticketTypeName: { fr: string; en: string }
  attendeeStatus: 'active' | 'cancelled'
  registrationStatus: string
  checkedInAt: Date | null
}

export type CheckInOutcome =
  | { kind: 'checked_in'; person: CheckInPerson }
  | { kind: 'already'; person: CheckInPerson }
  | { kind: 'cancelled'; person: CheckInPerson }
  | { kind: 'not_confirmed'; person: CheckInPerson }
  | { kind: 'not_found' }

/** The URL encoded in an attendee's QR code: staff scanning it land on the check-in page. */
export function checkInUrl(eventId: string, secret: string, locale: 'fr' | 'en' = 'fr') {
  return `${getEnv().PUBLIC_URL.replace(/\/$/, '')}/${locale}/admin/events/${eventId}/checkin?secret=${encodeURIComponent(secret)}`
}

export async function qrCodeSvg(eventId: string, secret: string) {
  return QRCode.toString(checkInUrl(eventId, secret), { type: 'svg', margin: 1, errorCorrectionLevel: 'M' })
}

export async function qrCodePng(eventId: string, secret: string) {
  // Paeth filter on every row: the same pixels and about the same size as pngjs's adaptive
  // choice (which tries all five filters per row), at a third of the CPU (it runs for every ticket mail).
  return QRCode.toBuffer(checkInUrl(eventId, secret), { type: 'png', margin: 1, width: 240, errorCorrectionLevel: 'M', rendererOpts: { filterType: 4 } } as QRCode.QRCodeToBufferOptions)
}

const PERSON = sql`a.id, a.first_name as "firstName", a.last_name as "lastName", c.name as "companyName", a.job_title as "jobTitle",
  tt.name as "ticketTypeName", a.status as "attendeeStatus", r.status as "registrationStatus", a.checked_in_at as "checkedInAt"`
const FROM = sql`from attendee a join registration r on r.id = a.registration_id join company c on c.id = r.company_id
  join ticket_type tt on tt.id = a.ticket_type_id`

function toPerson(row: Record<string, unknown>): CheckInPerson {
  return { ...(row as CheckInPerson), checkedInAt: row.checkedInAt ? new Date(row.checkedInAt as string) : null }
}

export async function findBySecret(db: DbOrTx, eventId: string, secret: string) {
  const rows = await db.execute(sql`select ${PERSON} ${FROM} where a.event_id = ${eventId} and a.check_in_secret = ${secret}`)
  return rows[0] ? toPerson(rows[0]) : null
}

export async function searchForCheckIn(db: DbOrTx, eventId: string, query: string) {
  const prefix = `${query.trim().toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`
  const rows = await db.execute(sql`select ${PERSON} ${FROM}
    where a.event_id = ${eventId} and r.status in ('confirmed','awaiting_payment','pending_approval','cancelled')
      and (lower(a.last_name) collate "C" like ${prefix} or lower(a.first_name) collate "C" like ${prefix} or lower(c.name) collate "C" like ${prefix})
    order by lower(a.last_name) collate "C", lower(a.first_name) collate "C", a.id limit 20`)
  return rows.map(toPerson)
}

/**
 * Checks one person in: a single UPDATE that only succeeds for an active ticket of a confirmed
 * registration not yet checked in, so two phones scanning at once cannot both succeed. When it
 * does not apply, the person is read back to say why (duplicate, cancelled, not confirmed).
 */
export async function checkIn(db: Database, actor: { id: string }, eventId: string, attendeeId: string): Promise<CheckInOutcome> {
  if (!/^[0-9a-f-]{36}$/i.test(attendeeId)) return { kind: 'not_found' }
  return db.transaction(async (tx) => {
    const updated = await tx.execute<{ id: string }>(sql`
      update attendee a set checked_in_at = now(), updated_at = now()
      from registration r
      where a.id = ${attendeeId} and a.event_id = ${eventId} and r.id = a.registration_id
        and a.checked_in_at is null and a.status = 'active' and r.status = 'confirmed'
      returning a.id`)
    const rows = await tx.execute(sql`select ${PERSON} ${FROM} where a.id = ${attendeeId} and a.event_id = ${eventId}`)
    if (!rows[0]) return { kind: 'not_found' } as const
    const person = toPerson(rows[0])
    if (updated.length === 1) {
      await recordAudit(tx, { actor: { userId: actor.id }, action: 'attendee.checked_in', subjectType: 'attendee', subjectId: attendeeId, data: { eventId } })
      return { kind: 'checked_in', person } as const
    }
    if (person.attendeeStatus === 'cancelled' || person.registrationStatus === 'cancelled') return { kind: 'cancelled', person } as const
    if (person.checkedInAt) {
      await recordAudit(tx, { actor: { userId: actor.id }, action: 'attendee.duplicate_scan', subjectType: 'attendee', subjectId: attendeeId, data: { eventId } })
      return { kind: 'already', person } as const
    }
    return { kind: 'not_confirmed', person } as const
  })
}

export async function checkInStats(db: DbOrTx, eventId: string) {
  const [row] = await db.execute<{ total: number; checked_in: number }>(sql`
    select count(*)::int as total, count(a.checked_in_at)::int as checked_in
    from attendee a join registration r on r.id = a.registration_id
    where a.event_id = ${eventId} and a.status = 'active' and r.status = 'confirmed'`)
  return { total: row.total, checkedIn: row.checked_in }
}
