/**
 * Signed attendance sheets: per programme session, a delegate signs on the organiser's tablet
 * (`signAttendance`, the pad's PNG) or the organiser uploads the paper sheet they signed
 * (`recordScannedSheet`). One signature per session and attendee: the unique index
 * `attendance_signature_once` decides under any concurrency; the second gets `alreadySigned`.
 * Every write checks the session and the people first, then writes all of it in one
 * transaction, so a refused request leaves nothing behind.
 */
import { sql } from 'drizzle-orm'
import { PNG } from 'pngjs'
import type { Database, DbOrTx } from '#db/client'
import { attendanceSheetScans, attendanceSignatures, type ScanContentType, type SignatureMethod } from '#db/schema/index'
import { recordAudit } from '~/modules/audit/audit.server'
import type { LocalizedText } from '#db/schema/_columns'
import { isUuid } from '~/utils/ids'
import { Refusal } from '~/utils/refusal'
import { sha256Hex } from './attendance-pdf.server'
import { SCAN_MAX_BYTES, SCAN_MAX_MB, SIGNATURE_MAX_BYTES } from './signature-limits'

/** Fewer inked pixels than this is a tap, not a signature. */
const MIN_INKED_PIXELS = 30
/** A pad at a device ratio of 3 is about 2,000 × 600; decoding is capped well above that. */
const MAX_PIXELS = 4096 * 1536

export type SignatureSession = { id: string; eventId: string; title: LocalizedText; startsAt: Date; endsAt: Date; place: string | null }

/** The event's sessions that can be signed for: its programme, cancelled ones left out. */
export async function signableSessions(db: DbOrTx, eventId: string) {
  const rows = await db.execute<{ id: string; title: LocalizedText; starts_at: string | Date; ends_at: string | Date; place: string | null; signed: number }>(sql`
    select p.id, p.title, p.starts_at, p.ends_at, p.place,
      (select count(*)::int from attendance_signature s where s.programme_item_id = p.id) as signed
    from programme_item p where p.event_id = ${eventId} and p.cancelled_at is null
    order by p.starts_at, p.position, p.id`)
  return rows.map((r) => ({ id: r.id, title: r.title, startsAt: new Date(r.starts_at), endsAt: new Date(r.ends_at), place: r.place, signed: Number(r.signed) }))
}

export async function requireSession(db: DbOrTx, eventId: string, programmeItemId: string): Promise<SignatureSession> {
  if (!isUuid(programmeItemId)) throw new Refusal('signatureSessionUnknown', { field: 'session' })
  const [row] = await db.execute<{ id: string; event_id: string; title: LocalizedText; starts_at: string | Date; ends_at: string | Date; place: string | null }>(sql`
    select id, event_id, title, starts_at, ends_at, place from programme_item
    where id = ${programmeItemId} and event_id = ${eventId} and cancelled_at is null`)
  if (!row) throw new Refusal('signatureSessionUnknown', { field: 'session' })
  return { id: row.id, eventId: row.event_id, title: row.title, startsAt: new Date(row.starts_at), endsAt: new Date(row.ends_at), place: row.place }
}

export type SheetRow = {
  attendeeId: string
  lastName: string
  firstName: string
  company: string
  method: SignatureMethod | null
  signedAt: Date | null
  scanSha256: string | null
}

/**
 * The delegates expected to sign a session: active tickets of confirmed registrations, each
 * with their signature when there is one. The sheet's order (name, then id) is the PDF's.
 */
export async function sessionSheet(db: DbOrTx, eventId: string, programmeItemId: string): Promise<SheetRow[]> {
  const rows = await db.execute<{ attendee_id: string; last_name: string; first_name: string; company: string; method: SignatureMethod | null; signed_at: string | Date | null; scan_sha256: string | null }>(sql`
    select a.id as attendee_id, a.last_name, a.first_name, c.name as company, s.method, s.signed_at, sc.sha256 as scan_sha256
    from attendee a
    join registration r on r.id = a.registration_id and r.status = 'confirmed'
    join company c on c.id = r.company_id
    left join attendance_signature s on s.attendee_id = a.id and s.programme_item_id = ${programmeItemId}
    left join attendance_sheet_scan sc on sc.id = s.scan_id
    where a.event_id = ${eventId} and a.status = 'active'
    order by lower(a.last_name), lower(a.first_name), a.id`)
  return rows.map((r) => ({
    attendeeId: r.attendee_id,
    lastName: r.last_name,
    firstName: r.first_name,
    company: r.company,
    method: r.method,
    signedAt: r.signed_at ? new Date(r.signed_at) : null,
    scanSha256: r.scan_sha256,
  }))
}

