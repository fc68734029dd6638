/**
 * What the funders' report page needs: the funders, the missions and indicators of the chosen
 * funder and period with its report layout and each mission's de minimis outlook, and the form readers for budget lines and company data (each a `Refusal`
 * on its field when a value is not acceptable).
 */
import { sql } from 'drizzle-orm'
import { DateTime } from 'luxon'
import { getDb, type Database } from '#db/client'
import { eurosToCents, saveCompanyLegal, saveYearFigures } from '~/modules/companies/master-data.server'
import { Refusal } from '~/utils/refusal'
import { percentToBp } from './allocation'
import { addBudgetLine } from './budget.server'
import { DE_MINIMIS_CEILING_EUR_MINOR } from './de-minimis.server'
import { missionAidOutlook, type MissionAidOutlook } from './aid-register.server'
import { computeIndicators } from './indicators.server'
import { layoutOf } from './layouts'
import { participationLedger } from './participation.server'
import { checkPeriod, fundersOf, missionsOf, requireFunder } from './pack.server'

export type ReportQuery = { funder: string; from: string; to: string }

/** The last calendar year, in Martinique: the period shown first. */
export function defaultPeriod(now = new Date()) {
  const year = DateTime.fromJSDate(now, { zone: 'America/Martinique' }).year
  return { from: `${year}-01-01`, to: `${year}-12-31` }
}

export async function reportPreview(organisationId: string, params: URLSearchParams, db: Database = getDb()) {
  const funders = await fundersOf(db, organisationId)
  const period = defaultPeriod()
  const query: ReportQuery = { funder: params.get('funder') ?? funders[0]?.id ?? '', from: params.get('from') ?? period.from, to: params.get('to') ?? period.to }
  const companies = await db.execute<{ id: string; name: string }>(sql`select id, name from company where organisation_id = ${organisationId} order by lower(name), id limit 500`)
  const events = await db.execute<{ id: string; slug: string; currency: string }>(
    sql`select id, slug, currency from event where organisation_id = ${organisationId} and status <> 'draft' order by starts_at desc limit 200`,
  )
  const chosen = funders.find((f) => f.id === query.funder)
  const { code, layout } = layoutOf(chosen?.slug ?? '')
  const base = { funders, query, companies: [...companies], events: [...events], layout: { code, name: layout.name }, ceilingEurMinor: DE_MINIMIS_CEILING_EUR_MINOR }
  const none = { missions: [], indicators: [], aid: [] as MissionAidOutlook[], ledger: [] as Awaited<ReturnType<typeof participationLedger>> }
  if (!query.funder) return { ...base, ...none, refusal: null }
  try {
    checkPeriod(query.from, query.to)
    await requireFunder(db, organisationId, query.funder)
    const missions = await missionsOf(db, organisationId, query.funder, query.from, query.to)
    if (!missions.length) throw new Refusal('packNoMission')
    const indicators = await computeIndicators(db, { eventIds: missions.map((m) => m.id), periodTo: query.to })
    const aid = await missionAidOutlook(db, query.funder, missions)
    const ledger = await participationLedger(db, missions.map((m) => m.id))
    return { ...base, missions: missions.map((m) => ({ id: m.id, slug: m.slug, title: m.title, startsAt: m.startsAt, timezone: m.timezone })), indicators, aid, ledger, refusal: null }
  } catch (error) {
    if (!(error instanceof Refusal)) throw error
    return { ...base, ...none, refusal: { code: error.code, field: error.field ?? null } }
  }
}

const text = (form: FormData, name: string) => {
  const v = form.get(name)
  return typeof v === 'string' ? v.trim() : ''
}

/** A budget line from the form: `eventId`, `label`, `amount` (e.g. "1 234,56"), `evidence`, and `share-<funderId>` percentages. */
export async function addBudgetLineFromForm(organisationId: string, form: FormData, db: Database = getDb()) {
  const amountMinor = eurosToCents(text(form, 'amount'))
  if (amountMinor === null) throw new Refusal('amountInvalid', { field: 'amount' })
  const funders = await fundersOf(db, organisationId)
  const shares: { funderPartnerId: string; shareBp: number }[] = []
  for (const f of funders) {
    const raw = text(form, `share-${f.id}`)
    if (!raw || raw === '0') continue
    const bp = percentToBp(raw)
    if (bp === null || bp <= 0 || bp > 10_000) throw new Refusal('shareInvalid', { field: `share-${f.id}` })
    shares.push({ funderPartnerId: f.id, shareBp: bp })
  }
  return addBudgetLine(organisationId, { eventId: text(form, 'eventId'), label: text(form, 'label'), amountMinor, evidenceRef: text(form, 'evidence') || null, shares }, db)
}

/** A company's legal data and one year's figures from the form; both checked before either is written. */
export async function saveCompanyFromForm(organisationId: string, form: FormData, db: Database = getDb()) {
  const companyId = text(form, 'companyId')
  if (!/^[0-9a-f-]{36}$/i.test(companyId)) throw new Refusal('notFound')
  const headcountText = text(form, 'headcount')
  const headcount = /^-?\d+$/.test(headcountText) ? Number(headcountText) : NaN
  if (!Number.isSafeInteger(headcount) || headcount < 0) throw new Refusal('headcountInvalid', { field: 'headcount' })
  const year = Number(text(form, 'year'))
  const turnoverEurMinor = eurosToCents(text(form, 'turnover'))
  if (turnoverEurMinor === null) throw new Refusal('amountInvalid', { field: 'turnover' })
  const balanceSheetEurMinor = eurosToCents(text(form, 'balanceSheet'))
  if (balanceSheetEurMinor === null) throw new Refusal('amountInvalid', { field: 'balanceSheet' })
  return db.transaction(async (tx) => {
    await saveCompanyLegal(tx, organisationId, companyId, { siret: text(form, 'siret'), nafCode: text(form, 'nafCode') })
    return saveYearFigures(tx, organisationId, companyId, { year, headcount, turnoverEurMinor, balanceSheetEurMinor })
  })
}
