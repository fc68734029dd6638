import PgBoss from 'pg-boss'
import type { TestProject } from 'vitest/node'
import { createTestDatabase } from './database'

/** One database for the integration run; every file scopes its data to rows it creates. */
export default async function setup(project: TestProject) {
  const database = await createTestDatabase()
  // pg-boss creates its schema once here, so files starting in parallel do not race to create it.
  const boss = new PgBoss({ connectionString: database.url, max: 1, supervise: false, schedule: false })
  await boss.start()
  await boss.stop({ graceful: false, close: true, wait: true })
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
