import { sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { getDb } from '#db/client'
import { SME_CLASS_SQL, smeClass } from '~/modules/companies/sme'

const M = 100_000_000 // one million euros in cents

describe('size class in SQL', () => {
  it('agrees with the TypeScript rule at every boundary', async () => {
    const cases: [number, number, number][] = []
    for (const h of [0, 9, 10, 49, 50, 249, 250])
      for (const t of [2 * M, 2 * M + 1, 10 * M, 10 * M + 1, 43 * M, 43 * M + 1, 50 * M, 50 * M + 1])
        for (const b of [2 * M, 2 * M + 1, 10 * M, 10 * M + 1, 43 * M, 43 * M + 1, 60 * M]) cases.push([h, t, b])
    const values = sql.join(cases.map(([h, t, b]) => sql`(${h}::int, ${t}::bigint, ${b}::bigint)`), sql`, `)
    const rows = await getDb().execute<{ headcount: number; turnover_eur_minor: string; balance_sheet_eur_minor: string; cls: string }>(
      sql`select f.headcount, f.turnover_eur_minor, f.balance_sheet_eur_minor, ${sql.raw(SME_CLASS_SQL)} as cls from (values ${values}) as f(headcount, turnover_eur_minor, balance_sheet_eur_minor)`,
    )
    expect(rows).toHaveLength(cases.length)
    for (const r of rows) {
      const expected = smeClass({ headcount: Number(r.headcount), turnoverEurMinor: Number(r.turnover_eur_minor), balanceSheetEurMinor: Number(r.balance_sheet_eur_minor) })
      expect(`${r.headcount}/${r.turnover_eur_minor}/${r.balance_sheet_eur_minor}: ${r.cls}`).toBe(`${r.headcount}/${r.turnover_eur_minor}/${r.balance_sheet_eur_minor}: ${expected}`)
    }
  })
})