/** The tablet signatures' images of a session, by attendee (for the PDF). */
export async function sessionSignatureImages(db: DbOrTx, programmeItemId: string): Promise<Map<string, Buffer>> {
  const rows = await db.execute<{ attendee_id: string; signature_png: Buffer }>(sql`
    select attendee_id, signature_png from attendance_signature where programme_item_id = ${programmeItemId} and signature_png is not null`)
  return new Map(rows.map((r) => [r.attendee_id, Buffer.from(r.signature_png)]))
}

/** Registered delegates among `attendeeIds` (all of them, or a refusal naming none written). */
async function requireDelegates(db: DbOrTx, eventId: string, attendeeIds: string[]) {
  if (!attendeeIds.every(isUuid)) throw new Refusal('signatureAttendeeUnknown', { field: 'attendeeId' })
  const rows = await db.execute<{ id: string; first_name: string; last_name: string }>(sql`
    select a.id, a.first_name, a.last_name from attendee a join registration r on r.id = a.registration_id
    where a.event_id = ${eventId} and a.status = 'active' and r.status = 'confirmed'
      and a.id in (${sql.join(attendeeIds.map((id) => sql`${id}::uuid`), sql`, `)})`)
  if (rows.length !== new Set(attendeeIds).size) throw new Refusal('signatureAttendeeUnknown', { field: 'attendeeId' })
  return rows
}

/**
 * Reads the pad's image: a data URL or bare base64 of a PNG, within the size cap, that decodes
 * and has ink on it. The PNG is kept as the pad made it (the image the delegate saw).
 */
export function readSignaturePng(value: string): Buffer {
  const base64 = value.trim().replace(/^data:image\/png;base64,/, '')
  if (!base64) throw new Refusal('signatureEmpty', { field: 'signature' })
  if (base64.length > Math.ceil((SIGNATURE_MAX_BYTES * 4) / 3) || !/^[A-Za-z0-9+/]+=*$/.test(base64)) throw new Refusal('signatureUnreadable', { field: 'signature' })
  const png = Buffer.from(base64, 'base64')
  if (detectScanType(png) !== 'image/png' || png.length < 24) throw new Refusal('signatureUnreadable', { field: 'signature' })
  // The IHDR's size, read before decoding: a small file may declare a huge image (a PNG bomb).
  const [width, height] = [png.readUInt32BE(16), png.readUInt32BE(20)]
  if (width === 0 || height === 0 || width > 4096 || height > 4096 || width * height > MAX_PIXELS) throw new Refusal('signatureUnreadable', { field: 'signature' })
  let image: { width: number; height: number; data: Buffer }
  try {
    image = PNG.sync.read(png)
  } catch {
    throw new Refusal('signatureUnreadable', { field: 'signature' })
  }
  // pngjs gives RGBA; the pad draws dark ink on a transparent (or white) background.
  let inked = 0
  for (let i = 0; i < image.data.length && inked < MIN_INKED_PIXELS; i += 4) {
    const [r, g, b, a] = [image.data[i], image.data[i + 1], image.data[i + 2], image.data[i + 3]]
    if (a > 64 && r + g + b < 600) inked++
  }
  if (inked < MIN_INKED_PIXELS) throw new Refusal('signatureEmpty', { field: 'signature' })
  return png
}

export type SignInput = { eventId: string; programmeItemId: string; attendeeId: string; signature: string; signedAt?: Date }

