/**
 * `npm run data:rekey`: after setting a new DATA_ENCRYPTION_KEY and moving the former one to
 * DATA_ENCRYPTION_OLD_KEYS, rewrites every encrypted travel field with the new key.
 */
import { closeDatabase, createDatabase, getDb, setDatabase } from '#db/client'
import { getEnv } from '~/utils/env.server'
import { rekeyTravelData } from './rekey.server'

async function main() {
  const env = getEnv()
  if (!env.DATABASE_URL) {
    process.stderr.write('data:rekey needs DATABASE_URL (the server the application uses)\n')
    return 75
  }
  setDatabase(createDatabase(env.DATABASE_URL, { max: 2, applicationName: 'passerelle-data-rekey' }))
  try {
    const rows = await rekeyTravelData(getDb())
    process.stdout.write(`rewrote ${rows} delegate row(s) with the current key\n`)
    return 0
  } catch (error) {
    process.stderr.write(`rekey failed: ${error instanceof Error ? error.message : String(error)}\n`)
    return 1
  } finally {
    await closeDatabase().catch(() => undefined)
  }
}

process.exitCode = await main()
