import { and, eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { getDb } from '#db/client'
import { auditEntries, companies, deMinimisAids, eventPartners } from '#db/schema/index'
import { applicantAidWarning, missionAidOutlook, recordMissionAid } from '~/modules/funders/aid-register.server'
import { addBudgetLine } from '~/modules/funders/budget.server'
import { recordAid } from '~/modules/funders/de-minimis.server'
import { reportPreview } from '~/modules/funders/report-page.server'
import { createTestEvent } from '../../factories'
import { createFunder, registerDelegates } from './fixtures'

/** A EUR mission ending 12 May 2027 (Paris time), two companies, one budget line of 10,000.01 € shared 60/40 by two funders. */
async function euroMission() {
  const db = getDb()
  const event = await createTestEvent(db, { currency: 'EUR', timezone: 'Europe/Paris', startsAt: new Date('2027-05-10T07:00:00Z'), endsAt: new Date('2027-05-12T21:30:00Z') })
  const funder = await createFunder(event.organisationId, 'FEDER test')
  const other = await createFunder(event.organisationId, 'CTM test')
  await db.insert(eventPartners).values({ eventId: event.id, partnerId: funder.id, role: 'funder' })
  const a = await registerDelegates(event, 'Alpha Rhums', 1)
  const b = await registerDelegates(event, 'Beta Épices', 2)
  await addBudgetLine(event.organisationId, { eventId: event.id, label: 'Stand', amountMinor: 10_000_01, evidenceRef: 'F-1', shares: [{ funderPartnerId: funder.id, shareBp: 6000 }, { funderPartnerId: other.id, shareBp: 4000 }] })
  return { event, funder, other, a, b, organisationId: event.organisationId }
}

const rowsOf = (eventId: string) => getDb().select().from(deMinimisAids).where(and(eq(deMinimisAids.eventId, eventId), eq(deMinimisAids.source, 'mission')))

describe('mission aid into the de minimis register', () => {
  it('records each company’s share of one funder’s aid once, dated the mission’s last day; again changes nothing; another funder is its own row', async () => {
    const m = await euroMission()
    const first = await recordMissionAid({ organisationId: m.organisationId, eventId: m.event.id, funderPartnerId: m.funder.id })
    expect(first.grantedOn).toBe('2027-05-12') // 21:30 UTC is 23:30 in Paris: still the 12th
    expect(first.recorded.map((r) => r.amountEurMinor).sort()).toEqual([3000_00, 3000_01]) // 6,000.01 € split over two companies
    expect(first).toMatchObject({ already: 0, refused: [], notInEuros: 0 })
    const again = await recordMissionAid({ organisationId: m.organisationId, eventId: m.event.id, funderPartnerId: m.funder.id })
    expect(again).toMatchObject({ recorded: [], already: 2, refused: [] })
    expect(await rowsOf(m.event.id)).toHaveLength(2)
    const ctm = await recordMissionAid({ organisationId: m.organisationId, eventId: m.event.id, funderPartnerId: m.other.id })
    expect(ctm.recorded.reduce((s, r) => s + r.amountEurMinor, 0)).toBe(4000_00)
    const rows = await rowsOf(m.event.id)
    expect(rows).toHaveLength(4)
    expect(rows.reduce((s, r) => s + r.amountEurMinor, 0)).toBe(10_000_01)
    expect(rows.every((r) => r.grantedOn === '2027-05-12' && r.source === 'mission')).toBe(true)
    const audits = await getDb().select().from(auditEntries).where(and(eq(auditEntries.subjectId, m.event.id), eq(auditEntries.action, 'funders.aid_recorded')))
    expect(audits).toHaveLength(2) // the repeat recorded nothing and wrote no entry
  })

  it('two organisers recording at once leave one row per company and funder', async () => {
    const m = await euroMission()
    const runs = await Promise.all([0, 1, 2].map(() => recordMissionAid({ organisationId: m.organisationId, eventId: m.event.id, funderPartnerId: m.funder.id })))
    expect(runs.reduce((s, r) => s + r.recorded.length, 0)).toBe(2)
    expect(runs.reduce((s, r) => s + r.already, 0)).toBe(4)
    const rows = await rowsOf(m.event.id)
    expect(rows.map((r) => r.companyId).sort()).toEqual([m.a.companyId, m.b.companyId].sort())
  })

  it('warns before the mission when a company’s expected aid would pass 300,000 € over a rolling three years, and records the others', async () => {
    const m = await euroMission()
    // 296,000 € declared for Alpha on 13 May 2024: inside the three years ending 12 May 2027 (window from 13 May 2024).
    await recordAid({ companyId: m.a.companyId, grantedOn: '2024-05-13', amountEurMinor: 296_000_00, source: 'declared' })
    // Beta's old aid falls out of the window by one day.
    await recordAid({ companyId: m.b.companyId, grantedOn: '2024-05-12', amountEurMinor: 299_000_00, source: 'declared' })
    const [outlook] = await missionAidOutlook(getDb(), m.funder.id, [{ id: m.event.id, endsAt: new Date('2027-05-12T21:30:00Z'), timezone: 'Europe/Paris' }])
    expect(outlook).toMatchObject({ grantedOn: '2027-05-12', recordedCompanies: 0, toRecord: 2 })
    // Expected aid counts every funder (5,000.00 or 5,000.01 € each): Alpha would reach 301,000.xx €.
    expect(outlook.overCeiling).toHaveLength(1)
    expect(outlook.overCeiling[0]).toMatchObject({ companyId: m.a.companyId, company: 'Alpha Rhums', receivedEurMinor: 296_000_00 })
    expect(outlook.overCeiling[0].totalEurMinor).toBeGreaterThan(300_000_00)

    const page = await reportPreview(m.organisationId, new URLSearchParams({ funder: m.funder.id, from: '2027-01-01', to: '2027-12-31' }))
    expect(page.aid[0].overCeiling.map((c) => c.company)).toEqual(['Alpha Rhums'])
    expect(page.layout.code).toBe('default')

    const done = await recordMissionAid({ organisationId: m.organisationId, eventId: m.event.id, funderPartnerId: m.funder.id })
    // From this funder alone Alpha gets 3,000.xx €: 299,000.xx € stays under the ceiling, so it is recorded; the CTM's share then is not.
    expect(done.recorded).toHaveLength(2)
    const ctm = await recordMissionAid({ organisationId: m.organisationId, eventId: m.event.id, funderPartnerId: m.other.id })
    expect(ctm.refused.map((r) => r.company)).toEqual(['Alpha Rhums'])
    expect(ctm.recorded.map((r) => r.companyId)).toEqual([m.b.companyId])
    const [after] = await missionAidOutlook(getDb(), m.funder.id, [{ id: m.event.id, endsAt: new Date('2027-05-12T21:30:00Z'), timezone: 'Europe/Paris' }])
    expect(after).toMatchObject({ recordedCompanies: 2, toRecord: 0 })
    // Alpha's CTM share is still expected and still over: the warning stays until someone decides.
    expect(after.overCeiling.map((c) => c.company)).toEqual(['Alpha Rhums'])
  })

  it('a USD mission’s aid is not put in a euro register, and says so', async () => {
    const db = getDb()
    const event = await createTestEvent(db, { currency: 'USD', startsAt: new Date('2027-04-01T14:00:00Z'), endsAt: new Date('2027-04-01T20:00:00Z') })
    const funder = await createFunder(event.organisationId, 'Miami test')
    await registerDelegates(event, 'Gamma Foods', 1)
    await addBudgetLine(event.organisationId, { eventId: event.id, label: 'Hall', amountMinor: 500_00, evidenceRef: null, shares: [{ funderPartnerId: funder.id, shareBp: 10000 }] })
    const done = await recordMissionAid({ organisationId: event.organisationId, eventId: event.id, funderPartnerId: funder.id })
    expect(done).toMatchObject({ recorded: [], notInEuros: 1 })
    expect(await rowsOf(event.id)).toHaveLength(0)
    await expect(recordMissionAid({ organisationId: event.organisationId, eventId: 'nope', funderPartnerId: funder.id })).rejects.toMatchObject({ code: 'notFound' })
    await expect(recordMissionAid({ organisationId: event.organisationId, eventId: event.id, funderPartnerId: 'nope' })).rejects.toMatchObject({ code: 'funderUnknown', status: 404 })
  })

  it('warns on a company’s application when the mission’s expected aid, counting it in, would take it over the ceiling', async () => {
    const m = await euroMission()
    const [applicant] = await getDb().insert(companies).values({ organisationId: m.organisationId, name: 'Delta Applicant', country: 'MQ', contactEmail: 'delta@example.test' }).returning()
    await recordAid({ companyId: applicant.id, grantedOn: '2026-01-10', amountEurMinor: 297_000_00, source: 'declared' })
    // 10,000.01 € funded over three companies once it is in: 3,333.34 € (rounded up), 300,333.34 € in total.
    expect(await applicantAidWarning(getDb(), m.event.id, applicant.id)).toEqual({ expectedEurMinor: 3333_34, receivedEurMinor: 297_000_00, totalEurMinor: 300_333_34, ceilingEurMinor: 300_000_00 })
    expect(await applicantAidWarning(getDb(), m.event.id, m.a.companyId)).toBeNull()
  })
})
