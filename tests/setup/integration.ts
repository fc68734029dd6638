/**
 * Loaded before every integration test file: points the app's database handle and job queue
 * at the run's test database, and closes them when the file ends.
 */
import { afterAll, inject } from 'vitest'
import { closeDatabase, createDatabase, setDatabase } from '#db/client'
import { startJobs, stopJobs } from '~/jobs/queue.server'
import { setEnv, parseEnv } from '~/utils/env.server'

const url = inject('databaseUrl')
process.env.DATABASE_URL = url
setEnv(parseEnv({ ...process.env, NODE_ENV: 'test', DATABASE_URL: url, PUBLIC_URL: 'http://passerelle.test' }))
setDatabase(createDatabase(url, { max: inject('databaseKind') === 'pglite' ? 4 : 8 }))
// Producers only: tests call handlers themselves or start workers explicitly.
await startJobs({ connectionString: url, max: 2 })

afterAll(async () => {
  await stopJobs({ timeoutMs: 2000 })
  await closeDatabase()
})
