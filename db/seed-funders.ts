/**
 * Demo data for funders' reports on the demo B2B meetup: company master data (SIRET, NAF code,
 * yearly figures, so size classes show), two budget lines shared between the Région, the CTM
 * and the FCR, and one aid declared in a company's de minimis register. Everything goes through
 * the services (same checks). Idempotent: skipped once the meetup has a budget line. Also a past
 * mission with meetings and follow-ups (`seed-past-mission.ts`), so last year's report has charts.
 */
import { sql } from 'drizzle-orm'
import type { Database } from './client'
import { seedDemoPastMission } from './seed-past-mission'

const COMPANIES: { email: string; siret: string; naf: string; womenLed: boolean; headcount: number; turnoverEur: number; balanceEur: number }[] = [
  { email: 'export@rhums-du-carbet.example', siret: '41234567000019', naf: '11.01Z', womenLed: true, headcount: 18, turnoverEur: 3_200_000, balanceEur: 2_600_000 },
  { email: 'contact@cosmetiques-madinina.example', siret: '52345678800018', naf: '20.42Z', womenLed: true, headcount: 6, turnoverEur: 450_000, balanceEur: 300_000 },
  { email: 'bonjour@confitures-sainte-luce.example', siret: '61234567800017', naf: '10.39B', womenLed: false, headcount: 3, turnoverEur: 180_000, balanceEur: 120_000 },
]

export async function seedDemoFunders(db: Database): Promise<boolean> {
  await seedDemoPastMission(db)
  const [event] = await db.execute<{ id: string; organisation_id: string }>(
    sql`select id, organisation_id from event where slug like 'b2b-martinique-florida-buyers%' and starts_at > now() order by starts_at limit 1`,
  )
  if (!event) return false
  const [done] = await db.execute<{ n: number }>(sql`select count(*)::int as n from budget_line where event_id = ${event.id}`)
  if (Number(done?.n ?? 0) > 0) return false
  const { saveCompanyLegal, saveYearFigures } = await import('../app/modules/companies/master-data.server')
  const { addBudgetLine } = await import('../app/modules/funders/budget.server')
  const { recordAid } = await import('../app/modules/funders/de-minimis.server')
  const org = event.organisation_id
  const lastYear = new Date().getUTCFullYear() - 1
  for (const c of COMPANIES) {
    const [company] = await db.execute<{ id: string }>(sql`select id from company where organisation_id = ${org} and lower(contact_email) = ${c.email} limit 1`)
    if (!company) continue
    await saveCompanyLegal(db, org, company.id, { siret: c.siret, nafCode: c.naf, womenLed: c.womenLed })
    await saveYearFigures(db, org, company.id, { year: lastYear, headcount: c.headcount, turnoverEurMinor: c.turnoverEur * 100, balanceSheetEurMinor: c.balanceEur * 100 })
    if (c.email.startsWith('export@')) await recordAid({ companyId: company.id, grantedOn: `${lastYear}-06-15`, amountEurMinor: 45_000_00, source: 'declared', note: 'Aide à l’export déclarée par l’entreprise' }, db)
  }
  const funders = new Map(
    (await db.execute<{ id: string; slug: string }>(sql`select id, slug from partner where organisation_id = ${org} and is_funder and slug in ('region-martinique', 'ctm', 'fcr')`)).map((p) => [p.slug, p.id]),
  )
  const [region, ctm, fcr] = [funders.get('region-martinique'), funders.get('ctm'), funders.get('fcr')]
  if (!region || !ctm || !fcr) return false
  await addBudgetLine(org, { eventId: event.id, label: 'Location de la salle et des tables B2B', amountMinor: 4_500_00, evidenceRef: 'FAC-DEMO-001', shares: [{ funderPartnerId: region, shareBp: 6000 }, { funderPartnerId: ctm, shareBp: 4000 }] }, db)
  await addBudgetLine(org, { eventId: event.id, label: 'Interprètes français-anglais', amountMinor: 1_800_01, evidenceRef: 'FAC-DEMO-002', shares: [{ funderPartnerId: region, shareBp: 3333 }, { funderPartnerId: ctm, shareBp: 3333 }, { funderPartnerId: fcr, shareBp: 3334 }] }, db)
  return true
}
