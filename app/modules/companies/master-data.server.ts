/**
 * Company master data for funders' reports: legal identifiers, NAF code, group, and the yearly
 * figures the EU size class is derived from. Every rule refuses on its field (`Refusal` with
 * `field`), and nothing is written unless everything is valid.
 */
import { and, desc, eq, lte } from 'drizzle-orm'
import type { DbOrTx } from '#db/client'
import { companies, companyLegal, companyYearFigures } from '#db/schema/index'
import { Refusal } from '~/utils/refusal'
import { compactIdentifier, isValidSiren, isValidSiret, knownNafCode } from './identifiers'
import { smeClass, type SmeClass } from './sme'

export type CompanyLegalInput = {
  siren?: string | null
  siret?: string | null
  foreignRegistration?: string | null
  nafCode?: string | null
  groupName?: string | null
  womenLed?: boolean | null
}

const blank = (v: string | null | undefined) => (v == null || v.trim() === '' ? null : v.trim())

/** Checks and normalises legal data; throws the first refusal, on its field. */
export function checkCompanyLegal(input: CompanyLegalInput) {
  let siren = blank(input.siren)
  let siret = blank(input.siret)
  if (siret) {
    siret = compactIdentifier(siret)
    if (!isValidSiret(siret)) throw new Refusal('siretInvalid', { field: 'siret' })
  }
  if (siren) {
    siren = compactIdentifier(siren)
    if (!isValidSiren(siren)) throw new Refusal('sirenInvalid', { field: 'siren' })
    if (siret && !siret.startsWith(siren)) throw new Refusal('siretNotOfSiren', { field: 'siret' })
  } else if (siret) siren = siret.slice(0, 9)
  let nafCode = blank(input.nafCode)
  if (nafCode) {
    const known = knownNafCode(nafCode)
    if (!known) throw new Refusal('nafUnknown', { field: 'nafCode' })
    nafCode = known
  }
  return { siren, siret, foreignRegistration: blank(input.foreignRegistration), nafCode, groupName: blank(input.groupName), womenLed: input.womenLed ?? null }
}

async function requireCompany(db: DbOrTx, organisationId: string, companyId: string) {
  const [row] = await db
    .select({ id: companies.id })
    .from(companies)
    .where(and(eq(companies.id, companyId), eq(companies.organisationId, organisationId)))
  if (!row) throw new Refusal('notFound')
}

export async function saveCompanyLegal(db: DbOrTx, organisationId: string, companyId: string, input: CompanyLegalInput) {
  const values = checkCompanyLegal(input)
  await requireCompany(db, organisationId, companyId)
  await db
    .insert(companyLegal)
    .values({ companyId, ...values })
    .onConflictDoUpdate({ target: companyLegal.companyId, set: { ...values, updatedAt: new Date() } })
  return values
}

export type YearFiguresInput = { year: number; headcount: number; turnoverEurMinor: number; balanceSheetEurMinor: number }

export function checkYearFigures(input: YearFiguresInput) {
  if (!Number.isInteger(input.year) || input.year < 1990 || input.year > 2100) throw new Refusal('yearInvalid', { field: 'year' })
  if (!Number.isSafeInteger(input.headcount) || input.headcount < 0) throw new Refusal('headcountInvalid', { field: 'headcount' })
  if (!Number.isSafeInteger(input.turnoverEurMinor) || input.turnoverEurMinor < 0) throw new Refusal('amountInvalid', { field: 'turnover' })
  if (!Number.isSafeInteger(input.balanceSheetEurMinor) || input.balanceSheetEurMinor < 0) throw new Refusal('amountInvalid', { field: 'balanceSheet' })
  return input
}

export async function saveYearFigures(db: DbOrTx, organisationId: string, companyId: string, input: YearFiguresInput) {
  const v = checkYearFigures(input)
  await requireCompany(db, organisationId, companyId)
  const set = { headcount: v.headcount, turnoverEurMinor: v.turnoverEurMinor, balanceSheetEurMinor: v.balanceSheetEurMinor }
  await db
    .insert(companyYearFigures)
    .values({ companyId, year: v.year, ...set })
    .onConflictDoUpdate({ target: [companyYearFigures.companyId, companyYearFigures.year], set: { ...set, updatedAt: new Date() } })
  return smeClass(v)
}

/** The size class from the latest figures declared for `year` or before; null when none were declared. */
export async function sizeClassOf(db: DbOrTx, companyId: string, year: number): Promise<{ year: number; sizeClass: SmeClass } | null> {
  const [row] = await db
    .select()
    .from(companyYearFigures)
    .where(and(eq(companyYearFigures.companyId, companyId), lte(companyYearFigures.year, year)))
    .orderBy(desc(companyYearFigures.year))
    .limit(1)
  return row ? { year: row.year, sizeClass: smeClass(row) } : null
}

/** "1 234 567,89" / "1234567.89" euros → cents; null when not such an amount. */
export function eurosToCents(value: string): number | null {
  const v = value.replace(/[\s\u00a0\u202f€]/g, '').replace(',', '.')
  if (!/^\d{1,13}(\.\d{1,2})?$/.test(v)) return null
  const [whole, frac = ''] = v.split('.')
  return Number(whole) * 100 + Number(frac.padEnd(2, '0'))
}
