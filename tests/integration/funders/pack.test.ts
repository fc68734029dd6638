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
import { participationLedger } from '~/modules/funders/participation.server'
import { Refusal } from '~/utils/refusal'
import { issueFunderInvoice, issueRegistrationInvoice } from '~/modules/invoices/invoices.server'
import { createCode, createFunder as createPaymentFunder, createHeldRegistration, createPaymentEvent } from '../../factories/payment-fixtures'
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

  it('carries the invoice of each co-funded registration, as the company received it, with its hash', async () => {
    const fixture = await createPaymentEvent({ currency: 'EUR', taxRateBp: 0, tickets: [{ name: 'Délégué', priceMinor: 15000 }] })
    const funder = await createPaymentFunder(fixture.organisationId, `Région ${Date.now()}`)
    const code = await createCode(fixture.event.id, { kind: 'funder', percentOffBp: 5000, funderPartnerId: funder.id })
    const { registration } = await createHeldRegistration(fixture, { code, seats: [{ ticketIndex: 0, count: 1 }], status: 'confirmed' })
    const invoice = await getDb().transaction((tx) => issueRegistrationInvoice(tx, registration.id, { forBankTransfer: false, actor: { label: 'organiser' } }))
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10)
    const pack = await buildReportPack({ organisationId: fixture.organisationId, funderPartnerId: funder.id, from: day(-1), to: day(400), locale: 'fr' })
    const entries = unzipSync(pack.zip)
    const name = `evidence/invoices/${invoice.number.replace(/[^\w.-]+/g, '_')}.pdf`
    expect(Object.keys(entries).filter((n) => n.startsWith('evidence/invoices/'))).toEqual([name])
    expect(strFromU8(entries[name].subarray(0, 5))).toBe('%PDF-')
    expect(JSON.parse(strFromU8(entries['manifest.json'])).files[name]).toBe(sha(entries[name]))
    // Once the funder is invoiced for its shares, that invoice is evidence too.
    const toFunder = await getDb().transaction((tx) => issueFunderInvoice(tx, { funderPartnerId: funder.id, currency: 'EUR', actor: { label: 'organiser' } }))
    const again = unzipSync((await buildReportPack({ organisationId: fixture.organisationId, funderPartnerId: funder.id, from: day(-1), to: day(400), locale: 'fr' })).zip)
    expect(Object.keys(again).filter((n) => n.startsWith('evidence/invoices/')).sort()).toEqual([name, `evidence/invoices/${toFunder.number.replace(/[^\w.-]+/g, '_')}.pdf`].sort())
  })

  it('the participation ledger counts each company’s B2B meetings held (a no-show is not held)', async () => {
    const m = await createMission()
    const ledger = await participationLedger(getDb(), [m.event.id])
    const held = Object.fromEntries(ledger.map((r) => [r.company, r.meetingsHeld]))
    // A–C held, A–B with a no-show
    expect(held).toEqual({ 'Alpha Rhums': 1, 'Beta Cosmétiques': 0, 'Gamma Foods': 1 })
    expect(ledger.find((r) => r.company === 'Alpha Rhums')).toMatchObject({ delegates: 2 })
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
