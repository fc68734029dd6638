import { sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { getDb } from '#db/client'
import { seedDemo, seedDemoRegistrations } from '#db/seed'
import { seedDemoB2b } from '#db/seed-b2b'

describe('B2B demo seed', () => {
  it('fills the demo meetup with profiles, requests in several states and a published schedule, once', async () => {
    await seedDemo(getDb())
    await seedDemoRegistrations(getDb())
    const [counts] = await getDb().execute<{ profiles: number; statuses: string[]; published: number; preliminary: number }>(sql`
      select
        (select count(*)::int from b2b_profile p join event e on e.id = p.event_id where e.slug like 'b2b-martinique-florida-buyers%') as profiles,
        (select array_agg(distinct r.status order by r.status) from meeting_request r join event e on e.id = r.event_id where e.slug like 'b2b-martinique-florida-buyers%') as statuses,
        (select count(*)::int from meeting m join event e on e.id = m.event_id where e.slug like 'b2b-martinique-florida-buyers%' and m.status = 'published') as published,
        (select count(*)::int from meeting m join event e on e.id = m.event_id where e.slug like 'b2b-martinique-florida-buyers%' and m.status = 'preliminary') as preliminary`)
    expect(Number(counts.profiles)).toBe(5)
    expect(counts.statuses).toEqual(['accepted', 'declined', 'expired', 'pending'])
    expect(Number(counts.published)).toBe(4)
    expect(Number(counts.preliminary)).toBe(0)
    expect(await seedDemoB2b(getDb())).toBe(false)
  })
})
