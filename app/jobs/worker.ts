/**
 * Dedicated worker process (`npm run worker`): runs the background jobs without serving HTTP.
 * Run the web with JOBS_MODE=off when workers run separately.
 */
import { closeDatabase, createDatabase, setDatabase } from '#db/client'
import { migrateDatabase } from '#db/migrate'
import { installDriverFaultGuard } from '~/utils/driver-fault-guard.server'
import { parseEnv, setEnv, ConfigError } from '~/utils/env.server'
import { logger } from '~/utils/logger.server'
import { startJobs, stopJobs } from './queue.server'
import { jobHandlers } from './registry.server'

async function main() {
  installDriverFaultGuard()
  const env = parseEnv()
  setEnv(env)
  if (!env.DATABASE_URL) {
    throw new ConfigError('DATABASE_URL is required for a dedicated worker (the embedded database lives in the web process).')
  }
  const handle = createDatabase(env.DATABASE_URL, { max: env.DATABASE_POOL_MAX, applicationName: 'passerelle-worker' })
  setDatabase(handle)
  await migrateDatabase(handle.sql)
  await startJobs({ connectionString: env.DATABASE_URL, handlers: jobHandlers })
  logger.info('worker started')
  let stopping = false
  const stop = async (signal: string) => {
    if (stopping) return
    stopping = true
    logger.info({ signal }, 'worker stopping: finishing jobs in flight')
    await stopJobs()
    await closeDatabase()
    process.exit(0)
  }
  process.on('SIGTERM', () => void stop('SIGTERM'))
  process.on('SIGINT', () => void stop('SIGINT'))
}

main().catch((error) => {
  console.error(error instanceof ConfigError ? error.message : error)
  process.exit(1)
})
