import { and, eq, sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { getDb } from '#db/client'
import { seedDemo, seedDemoRegistrations } from '#db/seed'
import { seedDemoFunders } from '#db/seed-funders'
import { seedDemoPastMission } from '#db/seed-past-mission'
import { deMinimisAids, events } from '#db/schema/index'
import { summaryData } from '~/modules/funders/summary-pdf.server'

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
        (select count(*)::int from de_minimis_aid a join company c on c.id = a.company_id where lower(c.contact_email) = 'export@rhums-du-carbet.example' and a.source = 'declared') as aids`)
    expect(Number(counts.lines)).toBe(2)
    expect(Number(counts.mismatched)).toBe(0)
    expect(Number(counts.legal)).toBeGreaterThanOrEqual(1)
    expect(Number(counts.aids)).toBe(1)
    expect(await seedDemoFunders(getDb())).toBe(false)
  })

  it('gives last year’s report charts with several sectors, sizes and months, and the Région’s aid in the register', async () => {
    await seedDemo(getDb())
    await seedDemoRegistrations(getDb())
    await seedDemoFunders(getDb())
    const year = new Date().getUTCFullYear() - 1
    const [event] = await getDb().select().from(events).where(eq(events.slug, `mission-b2b-miami-${year}`))
    const data = await summaryData(getDb(), { eventIds: [event.id], periodTo: `${year}-12-31` }, [event])
    expect(data.sectors.length).toBeGreaterThanOrEqual(4)
    expect(data.sizes.filter((x) => x.companies > 0).length).toBeGreaterThanOrEqual(4)
    expect(data.months.filter((x) => x.meetings > 0)).toHaveLength(1)
    expect(data.months.filter((x) => x.agreements6 > 0 || x.agreements12 > 0).length).toBeGreaterThanOrEqual(2)
    const aids = await getDb().select().from(deMinimisAids).where(and(eq(deMinimisAids.eventId, event.id), eq(deMinimisAids.source, 'mission')))
    expect(aids).toHaveLength(10) // the Région's 70 % of 24,000 € over the ten companies
    expect(aids.reduce((s, a) => s + a.amountEurMinor, 0)).toBe(16_800_00)
    expect(await seedDemoPastMission(getDb())).toBe(false)
  })
})
