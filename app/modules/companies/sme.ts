/**
 * The EU SME size class (Commission Recommendation 2003/361/EC, Annex, article 2), derived from
 * a year's figures and never typed: staff headcount (annual work units) and either the annual
 * turnover or the balance sheet total — an enterprise meets a ceiling when its headcount is
 * under the staff ceiling AND its turnover OR its balance sheet is within the money ceiling.
 * Amounts are euro cents. `SME_CLASS_SQL` is the same rule in SQL, for the indicator queries.
 */
export const SME_CLASSES = ['micro', 'small', 'medium', 'large'] as const
export type SmeClass = (typeof SME_CLASSES)[number]

const EUR = 100
export const SME_CEILINGS = {
  micro: { staffBelow: 10, turnover: 2_000_000 * EUR, balanceSheet: 2_000_000 * EUR },
  small: { staffBelow: 50, turnover: 10_000_000 * EUR, balanceSheet: 10_000_000 * EUR },
  medium: { staffBelow: 250, turnover: 50_000_000 * EUR, balanceSheet: 43_000_000 * EUR },
} as const

export type YearFigures = { headcount: number; turnoverEurMinor: number; balanceSheetEurMinor: number }

export function smeClass(f: YearFigures): SmeClass {
  for (const cls of ['micro', 'small', 'medium'] as const) {
    const c = SME_CEILINGS[cls]
    if (f.headcount < c.staffBelow && (f.turnoverEurMinor <= c.turnover || f.balanceSheetEurMinor <= c.balanceSheet)) return cls
  }
  return 'large'
}

export const isSme = (cls: SmeClass | null | undefined) => cls === 'micro' || cls === 'small' || cls === 'medium'

/** The same rule over columns `headcount`, `turnover_eur_minor`, `balance_sheet_eur_minor` of alias `f`. */
export const SME_CLASS_SQL = `case
  when f.headcount is null then null
  ${(['micro', 'small', 'medium'] as const)
    .map((cls) => {
      const c = SME_CEILINGS[cls]
      return `when f.headcount < ${c.staffBelow} and (f.turnover_eur_minor <= ${c.turnover} or f.balance_sheet_eur_minor <= ${c.balanceSheet}) then '${cls}'`
    })
    .join('\n  ')}
  else 'large' end`
