import { createHash } from 'node:crypto'
import { eq, sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { getDb } from '#db/client'
import { attendanceSheetScans, attendanceSignatures, attendees, events, programmeItems } from '#db/schema/index'
import { strFromU8, unzipSync } from 'fflate'
import { buildReportPack } from '~/modules/funders/pack.server'
import { previewErasure } from '~/modules/privacy/erasure.server'
import { findPersonData } from '~/modules/privacy/finders.server'
import { participationLedger } from '~/modules/funders/participation.server'
import { renderSignatureSheetPdf } from '~/modules/funders/signature-sheet-pdf.server'
import { SCAN_MAX_BYTES } from '~/modules/funders/signature-limits'
import { recordScannedSheet, requireSession, sessionSheet, sessionSignatureImages, signAttendance } from '~/modules/funders/signatures.server'
import { createSignatureWorld, dataUrl, padPng } from './signature-fixtures'

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex')
const PDF = Buffer.from('%PDF-1.4\n% scanned sheet\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n')

async function signatureCount(programmeItemId: string) {
  const [row] = await getDb().execute<{ n: number }>(sql`select count(*)::int as n from attendance_signature where programme_item_id = ${programmeItemId}`)
  return Number(row.n)
}

describe('signed attendance sheets', () => {
  it('a delegate signs a session on the tablet: the PNG, the time, the method and who collected it are kept', async () => {
    const w = await createSignatureWorld()
    const png = padPng()
    const signed = await signAttendance(getDb(), w.people.check_in, { eventId: w.event.id, programmeItemId: w.morning.id, attendeeId: w.consenting.attendee.id, signature: dataUrl(png) })
    expect(signed.name).toBe('Line Consent')
    const [row] = await getDb().select().from(attendanceSignatures).where(eq(attendanceSignatures.id, signed.signatureId))
    expect(row).toMatchObject({ method: 'tablet', attendeeId: w.consenting.attendee.id, collectedByUserId: w.people.check_in.id, scanId: null })
    expect(Buffer.compare(row.signaturePng!, png)).toBe(0)
    const sheet = await sessionSheet(getDb(), w.event.id, w.morning.id)
    expect(sheet.map((r) => [r.lastName, r.method])).toEqual([['Consent', 'tablet'], ['Private', null]])
  })

  it('two signatures at once for the same session and delegate: one row, the other refused', async () => {
    const w = await createSignatureWorld()
    const sign = (seed: number) =>
      signAttendance(getDb(), w.people.organiser, { eventId: w.event.id, programmeItemId: w.morning.id, attendeeId: w.private.attendee.id, signature: dataUrl(padPng(true, seed)) })
    const results = await Promise.allSettled([sign(1), sign(2), sign(3)])
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
    for (const r of results.filter((r) => r.status === 'rejected')) expect((r as PromiseRejectedResult).reason).toMatchObject({ code: 'alreadySigned', status: 409, vars: { name: 'Paul Private' } })
    expect(await signatureCount(w.morning.id)).toBe(1)
    // and later, one at a time
    await expect(sign(4)).rejects.toMatchObject({ code: 'alreadySigned' })
    expect(await signatureCount(w.morning.id)).toBe(1)
  })

  it('refuses an unknown session, a person not registered, an empty or unreadable signature, writing nothing', async () => {
    const w = await createSignatureWorld()
    const other = await createSignatureWorld()
    const db = getDb()
    const base = { eventId: w.event.id, programmeItemId: w.morning.id, attendeeId: w.consenting.attendee.id, signature: dataUrl(padPng()) }
    const by = w.people.organiser
    await expect(signAttendance(db, by, { ...base, programmeItemId: other.morning.id })).rejects.toMatchObject({ code: 'signatureSessionUnknown', status: 404 })
    await expect(signAttendance(db, by, { ...base, programmeItemId: 'not-a-uuid' })).rejects.toMatchObject({ code: 'signatureSessionUnknown' })
    await db.update(programmeItems).set({ cancelledAt: new Date() }).where(eq(programmeItems.id, w.afternoon.id))
    await expect(signAttendance(db, by, { ...base, programmeItemId: w.afternoon.id })).rejects.toMatchObject({ code: 'signatureSessionUnknown' })
    await expect(signAttendance(db, by, { ...base, attendeeId: other.consenting.attendee.id })).rejects.toMatchObject({ code: 'signatureAttendeeUnknown', status: 400 })
    const cancelled = await w.registration({ company: 'Annulée', first: 'Anne', last: 'Cancelled', consent: false, status: 'cancelled' })
    await expect(signAttendance(db, by, { ...base, attendeeId: cancelled.attendee.id })).rejects.toMatchObject({ code: 'signatureAttendeeUnknown' })
    await expect(signAttendance(db, by, { ...base, signature: '' })).rejects.toMatchObject({ code: 'signatureEmpty', field: 'signature' })
    await expect(signAttendance(db, by, { ...base, signature: dataUrl(padPng(false)) })).rejects.toMatchObject({ code: 'signatureEmpty' })
    await expect(signAttendance(db, by, { ...base, signature: dataUrl(PDF) })).rejects.toMatchObject({ code: 'signatureUnreadable' })
    await expect(signAttendance(db, by, { ...base, signature: 'data:image/png;base64,iVBORw0KGgo=' })).rejects.toMatchObject({ code: 'signatureUnreadable' })
    expect(await signatureCount(w.morning.id)).toBe(0)
    expect(await signatureCount(w.afternoon.id)).toBe(0)
  })

  it('a scanned sheet is kept with its SHA-256 and marks the delegates it covers as signed by scan; wrong or oversized files are refused', async () => {
    const w = await createSignatureWorld()
    const db = getDb()
    const by = w.people.organiser
    await signAttendance(db, by, { eventId: w.event.id, programmeItemId: w.afternoon.id, attendeeId: w.consenting.attendee.id, signature: dataUrl(padPng()) })
    const input = { eventId: w.event.id, programmeItemId: w.afternoon.id, attendeeIds: [w.consenting.attendee.id, w.private.attendee.id] }
    const first = await recordScannedSheet(db, by, { ...input, bytes: PDF })
    expect(first).toMatchObject({ contentType: 'application/pdf', sha256: sha(PDF), marked: 1, alreadySigned: 1 })
    const [scan] = await db.select().from(attendanceSheetScans).where(eq(attendanceSheetScans.id, first.scanId))
    expect(scan).toMatchObject({ sha256: sha(PDF), sizeBytes: PDF.byteLength, uploadedByUserId: by.id })
    const sheet = await sessionSheet(db, w.event.id, w.afternoon.id)
    expect(sheet.map((r) => [r.lastName, r.method, r.scanSha256])).toEqual([['Consent', 'tablet', null], ['Private', 'scan', sha(PDF)]])
    // the same file again: stored once, nobody marked twice
    expect(await recordScannedSheet(db, by, { ...input, bytes: PDF })).toMatchObject({ scanId: first.scanId, marked: 0, alreadySigned: 2 })

    const morning = { ...input, programmeItemId: w.morning.id }
    const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(64)])
    expect(await recordScannedSheet(db, by, { ...morning, attendeeIds: [w.private.attendee.id], bytes: jpeg })).toMatchObject({ contentType: 'image/jpeg', marked: 1 })
    const gif = Buffer.from('GIF89a-not-accepted')
    await expect(recordScannedSheet(db, by, { ...morning, bytes: gif })).rejects.toMatchObject({ code: 'scanWrongType', status: 415 })
    // a PDF's name and declared type do not matter: an HTML file is refused whatever it claims
    await expect(recordScannedSheet(db, by, { ...morning, bytes: Buffer.from('<html>%PDF-</html>') })).rejects.toMatchObject({ code: 'scanWrongType' })
    const huge = Buffer.concat([PDF, Buffer.alloc(SCAN_MAX_BYTES)])
    await expect(recordScannedSheet(db, by, { ...morning, bytes: huge })).rejects.toMatchObject({ code: 'scanTooLarge', status: 413 })
    await expect(recordScannedSheet(db, by, { ...morning, bytes: null })).rejects.toMatchObject({ code: 'scanMissing' })
    await expect(recordScannedSheet(db, by, { ...morning, attendeeIds: [], bytes: PDF })).rejects.toMatchObject({ code: 'scanNoAttendee' })
    const other = await createSignatureWorld()
    const mixed = Buffer.concat([PDF, Buffer.from('mixed')])
    await expect(recordScannedSheet(db, by, { ...morning, attendeeIds: [w.consenting.attendee.id, other.private.attendee.id], bytes: mixed })).rejects.toMatchObject({ code: 'signatureAttendeeUnknown' })
    // nothing half-written: neither the file nor the valid delegate's mark
    expect(await db.select().from(attendanceSheetScans).where(eq(attendanceSheetScans.sha256, sha(mixed)))).toHaveLength(0)
    expect((await sessionSheet(db, w.event.id, w.morning.id)).find((r) => r.lastName === 'Consent')?.method).toBeNull()
  })

  it('the session PDF is the same bytes when regenerated, and lists who has not signed', async () => {
    const w = await createSignatureWorld()
    const db = getDb()
    await signAttendance(db, w.people.organiser, { eventId: w.event.id, programmeItemId: w.morning.id, attendeeId: w.private.attendee.id, signature: dataUrl(padPng()), signedAt: new Date('2027-01-20T14:05:00Z') })
    const [event] = await db.select().from(events).where(eq(events.id, w.event.id))
    const render = async () => {
      const session = await requireSession(db, w.event.id, w.morning.id)
      const rows = await sessionSheet(db, w.event.id, w.morning.id)
      return renderSignatureSheetPdf(event, session, ['Région Martinique'], rows, await sessionSignatureImages(db, w.morning.id), 'fr')
    }
    const rows = await sessionSheet(db, w.event.id, w.morning.id)
    expect(rows.filter((r) => !r.method).map((r) => `${r.firstName} ${r.lastName}`)).toEqual(['Line Consent'])
    const one = await render()
    await new Promise((r) => setTimeout(r, 1100))
    const two = await render()
    expect(one.subarray(0, 5).toString()).toBe('%PDF-')
    expect(sha(two)).toBe(sha(one))
    // the signature image is in it (an XObject image with a soft mask for the transparency)
    expect(one.includes('/Subtype /Image')).toBe(true)
    const en = await renderSignatureSheetPdf(event, await requireSession(db, w.event.id, w.morning.id), [], rows, new Map(), 'en')
    expect(sha(en)).not.toBe(sha(one))
  })

  it('counts half-days across the 13:00 boundary in the event’s zone, and sessions per company', async () => {
    const w = await createSignatureWorld()
    const db = getDb()
    // New York, January (UTC−5). Consent: checked in 12:59 local (17:59Z), signs the 13:00 session: two half-days.
    await db.update(attendees).set({ checkedInAt: new Date('2027-01-20T17:59:00Z') }).where(eq(attendees.id, w.consenting.attendee.id))
    await signAttendance(db, w.people.organiser, { eventId: w.event.id, programmeItemId: w.afternoon.id, attendeeId: w.consenting.attendee.id, signature: dataUrl(padPng()) })
    // Private: checked in 10:00, signs the 09:00 session late (after 13:00): one half-day, the morning.
    await db.update(attendees).set({ checkedInAt: new Date('2027-01-20T15:00:00Z') }).where(eq(attendees.id, w.private.attendee.id))
    await signAttendance(db, w.people.organiser, { eventId: w.event.id, programmeItemId: w.morning.id, attendeeId: w.private.attendee.id, signature: dataUrl(padPng()), signedAt: new Date('2027-01-20T19:00:00Z') })
    // A delegate of a third company, checked in at 08:00 local the next day.
    const colleague = await w.registration({ company: 'Colleague Co', first: 'Jo', last: 'Colleague', consent: false })
    await db.update(attendees).set({ checkedInAt: new Date('2027-01-21T13:00:00Z') }).where(eq(attendees.id, colleague.attendee.id))

    const ledger = await participationLedger(db, [w.event.id])
    const byCompany = Object.fromEntries(ledger.map((r) => [r.companyId, r]))
    expect(byCompany[w.consenting.company.id]).toMatchObject({ delegates: 1, delegateHalfDays: 2, companyHalfDays: 2, sessions: 1, signatures: 1 })
    expect(byCompany[w.private.company.id]).toMatchObject({ delegates: 1, delegateHalfDays: 1, companyHalfDays: 1, sessions: 1, signatures: 1 })
    // 08:00 local the next day: a morning, no session
    expect(byCompany[colleague.company.id]).toMatchObject({ delegates: 1, delegateHalfDays: 1, sessions: 0, signatures: 0 })
  })

  it('the report pack carries each signed session’s PDF under evidence/signatures/, its hash and the ledger', async () => {
    const w = await createSignatureWorld()
    const db = getDb()
    await signAttendance(db, w.people.organiser, { eventId: w.event.id, programmeItemId: w.morning.id, attendeeId: w.consenting.attendee.id, signature: dataUrl(padPng()) })
    const day = (offset: number) => new Date(w.event.startsAt.getTime() + offset * 86_400_000).toISOString().slice(0, 10)
    const request = { organisationId: w.org.id, funderPartnerId: w.funder.id, from: day(-2), to: day(2), locale: 'en' as const }
    const pack = await buildReportPack(request)
    const entries = unzipSync(pack.zip)
    const sheets = Object.keys(entries).filter((n) => n.startsWith(`evidence/signatures/${w.event.slug}/`))
    // the afternoon session has no signature: no sheet of blanks
    expect(sheets).toHaveLength(1)
    expect(sheets[0]).toMatch(/-[0-9a-f]{8}\.pdf$/)
    const index = strFromU8(entries['evidence/signatures/sheets.csv'])
    expect(index).toContain(`${sheets[0]},1,2,${sha(entries[sheets[0]])}`)
    const ledger = strFromU8(entries['evidence/signatures/participation.csv'])
    expect(ledger.split('\n')[0]).toContain('half-days (delegates)')
    expect(pack.files[sheets[0]]).toBe(sha(entries[sheets[0]]))
    // regenerated: the same sheet bytes
    const again = unzipSync((await buildReportPack(request)).zip)
    expect(sha(again[sheets[0]])).toBe(sha(entries[sheets[0]]))
  })

  it('a delegate’s signatures are in their subject-access data, and an erasure keeps them on the funders’ hold', async () => {
    const w = await createSignatureWorld()
    const png = padPng()
    await signAttendance(getDb(), w.people.organiser, { eventId: w.event.id, programmeItemId: w.morning.id, attendeeId: w.consenting.attendee.id, signature: dataUrl(png) })
    const data = await findPersonData(getDb(), w.org.id, w.consenting.attendee.email)
    expect(data.attendance_signature).toHaveLength(1)
    expect(data.attendance_signature[0]).toMatchObject({ method: 'tablet', programmeItemId: w.morning.id })
    expect(Buffer.from(String(data.attendance_signature[0].signaturePngBase64).replace(/\s/g, ''), 'base64').equals(png)).toBe(true)
    const preview = await previewErasure(getDb(), w.org.id, w.consenting.attendee.email)
    expect(preview.items).toContainEqual({ table: 'attendance_signature', action: 'keep', count: 1, ground: 'legal_hold_funder' })
  })
})
