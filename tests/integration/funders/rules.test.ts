import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { getDb } from '#db/client'
import { budgetLineShares, companyLegal, deMinimisAids } from '#db/schema/index'
import { saveCompanyLegal, saveYearFigures, sizeClassOf } from '~/modules/companies/master-data.server'
import { addBudgetLine } from '~/modules/funders/budget.server'
import { deMinimisStatus, recordAid } from '~/modules/funders/de-minimis.server'
import { Refusal } from '~/utils/refusal'
import { createTestEvent } from '../../factories'
import { createFunder, registerDelegates } from './fixtures'

async function refusalOf(p: Promise<unknown>) {
  try {
    await p
  } catch (error) {
    if (error instanceof Refusal) return { code: error.code, field: error.field, status: error.status, vars: error.vars }
    throw error
  }
  throw new Error('expected a refusal')
}

describe('company master data', () => {
  it('refuses bad input on its field and writes nothing', async () => {
    const event = await createTestEvent(getDb())
    const { companyId } = await registerDelegates(event, 'Delta', 1)
    const org = event.organisationId
    expect(await refusalOf(saveCompanyLegal(getDb(), org, companyId, { siret: '73282932000075' }))).toMatchObject({ code: 'siretInvalid', field: 'siret', status: 400 })
    expect(await refusalOf(saveCompanyLegal(getDb(), org, companyId, { siren: '732829320', siret: '35600000000001' }))).toMatchObject({ code: 'siretNotOfSiren', field: 'siret' })
    expect(await refusalOf(saveCompanyLegal(getDb(), org, companyId, { nafCode: '62.01A' }))).toMatchObject({ code: 'nafUnknown', field: 'nafCode' })
    expect(await refusalOf(saveYearFigures(getDb(), org, companyId, { year: 2026, headcount: -3, turnoverEurMinor: 0, balanceSheetEurMinor: 0 }))).toMatchObject({ code: 'headcountInvalid', field: 'headcount' })
    expect(await getDb().select().from(companyLegal).where(eq(companyLegal.companyId, companyId))).toEqual([])
    // Another organisation's company is not found.
    expect(await refusalOf(saveCompanyLegal(getDb(), '00000000-0000-0000-0000-000000000000', companyId, { nafCode: '62.01Z' }))).toMatchObject({ code: 'notFound' })
    const saved = await saveCompanyLegal(getDb(), org, companyId, { siret: '732 829 320 00074', nafCode: '6201z' })
    expect(saved).toMatchObject({ siren: '732829320', siret: '73282932000074', nafCode: '62.01Z' })
    expect(await saveYearFigures(getDb(), org, companyId, { year: 2025, headcount: 12, turnoverEurMinor: 3_000_000_00, balanceSheetEurMinor: 1_000_000_00 })).toBe('small')
    expect(await sizeClassOf(getDb(), companyId, 2027)).toEqual({ year: 2025, sizeClass: 'small' })
    expect(await sizeClassOf(getDb(), companyId, 2024)).toBeNull()
  })
})

