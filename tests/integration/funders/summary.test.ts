import { createHash } from 'node:crypto'
import ExcelJS from 'exceljs'
import { and, eq } from 'drizzle-orm'
import { strFromU8, unzipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import { getDb } from '#db/client'
import { eventPartners, events, partners } from '#db/schema/index'
import { computeIndicators } from '~/modules/funders/indicators.server'
import { applyLayout, FUNDER_LAYOUTS, type AnnexKey } from '~/modules/funders/layouts'
import { buildReportPack } from '~/modules/funders/pack.server'
import { renderSummaryPdf, summaryData } from '~/modules/funders/summary-pdf.server'
import { createTestEvent } from '../../factories'
import { createMission, registerDelegates } from './fixtures'
import { pdfText } from './pdf-text'

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex')
const YEAR = { from: '2027-01-01', to: '2027-12-31' }

/** A funder with a configured layout: one per test organisation (partner slugs are unique there). */
async function funderWithCode(organisationId: string, slug: string, name: string) {
  await getDb().insert(partners).values({ organisationId, slug, name, kind: 'public_body', isFunder: true }).onConflictDoNothing()
  const [row] = await getDb().select().from(partners).where(and(eq(partners.organisationId, organisationId), eq(partners.slug, slug)))
  return row
}

describe('the PDF summary', () => {
  it('is in the pack with its hash, says who, when, which missions and indicators, and charts sectors, sizes and months', async () => {
    const m = await createMission()
    const pack = await buildReportPack({ organisationId: m.organisationId, funderPartnerId: m.funder.id, ...YEAR, locale: 'en' })
    const entries = unzipSync(pack.zip)
    const pdf = entries['summary.pdf']
    expect(strFromU8(pdf.subarray(0, 5))).toBe('%PDF-')
    expect(JSON.parse(strFromU8(entries['manifest.json'])).files['summary.pdf']).toBe(sha(pdf))
    expect(pack.files['summary.pdf']).toBe(sha(pdf))
    const text = pdfText(pdf)
    for (const expected of [
      'Missions summary', // the default layout's title: this funder has no layout of its own
      `Funder: ${m.funder.name}`,
      'Period: 2027-01-01 to 2027-12-31',
      'Missions (1)',
      `Test event ${m.event.slug}`,
      'Key indicators',
      'ENT_SUPPORTED',
      'Companies supported by sector (NACE section)',
      'C — Manufacturing', // 11.01Z and 20.42Z are both section C
      'NAF not given',
      'Companies supported by size (Recommendation 2003/361)',
      'Micro',
      'Medium',
      'Unknown',
      'B2B meetings held and agreements reported, per month',
      'Meetings held',
      'Agreements at 6-month follow-up',
      'Mar 2027', // the meeting
      'Sep 2027', // the 6-month agreement
      'Mar 2028', // the 12-month agreement, after the period but counted as the indicator counts it
      'Month',
      'Companies',
    ])
      expect(text, expected).toContain(expected)
    expect(text).not.toContain('Projet cofinancé')
  })

  it('the charts’ figures add up to the indicators, over every month from the mission to the last answer', async () => {
    const m = await createMission()
    const db = getDb()
    const [event] = await db.select().from(events).where(eq(events.id, m.event.id))
    const scope = { eventIds: [event.id], periodTo: YEAR.to }
    const data = await summaryData(db, scope, [event])
    expect(data.sectors).toEqual([{ section: 'C', companies: 2 }, { section: '?', companies: 1 }])
    expect(Object.fromEntries(data.sizes.map((s) => [s.size, s.companies]))).toEqual({ micro: 1, small: 0, medium: 1, large: 0, unknown: 1 })
    expect(data.months.map((x) => x.month)).toEqual(['2027-03', '2027-04', '2027-05', '2027-06', '2027-07', '2027-08', '2027-09', '2027-10', '2027-11', '2027-12', '2028-01', '2028-02', '2028-03'])
    expect(data.months.filter((x) => x.meetings || x.agreements6 || x.agreements12)).toEqual([
      { month: '2027-03', meetings: 1, agreements6: 0, agreements12: 0 },
      { month: '2027-09', meetings: 0, agreements6: 1, agreements12: 0 },
      { month: '2028-03', meetings: 0, agreements6: 0, agreements12: 1 },
    ])
  })

  it('same data, same bytes: regenerated a second later, the summary has the same SHA-256 (French too)', async () => {
    const m = await createMission()
    const db = getDb()
    const [event] = await db.select().from(events).where(eq(events.id, m.event.id))
    const scope = { eventIds: [event.id], periodTo: YEAR.to }
    const input = { locale: 'fr' as const, title: 'Bilan', legend: 'Projet cofinancé par l’Union européenne — FEDER', funder: m.funder.name, period: YEAR, missions: [event], indicators: await computeIndicators(db, scope), ...(await summaryData(db, scope, [event])) }
    const one = await renderSummaryPdf(input)
    await new Promise((r) => setTimeout(r, 1100))
    const two = await renderSummaryPdf(input)
    expect(sha(two)).toBe(sha(one))
    const text = pdfText(one)
    expect(text).toContain('Projet cofinancé par l’Union européenne — FEDER')
    expect(text).toContain('Entreprises accompagnées par secteur (section NAF)')
    expect(text).toContain('Industrie manufacturière')
    expect(text).toContain('Accords au suivi à 12 mois')
    const packs = await Promise.all([0, 1].map(() => buildReportPack({ organisationId: m.organisationId, funderPartnerId: m.funder.id, ...YEAR, locale: 'fr' })))
    expect(packs[1].files['summary.pdf']).toBe(packs[0].files['summary.pdf'])
  })

  it('a mission with one company, no NAF, no meeting still draws each chart: one bar, one month of zeros', async () => {
    const db = getDb()
    const event = await createTestEvent(db, { startsAt: new Date('2027-06-15T14:00:00Z'), endsAt: new Date('2027-06-15T20:00:00Z') })
    const funder = await funderWithCode(event.organisationId, `solo-${event.slug}`, 'Solo funder')
    await db.insert(eventPartners).values({ eventId: event.id, partnerId: funder.id, role: 'funder' })
    await registerDelegates(event, 'Solo Épices', 1)
    const [row] = await db.select().from(events).where(eq(events.id, event.id))
    const data = await summaryData(db, { eventIds: [event.id], periodTo: YEAR.to }, [row])
    expect(data.sectors).toEqual([{ section: '?', companies: 1 }])
    expect(data.months).toEqual([{ month: '2027-06', meetings: 0, agreements6: 0, agreements12: 0 }])
    const pack = await buildReportPack({ organisationId: event.organisationId, funderPartnerId: funder.id, ...YEAR, locale: 'en' })
    const text = pdfText(unzipSync(pack.zip)['summary.pdf'])
    expect(text).toContain('NAF not given')
    expect(text).toContain('Jun 2027')
    expect(text).not.toContain('No data in the period.')
  })
})

describe('funder layouts in the pack', () => {
  it('two funders’ packs differ exactly as their layouts say: sheets, order, columns, labels, indicators, legend, title', async () => {
    const m = await createMission()
    const db = getDb()
    const feder = await funderWithCode(m.organisationId, 'feder', 'FEDER')
    const fcr = await funderWithCode(m.organisationId, 'fcr', 'Fonds de Coopération Régionale')
    await db.insert(eventPartners).values([{ eventId: m.event.id, partnerId: feder.id, role: 'funder' }, { eventId: m.event.id, partnerId: fcr.id, role: 'funder' }])
    for (const [funder, code] of [[feder, 'feder'], [fcr, 'fcr']] as const) {
      const layout = FUNDER_LAYOUTS[code]
      const pack = await buildReportPack({ organisationId: m.organisationId, funderPartnerId: funder.id, ...YEAR, locale: 'fr' })
      const entries = unzipSync(pack.zip)
      const wb = new ExcelJS.Workbook()
      await wb.xlsx.load(Buffer.from(entries[`${code}-${YEAR.from}-${YEAR.to}.xlsx`]) as unknown as ArrayBuffer)
      const expectedSheets = layout.annexes.map((a) => applyLayout(a, [], 'fr'))
      expect(wb.worksheets.map((s) => s.name), code).toEqual(expectedSheets.map((s) => s.title))
      wb.worksheets.forEach((sheet, i) => {
        expect((sheet.getRow(1).values as unknown[]).slice(1), `${code} ${sheet.name}`).toEqual(expectedSheets[i].rows[0])
        expect(sheet.headerFooter.oddHeader).toBe(`&C${layout.legend!.fr}`)
      })
      const indicatorSheet = wb.worksheets[layout.annexes.findIndex((a) => a.annex === 'indicators')]
      const codes: string[] = []
      indicatorSheet.eachRow((row, n) => n > 1 && codes.push(String(row.getCell(1).value)))
      expect(codes, code).toEqual(layout.indicators)
      const manifest = JSON.parse(strFromU8(entries['manifest.json']))
      expect(manifest.funder.layout).toBe(code)
      expect(manifest.indicators.map((i: { code: string }) => i.code)).toEqual(layout.indicators)
      // The evidence sheet backs exactly the indicators reported.
      const evidenceSheet = wb.worksheets[layout.annexes.findIndex((a) => a.annex === 'evidence')]
      const backed = new Set<string>()
      evidenceSheet.eachRow((row, n) => n > 1 && backed.add(String(row.getCell(1).value)))
      expect([...backed].every((c) => layout.indicators!.includes(c)), code).toBe(true)
      expect(backed.has('ENT_SUPPORTED')).toBe(true)
      const csv = Object.keys(entries).filter((n) => n.startsWith('csv/')).sort()
      expect(csv, code).toEqual(layout.annexes.filter((a) => a.annex !== 'evidence').map((a) => `csv/${a.annex as AnnexKey}.csv`).sort())
      const text = pdfText(entries['summary.pdf'])
      expect(text).toContain(layout.legend!.fr)
      expect(text).toContain(layout.pdfTitle.fr)
    }
    // The difference, spelled out: FEDER's companies sheet starts with the SIRET and says "raison sociale"; FCR has no participants sheet.
    const federPack = unzipSync((await buildReportPack({ organisationId: m.organisationId, funderPartnerId: feder.id, ...YEAR, locale: 'fr' })).zip)
    expect(strFromU8(federPack['csv/companies.csv']).split(/\r?\n/)[0]).toBe('SIRET,raison sociale,NAF,taille (2003/361),missions,équivalent-aide EUR,de minimis 3 ans (EUR),plafond dépassé')
    const fcrPack = unzipSync((await buildReportPack({ organisationId: m.organisationId, funderPartnerId: fcr.id, ...YEAR, locale: 'fr' })).zip)
    expect(fcrPack['csv/participants.csv']).toBeUndefined()
    expect(federPack['csv/participants.csv']).toBeDefined()
  })
})
