/** Runs the registration bench alone on a fresh test database: `TEST_DATABASE_URL=… npx tsx tests/bench/registration.local.ts`. */
import { createTestDatabase } from '../setup/database'
import { setEnv, parseEnv } from '~/utils/env.server'
import bench from './registration.bench'

const database = await createTestDatabase('passerelle_bench_reg')
setEnv(parseEnv({ ...process.env, NODE_ENV: 'test', DATABASE_URL: database.url, PUBLIC_URL: 'http://passerelle.bench', LOG_LEVEL: 'silent' }))
try {
  const figures = await bench({ databaseUrl: database.url, databaseKind: database.kind, baseUrl: '', log: (m) => console.log(m) })
  console.table(figures)
} finally {
  await database.drop()
}
process.exit(0)
