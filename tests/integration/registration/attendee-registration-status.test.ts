import crypto from 'node:crypto'
import { sql } from 'drizzle-orm'
import type postgres from 'postgres'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { createDatabase, getDb } from '#db/client'
import { createAdminWorld } from '../admin/fixtures'

// The registration's status kept on its attendees by triggers (migration 0014, decision 034).
const pglite = inject('databaseKind') === 'pglite'

let world: Awaited<ReturnType<typeof createAdminWorld>>
beforeAll(async () => {
  world = await createAdminWorld()
})

async function mismatches(registrationId: string) {
  const rows = await getDb().execute<{ n: number }>(sql`select count(*)::int as n from attendee a join registration r on r.id = a.registration_id
    where r.id = ${registrationId} and a.registration_status is distinct from r.status`)
  return rows[0].n
}

const newAttendee = (registrationId: string) => sql`insert into attendee (registration_id, event_id, ticket_type_id, first_name, last_name, email, calendar_uid, check_in_secret)
  values (${registrationId}, ${world.event.id}, ${world.ticketType.id}, 'Race', 'Condition', ${`race.${crypto.randomUUID()}@example.test`}, ${crypto.randomUUID()}, ${crypto.randomUUID()})`

describe("the registration's status on its attendees", () => {
  it('follows an insert, a status change, a move to another registration and a direct write', async () => {
    const db = getDb()
    const { registration: pending } = await world.registration({ company: 'Attente', first: 'Ana', last: 'Attente', consent: false, status: 'pending_approval' })
    const { registration: confirmed, attendee } = await world.registration({ company: 'Ferme', first: 'Bo', last: 'Ferme', consent: false })
    const status = async () => (await db.execute<{ s: string }>(sql`select registration_status as s from attendee where id = ${attendee.id}`))[0].s
    expect(await status()).toBe('confirmed')
    await db.execute(sql`update registration set status = 'cancelled' where id = ${confirmed.id}`)
    expect(await status()).toBe('cancelled')
    await db.execute(sql`update attendee set registration_id = ${pending.id} where id = ${attendee.id}`)
    expect(await status()).toBe('pending_approval')
    await db.execute(sql`update attendee set registration_status = 'confirmed' where id = ${attendee.id}`)
    expect(await status()).toBe('pending_approval')
    await db.execute(newAttendee(pending.id))
    expect(await mismatches(pending.id)).toBe(0)
    expect(await mismatches(confirmed.id)).toBe(0)
  })

  describe('against a concurrent status change, on a PostgreSQL server', () => {
    // Two sessions interleaved by hand; the embedded database has one session and cannot interleave.
    const pools: postgres.Sql[] = []
    let a: postgres.ReservedSql
    let b: postgres.ReservedSql
    let pids: { a: number; b: number }
    beforeAll(async () => {
      if (pglite) return
      for (let i = 0; i < 2; i++) pools.push(createDatabase(inject('databaseUrl'), { max: 4, applicationName: `status-race-${i}` }).sql)
      a = await pools[0].reserve()
      b = await pools[1].reserve()
      pids = { a: (await a`select pg_backend_pid() as pid`)[0].pid, b: (await b`select pg_backend_pid() as pid`)[0].pid }
    })
    afterAll(async () => {
      a?.release()
      b?.release()
      await Promise.all(pools.map((p) => p.end({ timeout: 5 })))
    })

    /**
     * Gives the session `pid` up to a second to start waiting for a lock: with the triggers' locks it
     * waits; without them it would not, and the outcome below tells.
     */
    async function waitsForLock(pid: number) {
      for (let i = 0; i < 100; i++) {
        const [row] = await getDb().execute<{ waiting: boolean }>(sql`select wait_event_type = 'Lock' as waiting from pg_stat_activity where pid = ${pid}`)
        if (row?.waiting) return
        await new Promise((r) => setTimeout(r, 10))
      }
    }

    const insertAttendee = (session: postgres.ReservedSql, registrationId: string) =>
      session`insert into attendee (registration_id, event_id, ticket_type_id, first_name, last_name, email, calendar_uid, check_in_secret)
        values (${registrationId}, ${world.event.id}, ${world.ticketType.id}, 'Race', 'Condition', ${`race.${crypto.randomUUID()}@example.test`}, ${crypto.randomUUID()}, ${crypto.randomUUID()})`

    it.skipIf(pglite)('an attendee inserted while the status changes waits for it and takes the new status', async () => {
      const { registration } = await world.registration({ company: 'Course A', first: 'Al', last: 'Course', consent: false, status: 'pending_approval' })
      await a`begin`
      await a`update registration set status = 'confirmed' where id = ${registration.id}`
      await b`begin`
      // postgres.js sends a query when it is awaited or executed.
      const inserting = insertAttendee(b, registration.id).execute()
      await waitsForLock(pids.b)
      await a`commit`
      await inserting
      await b`commit`
      expect(await mismatches(registration.id)).toBe(0)
    })

    it.skipIf(pglite)('a status change made while an attendee is being inserted waits for it and rewrites it too', async () => {
      const { registration } = await world.registration({ company: 'Course B', first: 'Bea', last: 'Course', consent: false, status: 'pending_approval' })
      await b`begin`
      await insertAttendee(b, registration.id)
      await a`begin`
      const changing = a`update registration set status = 'rejected' where id = ${registration.id}`.execute()
      await waitsForLock(pids.a)
      await b`commit`
      await changing
      await a`commit`
      expect(await mismatches(registration.id)).toBe(0)
      const [{ s }] = await getDb().execute<{ s: string }>(sql`select distinct registration_status as s from attendee where registration_id = ${registration.id}`)
      expect(s).toBe('rejected')
    })

    it.skipIf(pglite)('many inserts racing many status changes leave no attendee with a stale status', async () => {
      const regs = await Promise.all(
        Array.from({ length: 5 }, (_, i) => world.registration({ company: `Course ${i}`, first: 'Di', last: 'Course', consent: false, status: 'pending_approval' })),
      )
      const statuses = ['confirmed', 'awaiting_payment', 'cancelled', 'pending_approval']
      const work: Promise<unknown>[] = []
      for (let i = 0; i < 40; i++) {
        const id = regs[i % regs.length].registration.id
        work.push(pools[0].begin((tx) => tx`update registration set status = ${statuses[i % statuses.length]} where id = ${id}`))
        work.push(pools[1].begin((tx) => insertAttendee(tx as unknown as postgres.ReservedSql, id)))
        work.push(getDb().execute(newAttendee(id)))
      }
      await Promise.all(work)
      for (const { registration } of regs) expect(await mismatches(registration.id)).toBe(0)
    })
  })
})
