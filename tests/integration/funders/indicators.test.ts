import { describe, expect, it } from 'vitest'
import { getDb } from '#db/client'
import { computeIndicators, indicatorEvidence } from '~/modules/funders/indicators.server'
import { missionsOf } from '~/modules/funders/pack.server'
import { createMission, MISSION_INDICATORS } from './fixtures'

describe('indicators', () => {
  it('match the hand-computed answers of a seeded mission, and drill down to their evidence', async () => {
    const m = await createMission()
    const missions = await missionsOf(getDb(), m.organisationId, m.funder.id, '2027-01-01', '2027-12-31')
    expect(missions.map((e) => e.id)).toEqual([m.event.id])
    const scope = { eventIds: [m.event.id], periodTo: '2027-12-31' }
    const values = Object.fromEntries((await computeIndicators(getDb(), scope)).map((i) => [i.code, i.value]))
    expect(values).toEqual(MISSION_INDICATORS)
    // Reproducible: same scope, same figures.
    const again = Object.fromEntries((await computeIndicators(getDb(), scope)).map((i) => [i.code, i.value]))
    expect(again).toEqual(values)
    // Drill-down: the micro company is Alpha, with its SIRET; the held meeting is Alpha–Gamma.
    const micro = await indicatorEvidence(getDb(), 'ENT_SUPPORTED_MICRO', scope)
    expect(micro.map((r) => [r.company, r.siret, r.naf_code])).toEqual([['Alpha Rhums', '73282932000074', '11.01Z']])
    const held = await indicatorEvidence(getDb(), 'B2B_MEETINGS_HELD', scope)
    expect(held.map((r) => [r.company_a, r.company_b].sort())).toEqual([['Alpha Rhums', 'Gamma Foods']])
    // A period before the meetings ended counts none held; the other funder has no mission.
    const early = Object.fromEntries((await computeIndicators(getDb(), { eventIds: [m.event.id], periodTo: '2027-03-09' })).map((i) => [i.code, i.value]))
    expect(early.B2B_MEETINGS_HELD).toBe(0)
    expect(await missionsOf(getDb(), m.organisationId, m.other.id, '2027-01-01', '2027-12-31')).toEqual([])
    expect(await missionsOf(getDb(), m.organisationId, m.funder.id, '2027-03-11', '2027-12-31')).toEqual([])
  })
})
