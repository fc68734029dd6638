import { describe, expect, it } from 'vitest'
import { sql } from 'drizzle-orm'
import { getDb } from '#db/client'
import { recordScannedSheet, signAttendance } from '~/modules/funders/signatures.server'
import { runRetention } from '~/modules/privacy/retention.server'
import { getEnv } from '~/utils/env.server'
import { createSignatureWorld, dataUrl, padPng } from '../funders/signature-fixtures'

const PDF = Buffer.from('%PDF-1.4\n% a scanned sheet\n%%EOF\n')

/** A signed mission (a tablet signature and a scanned sheet) that ended `yearsAgo` years ago. */
async function signedMission(yearsAgo: number) {
  const w = await createSignatureWorld()
  const db = getDb()
  const by = w.people.organiser
  await signAttendance(db, by, { eventId: w.event.id, programmeItemId: w.morning.id, attendeeId: w.consenting.attendee.id, signature: dataUrl(padPng()) })
  await recordScannedSheet(db, by, { eventId: w.event.id, programmeItemId: w.afternoon.id, attendeeIds: [w.private.attendee.id], bytes: PDF })
  await db.execute(sql`update event set starts_at = now() - make_interval(years => ${yearsAgo}) - interval '1 day', ends_at = now() - make_interval(years => ${yearsAgo}) where id = ${w.event.id}`)
  return w.event.id
}

const kept = async (eventId: string) => {
  const [row] = await getDb().execute<{ signatures: number; scans: number }>(sql`
    select (select count(*)::int from attendance_signature s join programme_item p on p.id = s.programme_item_id where p.event_id = ${eventId}) as signatures,
      (select count(*)::int from attendance_sheet_scan c join programme_item p on p.id = c.programme_item_id where p.event_id = ${eventId}) as scans`)
  return row
}

describe('retention job, signed attendance sheets', () => {
  it('keeps them for the funders’ hold, then deletes signatures and scans', async () => {
    const years = getEnv().PRIVACY_FUNDER_LIST_YEARS
    const held = await signedMission(years - 1)
    const over = await signedMission(years + 1)
    await runRetention()
    expect(await kept(held)).toEqual({ signatures: 2, scans: 1 })
    expect(await kept(over)).toEqual({ signatures: 0, scans: 0 })
  })
})
