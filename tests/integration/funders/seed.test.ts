import { sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { getDb } from '#db/client'
import { seedDemo, seedDemoRegistrations } from '#db/seed'
import { seedDemoFunders } from '#db/seed-funders'

describe('funders demo seed', () => {
  it('gives the demo meetup budget lines shared to the cent, company data and a de minimis aid, once', async () => {
    await seedDemo(getDb())
    await seedDemoRegistrations(getDb())
    await seedDemoFunders(getDb())
    const [counts] = await getDb().execute<{ lines: number; mismatched: number; legal: number; aids: number }>(sql`
      select
        (select count(*)::int from budget_line bl join event e on e.id = bl.event_id where e.slug like 'b2b-martinique-florida-buyers%') as lines,
        (select count(*)::int from budget_line bl where bl.amount_minor <> (select sum(s.amount_minor) from budget_line_share s where s.budget_line_id = bl.id)) as mismatched,
        (select count(*)::int from company_legal l join company c on c.id = l.company_id where c.contact_email like '%.example') as legal,
        (select count(*)::int from de_minimis_aid a join company c on c.id = a.company_id where lower(c.contact_email) = 'export@rhums-du-carbet.example') as aids`)
    expect(Number(counts.lines)).toBe(2)
    expect(Number(counts.mismatched)).toBe(0)
    expect(Number(counts.legal)).toBeGreaterThanOrEqual(1)
    expect(Number(counts.aids)).toBe(1)
    expect(await seedDemoFunders(getDb())).toBe(false)
  })
})
