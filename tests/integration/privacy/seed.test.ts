import { sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { getDb } from '#db/client'
import { seedDemo } from '#db/seed'
import { seedDemoPrivacy } from '#db/seed-privacy'

describe('privacy demo seed', () => {
  it('seeds consents (one withdrawn), a request and a disclosure for the demo organisation, once', async () => {
    await seedDemo(getDb())
    // another file's demo seed (seedDemoRegistrations) may have run it first: both are fine
    await seedDemoPrivacy(getDb())
    const [counts] = await getDb().execute<{ consents: number; withdrawn: number; requests: number; disclosures: number }>(sql`
      select
        (select count(*)::int from privacy_consent c join organisation o on o.id = c.organisation_id where o.slug = 'ccem' and c.email like '%@rhums-du-carbet.example') as consents,
        (select count(*)::int from privacy_consent c join organisation o on o.id = c.organisation_id where o.slug = 'ccem' and c.withdrawn_at is not null) as withdrawn,
        (select count(*)::int from privacy_request r join organisation o on o.id = r.organisation_id where o.slug = 'ccem') as requests,
        (select count(*)::int from privacy_disclosure d join organisation o on o.id = d.organisation_id where o.slug = 'ccem') as disclosures`)
    expect(counts.consents).toBeGreaterThanOrEqual(5)
    expect(counts.withdrawn).toBe(1)
    expect(counts.requests).toBeGreaterThanOrEqual(1)
    expect(counts.disclosures).toBeGreaterThanOrEqual(1)
    expect(await seedDemoPrivacy(getDb())).toBe(false)
  })
})
