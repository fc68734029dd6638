import { sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { getDb } from '#db/client'
import { seedDemo, seedDemoRegistrations } from '#db/seed'
import { DEMO_SIGNATURES_SLUG, seedDemoSignatures } from '#db/seed-signatures'
import { sessionSheet, signableSessions } from '~/modules/funders/signatures.server'

describe('signed attendance demo seed', () => {
  it('gives a past mission a signed session with one signature missing, once', async () => {
    await seedDemo(getDb())
    await seedDemoRegistrations(getDb())
    await seedDemoSignatures(getDb())
    const [event] = await getDb().execute<{ id: string; past: boolean }>(sql`select id, ends_at < now() as past from event where slug = ${DEMO_SIGNATURES_SLUG} order by created_at limit 1`)
    expect(event.past).toBe(true)
    const [workshop, visit] = await signableSessions(getDb(), event.id)
    expect([workshop.signed, visit.signed]).toEqual([2, 0])
    const rows = await sessionSheet(getDb(), event.id, workshop.id)
    expect(rows.filter((r) => !r.method).map((r) => r.lastName)).toEqual(['Péronnet'])
    expect(await seedDemoSignatures(getDb())).toBe(false)
  })
})
