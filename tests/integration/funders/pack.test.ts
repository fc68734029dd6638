import { createHash } from 'node:crypto'
import ExcelJS from 'exceljs'
import { unzipSync, strFromU8 } from 'fflate'
import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { getDb } from '#db/client'
import { events, reportPacks } from '#db/schema/index'
import { addBudgetLine } from '~/modules/funders/budget.server'
import { attendanceRows, renderAttendancePdf } from '~/modules/funders/attendance-pdf.server'
import { buildReportPack } from '~/modules/funders/pack.server'
import { Refusal } from '~/utils/refusal'
import { createMission, MISSION_INDICATORS } from './fixtures'

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex')

describe('report pack', () => {
  it('zips the workbook, CSVs, attendance PDFs and a manifest whose hashes match; the XLSX reads back as the ledger', async () => {
    const m = await createMission()
    await addBudgetLine(m.organisationId, {
      eventId: m.event.id,
      label: 'Stand',
      amountMinor: 12_345_67,
      evidenceRef: 'FAC-001',
      shares: [{ funderPartnerId: m.funder.id, shareBp: 6667 }, { funderPartnerId: m.other.id, shareBp: 3333 }],
    })
    const pack = await buildReportPack({ organisationId: m.organisationId, funderPartnerId: m.funder.id, from: '2027-01-01', to: '2027-12-31', locale: 'en' })
    const entries = unzipSync(pack.zip)
    const names = Object.keys(entries).sort()
    expect(names).toEqual(
      [
        `attendance/${m.event.slug}.pdf`,
        'csv/attendance.csv',
        'csv/companies.csv',
        'csv/indicators.csv',
        'csv/ledger.csv',
        'csv/participants.csv',
        'csv/registrations.csv',
        'de-minimis/attestations.pdf',
        'evidence/signatures/participation.csv',
        'evidence/signatures/sheets.csv',
        `${m.funder.slug}-2027-01-01-2027-12-31.xlsx`,
        'manifest.json',
        'summary.pdf',
      ].sort(),
    )
    const manifest = JSON.parse(strFromU8(entries['manifest.json']))
    for (const [name, hash] of Object.entries(manifest.files)) expect(sha(entries[name])).toBe(hash)
    expect(Object.fromEntries(manifest.indicators.map((i: { code: string; value: number }) => [i.code, i.value]))).toEqual(MISSION_INDICATORS)
    expect(strFromU8(entries[`attendance/${m.event.slug}.pdf`].subarray(0, 5))).toBe('%PDF-')

    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(Buffer.from(entries[`${m.funder.slug}-2027-01-01-2027-12-31.xlsx`]) as unknown as ArrayBuffer)
    const values = (name: string) => {
      const rows: string[][] = []
      wb.getWorksheet(name)!.eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((v) => String(v ?? ''))))
      return rows
    }
    const costs = values('Costs').slice(1)
    expect(costs.map((r) => [r[1], r[2], r[4], r[5], r[6]])).toEqual([
      ['Stand', '12345.67', m.funder.name, '66.67', '8230.86'],
      ['Stand', '12345.67', m.other.name, '33.33', '4114.81'],
    ].sort((x, y) => x[2].localeCompare(y[2])))
    expect(costs.reduce((s, r) => s + Math.round(Number(r[6]) * 100), 0)).toBe(12_345_67)
    // The funded budget (USD mission) split evenly over the three companies supported, to the cent.
    const companies = values('Companies').slice(1)
    expect(companies).toHaveLength(3)
    expect(companies.reduce((s, r) => s + Math.round(Number(r[7]) * 100), 0)).toBe(12_345_67)
    expect(companies.map((r) => Math.round(Number(r[7]) * 100)).sort()).toEqual([4_115_22, 4_115_22, 4_115_23])
    const participants = values('Participants').slice(1)
    expect(participants).toHaveLength(4)
    expect(participants.filter((r) => r[4]).length).toBe(2)
    const indicators = Object.fromEntries(values('Indicators').slice(1).map((r) => [r[0], r[4]]))
    expect(indicators.ENT_SUPPORTED).toBe('3')
    expect(indicators.EST_CONTRACT_VALUE_USD).toBe('15000.00')

    const [logged] = await getDb().select().from(reportPacks).where(eq(reportPacks.id, pack.packId))
    expect(logged.files).toEqual({ ...manifest.files, 'manifest.json': sha(entries['manifest.json']) })
    expect(logged.eventIds).toEqual([m.event.id])
  })

  it('an attendance sheet regenerated from the same data has the same bytes', async () => {
    const m = await createMission()
    const [event] = await getDb().select().from(events).where(eq(events.id, m.event.id))
    const rows = await attendanceRows(getDb(), m.event.id)
    const one = await renderAttendancePdf(event, ['CTM'], rows, 'fr')
    await new Promise((r) => setTimeout(r, 1100))
    const two = await renderAttendancePdf(event, ['CTM'], rows, 'fr')
    expect(sha(two)).toBe(sha(one))
  })

  it('a period with no mission of the funder says so instead of an empty file', async () => {
    const m = await createMission()
    const error = await buildReportPack({ organisationId: m.organisationId, funderPartnerId: m.other.id, from: '2027-01-01', to: '2027-12-31', locale: 'fr' }).catch((e) => e)
    expect(error).toBeInstanceOf(Refusal)
    expect(error).toMatchObject({ code: 'packNoMission', status: 404 })
    const bad = await buildReportPack({ organisationId: m.organisationId, funderPartnerId: m.funder.id, from: '2027-12-31', to: '2027-01-01', locale: 'fr' }).catch((e) => e)
    expect(bad).toMatchObject({ code: 'periodEndBeforeStart', field: 'to', status: 400 })
  })
})