/** One delegate signs one session on the tablet. A second signature for the same pair is refused. */
export async function signAttendance(db: Database, actor: { id: string }, input: SignInput) {
  const png = readSignaturePng(input.signature)
  return db.transaction(async (tx) => {
    await requireSession(tx, input.eventId, input.programmeItemId)
    const [person] = await requireDelegates(tx, input.eventId, [input.attendeeId])
    const [row] = await tx
      .insert(attendanceSignatures)
      .values({ programmeItemId: input.programmeItemId, attendeeId: person.id, method: 'tablet', signedAt: input.signedAt ?? new Date(), signaturePng: png, collectedByUserId: actor.id })
      .onConflictDoNothing()
      .returning({ id: attendanceSignatures.id, signedAt: attendanceSignatures.signedAt })
    if (!row) await refuseAlreadySigned(tx, input.programmeItemId, person)
    await recordAudit(tx, { actor: { userId: actor.id }, action: 'attendance.signed', subjectType: 'attendee', subjectId: person.id, data: { programmeItemId: input.programmeItemId, method: 'tablet' } })
    return { signatureId: row.id, signedAt: row.signedAt, name: `${person.first_name} ${person.last_name}` }
  })
}

async function refuseAlreadySigned(tx: DbOrTx, programmeItemId: string, person: { id: string; first_name: string; last_name: string }): Promise<never> {
  const [existing] = await tx.execute<{ method: SignatureMethod }>(sql`select method from attendance_signature where programme_item_id = ${programmeItemId} and attendee_id = ${person.id}`)
  throw new Refusal('alreadySigned', { field: 'attendeeId', vars: { name: `${person.first_name} ${person.last_name}`, method: existing?.method ?? 'tablet' }, details: { method: existing?.method } })
}

/** The type of an uploaded file, from its first bytes (never from what the browser declared). */
export function detectScanType(bytes: Uint8Array): ScanContentType | null {
  const starts = (...sig: number[]) => sig.every((b, i) => bytes[i] === b)
  if (starts(0x25, 0x50, 0x44, 0x46, 0x2d)) return 'application/pdf' // %PDF-
  if (starts(0xff, 0xd8, 0xff)) return 'image/jpeg'
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png'
  return null
}

export type ScanInput = { eventId: string; programmeItemId: string; attendeeIds: string[]; bytes: Uint8Array | null; signedAt?: Date }

/**
 * A scanned paper sheet for a session: stored with its SHA-256 (the same file twice is stored
 * once), and the delegates ticked as on it are marked signed by `scan`. Those who had already
 * signed keep their signature; the answer says how many were marked and how many already were.
 */
export async function recordScannedSheet(db: Database, actor: { id: string }, input: ScanInput) {
  if (!input.bytes || input.bytes.byteLength === 0) throw new Refusal('scanMissing', { field: 'file' })
  if (input.bytes.byteLength > SCAN_MAX_BYTES) throw new Refusal('scanTooLarge', { field: 'file', vars: { max: SCAN_MAX_MB } })
  const contentType = detectScanType(input.bytes)
  if (!contentType) throw new Refusal('scanWrongType', { field: 'file' })
  const attendeeIds = [...new Set(input.attendeeIds)]
  if (!attendeeIds.length) throw new Refusal('scanNoAttendee', { field: 'attendeeIds' })
  const bytes = Buffer.from(input.bytes)
  const sha256 = sha256Hex(bytes)
  return db.transaction(async (tx) => {
    await requireSession(tx, input.eventId, input.programmeItemId)
    await requireDelegates(tx, input.eventId, attendeeIds)
    await tx
      .insert(attendanceSheetScans)
      .values({ programmeItemId: input.programmeItemId, contentType, bytes, sizeBytes: bytes.byteLength, sha256, uploadedByUserId: actor.id })
      .onConflictDoNothing()
    const [scan] = await tx.execute<{ id: string }>(sql`select id from attendance_sheet_scan where programme_item_id = ${input.programmeItemId} and sha256 = ${sha256}`)
    const signedAt = input.signedAt ?? new Date()
    const marked = await tx
      .insert(attendanceSignatures)
      .values(attendeeIds.map((attendeeId) => ({ programmeItemId: input.programmeItemId, attendeeId, method: 'scan' as const, signedAt, scanId: scan.id, collectedByUserId: actor.id })))
      .onConflictDoNothing()
      .returning({ attendeeId: attendanceSignatures.attendeeId })
    await recordAudit(tx, {
      actor: { userId: actor.id },
      action: 'attendance.scan_uploaded',
      subjectType: 'programme_item',
      subjectId: input.programmeItemId,
      data: { scanId: scan.id, sha256, contentType, marked: marked.length, alreadySigned: attendeeIds.length - marked.length },
    })
    return { scanId: scan.id, sha256, contentType, marked: marked.length, alreadySigned: attendeeIds.length - marked.length }
  })
}
