/**
 * The one entry point: `npm run dev` (Vite, HMR) and `npm start` (the production build).
 * Opens the database (the embedded PGlite when DATABASE_URL is unset), applies migrations,
 * seeds the demo data the first time, starts the background jobs and serves HTTP.
 */
import type { Server } from 'node:http'
import { closeDatabase, createDatabase, setDatabase } from '#db/client'
import { startEmbeddedDatabase, type EmbeddedDatabase } from '#db/embedded'
import { migrateDatabase } from '#db/migrate'
import { seedDemo, seedDemoRegistrations, DEMO_ORGANISER } from '#db/seed'
import { startJobs, stopJobs } from '~/jobs/queue.server'
import { jobHandlers } from '~/jobs/registry.server'
import { installDriverFaultGuard } from '~/utils/driver-fault-guard.server'
import { ConfigError, parseEnv, setEnv } from '~/utils/env.server'
import { logger } from '~/utils/logger.server'
import { createHttpApp } from './http'

async function main() {
  installDriverFaultGuard()
  const startedAt = Date.now()
  const lines0: string[] = []
  const env = parseEnv()
  setEnv(env)

  let embedded: EmbeddedDatabase | undefined
  let databaseUrl = env.DATABASE_URL
  if (!databaseUrl) {
    embedded = await startEmbeddedDatabase({ dataDir: env.PGLITE_DIR, maxConnections: env.DATABASE_POOL_MAX + 8 })
    databaseUrl = embedded.url
    process.env.DATABASE_URL = databaseUrl
    logger.info({ dir: env.PGLITE_DIR }, 'embedded PostgreSQL (PGlite) started')
  }
  const handle = createDatabase(databaseUrl, { max: env.DATABASE_POOL_MAX })
  setDatabase(handle)
  await migrateDatabase(handle.sql)

  let seeded = false
  if (env.SEED_DEMO) seeded = await seedDemo(handle.db)

  await startJobs({ connectionString: databaseUrl, handlers: env.JOBS_MODE === 'inline' ? jobHandlers : undefined, max: embedded ? 2 : 4 })
  // Demo registrations go through the real service, so the mailbox gets real confirmations.
  if (env.SEED_DEMO) {
    try {
      if (await seedDemoRegistrations(handle.db)) lines0.push('  Demo registrations made: see the confirmations at /dev/mail.')
    } catch (error) {
      logger.warn({ err: error }, 'demo registrations could not be made')
    }
  }

  const { app, closeVite, startDraining, stopPurges } = await createHttpApp(env)
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(env.PORT, env.HOST, () => resolve(s))
  })
  server.keepAliveTimeout = 65_000
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : env.PORT
  const url = env.PUBLIC_URL.includes(`:${env.PORT}`) ? env.PUBLIC_URL.replace(`:${env.PORT}`, `:${port}`) : env.PUBLIC_URL

  const lines = [
    '',
    `  Passerelle is running at ${url}  (${env.NODE_ENV}, ready in ${((Date.now() - startedAt) / 1000).toFixed(1)} s)`,
    `  Database: ${embedded ? `embedded PGlite in ${env.PGLITE_DIR}` : 'PostgreSQL (DATABASE_URL)'}; jobs: ${env.JOBS_MODE}`,
  ]
  if (env.SEED_DEMO) {
    lines.push(`  Demo organiser sign-in: ${url}/fr/sign-in  —  ${DEMO_ORGANISER.email} / ${DEMO_ORGANISER.password}`)
    if (seeded) lines.push('  Demo data seeded (first start).')
    lines.push(...lines0)
  }
  console.log(lines.join('\n') + '\n')

  let stopping = false
  const shutdown = async (signal: string) => {
    if (stopping) return
    stopping = true
    logger.info({ signal }, 'shutting down: draining HTTP, stopping jobs, closing the pool')
    startDraining()
    const force = setTimeout(() => process.exit(1), 25_000)
    force.unref()
    await new Promise<void>((resolve) => {
      server.close(() => resolve())
      server.closeIdleConnections()
    })
    await closeVite?.()
    await stopPurges?.()
    await stopJobs().catch((error) => logger.error({ err: error }, 'stopping jobs failed'))
    await closeDatabase()
    await embedded?.stop()
    process.exit(0)
  }
  process.on('SIGTERM', () => void shutdown('SIGTERM'))
  process.on('SIGINT', () => void shutdown('SIGINT'))
}

main().catch((error) => {
  if (error instanceof ConfigError) {
    console.error(error.message)
  } else {
    console.error('Passerelle failed to start:', error)
  }
  process.exit(1)
})