describe('budget lines', () => {
  it('checks that shares add up to 100 % and splits the amount to the cent', async () => {
    const event = await createTestEvent(getDb(), { currency: 'EUR' })
    const f1 = await createFunder(event.organisationId, 'CTM')
    const f2 = await createFunder(event.organisationId, 'FCR')
    const f3 = await createFunder(event.organisationId, 'Interreg')
    const org = event.organisationId
    expect(await refusalOf(addBudgetLine(org, { eventId: event.id, label: 'Stand', amountMinor: 1000_00, shares: [{ funderPartnerId: f1.id, shareBp: 6000 }, { funderPartnerId: f2.id, shareBp: 3000 }] }))).toMatchObject({
      code: 'sharesNotFull',
      field: 'shares',
      vars: { total: '90.00' },
    })
    const line = await addBudgetLine(org, {
      eventId: event.id,
      label: 'Vols',
      amountMinor: 1000_01,
      evidenceRef: 'FAC-2027-001',
      shares: [{ funderPartnerId: f1.id, shareBp: 3333 }, { funderPartnerId: f2.id, shareBp: 3333 }, { funderPartnerId: f3.id, shareBp: 3334 }],
    })
    // 1000.01 × 33.33 % = 333.3033 twice, × 33.34 % = 333.4033: floors 333.30 + 333.30 + 333.40, the cent left goes to the largest remainder (the third).
    const rows = await getDb().select().from(budgetLineShares).where(eq(budgetLineShares.budgetLineId, line.id))
    expect(rows.reduce((s, r) => s + r.amountMinor, 0)).toBe(1000_01)
    expect(Object.fromEntries(rows.map((r) => [r.funderPartnerId, r.amountMinor]))).toEqual({ [f1.id]: 33330, [f2.id]: 33330, [f3.id]: 33341 })
    const notFunder = '00000000-0000-0000-0000-000000000000'
    expect(await refusalOf(addBudgetLine(org, { eventId: event.id, label: 'x', amountMinor: 1, shares: [{ funderPartnerId: notFunder, shareBp: 10000 }] }))).toMatchObject({ code: 'funderUnknown' })
  })
})

describe('de minimis register', () => {
  it('warns before and refuses past the 300,000 € ceiling over three years', async () => {
    const event = await createTestEvent(getDb())
    const { companyId } = await registerDelegates(event, 'Epsilon', 1)
    await recordAid({ companyId, grantedOn: '2024-12-31', amountEurMinor: 200_000_00, source: 'declared' })
    await recordAid({ companyId, grantedOn: '2025-06-30', amountEurMinor: 90_000_00, source: 'declared' })
    const status = await deMinimisStatus(getDb(), companyId, '2027-03-10', 20_000_00)
    expect(status).toMatchObject({ receivedEurMinor: 290_000_00, remainingEurMinor: 10_000_00, wouldExceed: true })
    const refused = await refusalOf(recordAid({ companyId, eventId: event.id, grantedOn: '2027-03-10', amountEurMinor: 20_000_00, source: 'mission' }))
    expect(refused).toMatchObject({ code: 'deMinimisCeiling', status: 409, field: 'amount' })
    // After the year end the 2024 aid leaves the window: allowed.
    await recordAid({ companyId, eventId: event.id, grantedOn: '2028-01-01', amountEurMinor: 20_000_00, source: 'mission' })
    expect(await refusalOf(recordAid({ companyId, eventId: event.id, grantedOn: '2028-01-02', amountEurMinor: 1_00, source: 'mission' }))).toMatchObject({ code: 'deMinimisAlreadyRecorded' })
  })

  it('two allocations at once cannot both pass the ceiling (the company row is locked)', async () => {
    const event = await createTestEvent(getDb())
    const { companyId } = await registerDelegates(event, 'Zeta', 1)
    await recordAid({ companyId, grantedOn: '2026-01-15', amountEurMinor: 250_000_00, source: 'declared' })
    const results = await Promise.allSettled(
      Array.from({ length: 6 }, (_, i) => recordAid({ companyId, grantedOn: `2026-0${i + 2}-01`, amountEurMinor: 30_000_00, source: 'declared' })),
    )
    const ok = results.filter((r) => r.status === 'fulfilled')
    const refused = results.filter((r) => r.status === 'rejected').map((r) => ((r as PromiseRejectedResult).reason as Refusal).code)
    expect(ok).toHaveLength(1)
    expect(refused.every((code) => code === 'deMinimisCeiling' || code === 'busy')).toBe(true)
    const rows = await getDb().select().from(deMinimisAids).where(eq(deMinimisAids.companyId, companyId))
    expect(rows.reduce((s, r) => s + r.amountEurMinor, 0)).toBeLessThanOrEqual(300_000_00)
  })
})
