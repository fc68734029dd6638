import { sql } from 'drizzle-orm'
import type { Database } from '#db/client'
import { migrationsUpToDate } from '#db/migrate'

export type Readiness = {
  ready: boolean
  database: 'up' | 'down'
  migrations: { applied: number; expected: number } | null
  error?: string
}

/** Ready = the database answers within 2 s and every committed migration is applied. */
export async function readiness(db: Database): Promise<Readiness> {
  try {
    await Promise.race([
      db.execute(sql`select 1`),
      new Promise((_, reject) => setTimeout(() => reject(new Error('database did not answer within 2 s')), 2000).unref()),
    ])
  } catch (error) {
    return { ready: false, database: 'down', migrations: null, error: (error as Error).message }
  }
  const migrations = await migrationsUpToDate(db)
  return {
    ready: migrations.ok,
    database: 'up',
    migrations: { applied: migrations.applied, expected: migrations.expected },
    ...(migrations.ok ? {} : { error: 'migrations not applied' }),
  }
}
