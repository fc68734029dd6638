/**
 * inPipelinedTransaction (decision 035): the COMMIT goes out behind the work's statements, so a
 * lock is released by PostgreSQL even while this process is too busy to read the answers.
 */
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { createDatabase, getDb, type Database, type Transaction } from '#db/client'
import { inLockedTransaction, inPipelinedTransaction } from '~/modules/locks/locks.server'

const pglite = inject('databaseKind') === 'pglite'
const other = createDatabase(inject('databaseUrl'), { max: 2, applicationName: 'pipelined-other' })
beforeAll(() => getDb().execute(sql`create table if not exists pipelined_probe (key text primary key)`))
afterAll(async () => {
  await getDb().execute(sql`drop table if exists pipelined_probe`)
  await other.sql.end({ timeout: 5 })
})

const BUSY_MS = 1000

/**
 * A transaction takes an advisory lock and holds it 300 ms inside PostgreSQL; its answer then
 * finds this process busy for a second. Another session queued on the lock says when it got it.
 */
async function lockReleasedAt(run: (db: Database, work: (tx: Transaction) => Promise<void>) => Promise<void>) {
  const key = 900_000 + Math.floor(Math.random() * 100_000)
  let busyUntil = 0
  const holder = run(getDb(), (tx) =>
    // Without parameters: postgres.js sends a statement with parameters that this connection has not
    // prepared yet only once PostgreSQL has described it, which would stop the pipeline there.
    Promise.all([tx.execute(sql.raw(`select pg_advisory_xact_lock(${key})`)), tx.execute(sql.raw('select pg_sleep(0.3)'))]).then(() => {
      const started = Date.now()
      while (Date.now() - started < BUSY_MS);
      busyUntil = Date.now()
    }),
  )
  await new Promise((resolve) => setTimeout(resolve, 100))
  const waiter = other.db.transaction(async (tx) => {
    const [row] = await tx.execute<{ at: string }>(sql`select pg_advisory_xact_lock(${key}), (extract(epoch from clock_timestamp()) * 1000)::text as at`)
    return Number(row.at)
  })
  const [, at] = await Promise.all([holder, waiter])
  return at - busyUntil
}

describe('inPipelinedTransaction', () => {
  it.skipIf(pglite)('releases the locks while the process is still busy; a transaction that commits afterwards does not', async () => {
    // The COMMIT was sent before the busy second: the waiter got the lock during it.
    expect(await lockReleasedAt((db, work) => inPipelinedTransaction(db, work))).toBeLessThan(-BUSY_MS / 2)
    // The same work committed once its answer is read: the waiter got the lock after the busy second.
    expect(await lockReleasedAt((db, work) => inLockedTransaction(db, work))).toBeGreaterThan(-BUSY_MS / 10)
  })

  it('commits what the work wrote', async () => {
    const key = `pipelined-${Date.now()}-${Math.random()}`
    await inPipelinedTransaction(getDb(), (tx) => tx.execute(sql`insert into pipelined_probe (key) values (${key})`).then(() => undefined))
    const rows = await getDb().execute(sql`select 1 from pipelined_probe where key = ${key}`)
    expect(rows.length).toBe(1)
    await getDb().execute(sql`delete from pipelined_probe where key = ${key}`)
  })

  it('rolls back when the work fails before the COMMIT goes out', async () => {
    const key = `pipelined-${Date.now()}-${Math.random()}`
    const failing = inPipelinedTransaction(getDb(), async (tx) => {
      void tx.execute(sql`insert into pipelined_probe (key) values (${key})`).catch(() => {})
      throw new Error('decided against it')
    })
    await expect(failing).rejects.toThrow('decided against it')
    expect((await getDb().execute(sql`select 1 from pipelined_probe where key = ${key}`)).length).toBe(0)
  })

  it('refuses a statement started after the COMMIT went out, and commits only what came before', async () => {
    const key = `pipelined-${Date.now()}-${Math.random()}`
    const late = inPipelinedTransaction(getDb(), async (tx) => {
      await tx.execute(sql`insert into pipelined_probe (key) values (${key})`)
      await tx.execute(sql`insert into pipelined_probe (key) values (${`${key}-late`})`)
    })
    await expect(late).rejects.toThrow(/after the COMMIT/)
    expect((await getDb().execute(sql`select key from pipelined_probe where key like ${`${key}%`}`)).map((r) => r.key)).toEqual([key])
    await getDb().execute(sql`delete from pipelined_probe where key = ${key}`)
  })
})
