import { sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { createDatabase, getDb } from '#db/client'
import { migrateDatabase, migrationsUpToDate } from '#db/migrate'
import { seedDemo } from '#db/seed'
import { readiness } from '~/modules/health/health.server'
import { createTestDatabase } from '../setup/database'

async function counts() {
  const rows = await getDb().execute<{ t: string; n: string }>(sql`
    select 'organisation' as t, count(*)::text as n from organisation
    union all select 'partner', count(*)::text from partner
    union all select 'event', count(*)::text from event
    union all select 'ticket_type', count(*)::text from ticket_type
    union all select 'programme_item', count(*)::text from programme_item
    union all select 'user_account', count(*)::text from user_account
    union all select 'code', count(*)::text from code`)
  return Object.fromEntries(rows.map((r) => [r.t, Number(r.n)]))
}

describe('migrations', () => {
  it('apply cleanly on an empty database, and again without change', async () => {
    const fresh = await createTestDatabase('passerelle_migrate', { migrate: false })
    const handle = createDatabase(fresh.url, { max: 2 })
    try {
      expect((await migrationsUpToDate(handle.db)).ok).toBe(false)
      await migrateDatabase(handle.sql)
      await migrateDatabase(handle.sql)
      const state = await migrationsUpToDate(handle.db)
      expect(state.ok).toBe(true)
      expect(state.applied).toBe(state.expected)
      const tables = await handle.db.execute<{ n: string }>(
        sql`select count(*)::text as n from information_schema.tables where table_schema = 'public'`,
      )
      expect(Number(tables[0].n)).toBeGreaterThanOrEqual(28)
    } finally {
      await handle.sql.end()
      await fresh.drop()
    }
  })
})

describe('demo seed', () => {
  it('is idempotent: running it twice changes nothing', async () => {
    await seedDemo(getDb())
    const first = await counts()
    const changed = await seedDemo(getDb())
    expect(changed).toBe(false)
    expect(await counts()).toEqual(first)
    expect(first.event).toBeGreaterThanOrEqual(4)
    expect(first.partner).toBeGreaterThanOrEqual(5)
  })

  it('has upcoming events of the three kinds and the first anniversary of 15 March 2017', async () => {
    await seedDemo(getDb())
    const rows = await getDb().execute<{ kind: string; upcoming: boolean; slug: string; starts: string }>(
      sql`select kind, starts_at > now() as upcoming, slug, to_char(starts_at at time zone timezone, 'YYYY-MM-DD') as starts from event`,
    )
    for (const kind of ['celebration', 'b2b_meetup', 'delegation']) {
      expect(rows.some((r) => r.kind === kind && r.upcoming)).toBe(true)
    }
    expect(rows.find((r) => r.slug === 'anniversaire-ccem-2017')?.starts).toBe('2017-03-15')
  })
})

describe('readiness', () => {
  it('is ready on a migrated database', async () => {
    const result = await readiness(getDb())
    expect(result).toMatchObject({ ready: true, database: 'up' })
  })

  it('fails when the database is down', async () => {
    const down = createDatabase('postgres://postgres@127.0.0.1:1/none', { max: 1 })
    try {
      const result = await readiness(down.db)
      expect(result.ready).toBe(false)
      expect(result.database).toBe('down')
    } finally {
      await down.sql.end({ timeout: 1 })
    }
  })
})
