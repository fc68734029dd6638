import { sql } from 'drizzle-orm'
import zlib from 'node:zlib'
import QRCode from 'qrcode'
import type { Database, DbOrTx } from '#db/client'
import type { RegistrationStatus } from '#db/schema/registrations'
import { recordAudit } from '~/modules/audit/audit.server'
import { matchingIds } from '~/modules/registration/word-search.server'
import { getEnv } from '~/utils/env.server'
import { isUuid } from '~/utils/ids'

export type CheckInPerson = {
  id: string
  firstName: string
  lastName: string
  companyName: string
  jobTitle: string | null
  ticketTypeName: { fr: string; en: string }
  attendeeStatus: 'active' | 'cancelled'
  registrationStatus: RegistrationStatus
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

const PNG_SIGNATURE = Buffer.from([137, 80, 78, 71, 13, 10, 26, 10])

function pngChunk(type: string, data: Buffer) {
  const out = Buffer.alloc(12 + data.length)
  out.writeUInt32BE(data.length, 0)
  out.write(type, 4, 'latin1')
  data.copy(out, 8)
  out.writeUInt32BE(zlib.crc32(out.subarray(4, 8 + data.length)), 8 + data.length)
  return out
}

/**
 * The check-in QR code as a 240 px black-on-white PNG (mails, badges). The pixels are exactly
 * those of `QRCode.toBuffer(url, { type: 'png', margin: 1, width: 240 })` (same modules, same
 * scaling), written as a 1-bit greyscale PNG instead of pngjs's RGBA with its per-row filter
 * search: under 1 KB instead of 2.7 KB, and a fraction of the CPU (it runs for every ticket mail).
 */
export async function qrCodePng(eventId: string, secret: string) {
  const margin = 1
  const { size, data } = QRCode.create(checkInUrl(eventId, secret), { errorCorrectionLevel: 'M' }).modules
  const scale = 240 / (size + margin * 2)
  const side = Math.floor((size + margin * 2) * scale)
  const scaledMargin = margin * scale
  // the module column of each pixel column (-1: quiet zone), as qrcode's renderer computes it
  const columns = Array.from({ length: side }, (_, j) =>
    j < scaledMargin || j >= side - scaledMargin ? -1 : Math.floor((j - scaledMargin) / scale),
  )
  // per row: one filter byte (0: none), then 1 bit per pixel, most significant first, 1 = white
  const stride = 1 + Math.ceil(side / 8)
  const raw = Buffer.alloc(side * stride, 0xff)
  // the pixel rows of one module row are the same: drawn once, then copied
  let drawnModuleRow = -1
  let drawnRow = 0
  for (let i = 0; i < side; i++) {
    const row = i * stride
    raw[row] = 0
    if (i < scaledMargin || i >= side - scaledMargin) continue
    const moduleRow = Math.floor((i - scaledMargin) / scale) * size
    if (moduleRow === drawnModuleRow) {
      raw.copy(raw, row + 1, drawnRow + 1, drawnRow + stride)
      continue
    }
    for (let j = 0; j < side; j++) {
      if (columns[j] >= 0 && data[moduleRow + columns[j]]) raw[row + 1 + (j >> 3)] &= ~(0x80 >> (j & 7))
    }
    drawnModuleRow = moduleRow
    drawnRow = row
  }
  const header = Buffer.alloc(13)
  header.writeUInt32BE(side, 0)
  header.writeUInt32BE(side, 4)
  header[8] = 1 // bits per sample
  header[9] = 0 // greyscale; compression, filter and interlace methods 0
  return Buffer.concat([PNG_SIGNATURE, pngChunk('IHDR', header), pngChunk('IDAT', zlib.deflateSync(raw)), pngChunk('IEND', Buffer.alloc(0))])
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
  const rows = await db.execute(sql`select ${PERSON} ${FROM}
    where a.event_id = ${eventId} and r.status in ('confirmed','awaiting_payment','pending_approval','cancelled')
      and ${matchingIds(sql`a.id`, query, sql`s.event_id = ${eventId}`)}
    order by lower(a.last_name) collate "C", lower(a.first_name) collate "C", a.id limit 20`)
  return rows.map(toPerson)
}

/**
 * Checks one person in: a single UPDATE that only succeeds for an active ticket of a confirmed
 * registration not yet checked in, so two phones scanning at once cannot both succeed. When it
 * does not apply, the person is read back to say why (duplicate, cancelled, not confirmed).
 */
export async function checkIn(db: Database, actor: { id: string }, eventId: string, attendeeId: string): Promise<CheckInOutcome> {
  if (!isUuid(attendeeId)) return { kind: 'not_found' }
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
