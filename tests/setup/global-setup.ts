import PgBoss from 'pg-boss'
import type { TestProject } from 'vitest/node'
import { createDatabase } from '#db/client'
import { ensureTestOrganisation } from '../factories'
import { createTestDatabase } from './database'

/** One database for the integration run; every file scopes its data to rows it creates. */
export default async function setup(project: TestProject) {
  const database = await createTestDatabase()
  // pg-boss creates its schema once here, so files starting in parallel do not race to create it.
  const boss = new PgBoss({ connectionString: database.url, max: 1, supervise: false, schedule: false })
  await boss.start()
  await boss.stop({ graceful: false, close: true, wait: true })
  // The public site shows the default organisation's events: make it the factories' one before
  // any file starts, or a file that creates an organisation first (users' tests do) would hide
  // every test event from the public pages of files running beside it.
  const handle = createDatabase(database.url, { max: 1 })
  await ensureTestOrganisation(handle.db, { isDefault: true })
  await handle.sql.end()
  project.provide('databaseUrl', database.url)
  project.provide('databaseKind', database.kind)
  return async () => {
    await database.drop()
  }
}

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string
    databaseKind: 'postgres' | 'pglite'
  }
}
