/**
 * A worker process for the crash test: runs the real `email.send` handler from pg-boss, only
 * for the test's own event (other test files' rows share the database and are left alone).
 */
import { eq } from 'drizzle-orm'
import PgBoss from 'pg-boss'
import { createDatabase, getDb, setDatabase } from '#db/client'
import { emailMessages } from '#db/schema/index'
import { JOB_CONTRACTS } from '~/jobs/contracts'
import { mailJobHandlers } from '~/modules/mail/jobs.server'
import { parseEnv, setEnv } from '~/utils/env.server'

const url = process.env.DATABASE_URL!
const eventId = process.env.ONLY_EVENT_ID!
setEnv(parseEnv({ ...process.env, NODE_ENV: 'test', PUBLIC_URL: 'http://passerelle.test' }))
setDatabase(createDatabase(url, { max: 3 }))
const definition = mailJobHandlers['email.send']
const schema = JOB_CONTRACTS['email.send'].schema

const boss = new PgBoss({ connectionString: url, max: 2, supervise: false, schedule: false })
await boss.start()
await boss.work<{ emailMessageId: string }>('email.send', { batchSize: 5, pollingIntervalSeconds: 0.5 }, async (jobs) => {
  const mine = []
  for (const job of jobs) {
    const [row] = await getDb().select({ eventId: emailMessages.eventId }).from(emailMessages).where(eq(emailMessages.id, job.data.emailMessageId))
    if (row?.eventId === eventId) mine.push({ data: schema.parse(job.data), job })
  }
  // the worker's own batch path (as app/jobs/workers.server.ts runs it)
  if (mine.length) await definition.batchHandler!(mine)
})
process.send?.('ready')
