import { sql } from 'drizzle-orm'
import { afterAll, describe, expect, inject, it } from 'vitest'
import { createDatabase, getDb } from '#db/client'
import { registerCompany } from '~/modules/registration/intake.server'
import { Refusal } from '~/utils/refusal'
import { createTestEvent, registrationInput } from '../../factories'

const pglite = inject('databaseKind') === 'pglite'
const ATTEMPTS = pglite ? 40 : 200
const LAST_SEATS = 10
// A second, independent connection pool: the race crosses pools as it would across web instances.
const second = createDatabase(inject('databaseUrl'), { max: pglite ? 2 : 10, applicationName: 'race-second-pool' })
afterAll(() => second.sql.end({ timeout: 5 }))

async function seatsTaken(eventId: string) {
  const [row] = await getDb().execute<{ seats: number; registrations: number; companies: number }>(sql`
    select
      (select count(*)::int from attendee a join registration r on r.id = a.registration_id
        where a.event_id = ${eventId} and a.status = 'active' and r.status in ('confirmed', 'awaiting_payment')) as seats,
      (select count(*)::int from registration where event_id = ${eventId}) as registrations,
      (select count(*)::int from attendee where event_id = ${eventId}) as attendees_all`)
  return { seats: Number(row.seats), registrations: Number(row.registrations) }
}

async function outcomes(promises: Promise<unknown>[]) {
  const settled = await Promise.allSettled(promises)
  const tally: Record<string, number> = {}
  for (const s of settled) {
    const key = s.status === 'fulfilled' ? 'ok' : s.reason instanceof Refusal ? s.reason.code : `unexpected:${String(s.reason)}`
    tally[key] = (tally[key] ?? 0) + 1
  }
  return tally
}

describe('racing for the last seats', () => {
  // The embedded database is one session: attempts take turns, so nothing races. Passing there
  // would prove nothing; in CI that is a failure, not a silent pass.
  it.runIf(pglite && Boolean(process.env.CI))('needs a PostgreSQL server to race (set TEST_DATABASE_URL)', () => {
    throw new Error('The race test ran on the embedded database, where requests cannot race: set TEST_DATABASE_URL in CI.')
  })
  for (const round of [1, 2, 3]) {
    it(`round ${round}: ${ATTEMPTS} concurrent attempts from two pools for the last ${LAST_SEATS} seats take exactly ${LAST_SEATS}`, async () => {
      const event = await createTestEvent(getDb(), {
        tickets: [{ key: 'delegate', priceMinor: 5000, maxPerOrder: 10 }, { key: 'guest' }],
        pools: [{ key: 'room', size: 40, tickets: ['delegate', 'guest'] }],
        capacity: 60,
      })
      // Fill all but the last 10 seats: 30 taken in three registrations (paid ones on hold count too).
      for (let i = 0; i < 3; i++)
        await registerCompany(registrationInput(event, { [event.ticket.delegate]: 10 }, { paymentMethod: 'card' }))
      expect((await seatsTaken(event.id)).seats).toBe(30)

      const attempts = Array.from({ length: ATTEMPTS }, (_, i) =>
        registerCompany(
          registrationInput(event, { [i % 2 ? event.ticket.guest : event.ticket.delegate]: 1 }, { paymentMethod: 'card' }),
          { db: i % 2 ? second.db : undefined },
        ),
      )
      const tally = await outcomes(attempts)
      expect(Object.keys(tally).filter((k) => !['ok', 'soldOut', 'busy'].includes(k))).toEqual([])
      expect(tally.ok).toBe(LAST_SEATS)
      expect(tally.ok + (tally.soldOut ?? 0) + (tally.busy ?? 0)).toBe(ATTEMPTS)
      const after = await seatsTaken(event.id)
      expect(after.seats).toBe(40)
      expect(after.registrations).toBe(3 + LAST_SEATS)
      // And nothing more fits afterwards.
      await expect(registerCompany(registrationInput(event, { [event.ticket.guest]: 1 }))).rejects.toMatchObject({ code: 'soldOut' })
    })
  }

  it('the event cap holds across pools under the same race', async () => {
    const event = await createTestEvent(getDb(), {
      tickets: [{ key: 'a' }, { key: 'b' }],
      pools: [
        { key: 'pa', size: 50, tickets: ['a'] },
        { key: 'pb', size: 50, tickets: ['b'] },
      ],
      capacity: 7,
    })
    const tally = await outcomes(
      Array.from({ length: pglite ? 20 : 60 }, (_, i) =>
        registerCompany(registrationInput(event, { [i % 2 ? event.ticket.a : event.ticket.b]: 1 }), { db: i % 3 ? second.db : undefined }),
      ),
    )
    expect(tally.ok).toBe(7)
    expect((await seatsTaken(event.id)).seats).toBe(7)
  })

  it('20 racers for the last use of a code: exactly one gets it', async () => {
    const event = await createTestEvent(getDb(), { codes: [{ code: 'LAST1', kind: 'discount', percentOffBp: 1000, maxUses: 3, uses: 2 }] })
    const tally = await outcomes(
      Array.from({ length: 20 }, (_, i) =>
        registerCompany(registrationInput(event, { [event.ticket.guest]: 1 }, { code: 'LAST1' }), { db: i % 2 ? second.db : undefined }),
      ),
    )
    expect(tally.ok).toBe(1)
    expect((tally.codeExhausted ?? 0) + (tally.busy ?? 0)).toBe(19)
    const [row] = await getDb().execute<{ uses: number }>(sql`select uses from code where id = ${event.code.LAST1}`)
    expect(Number(row.uses)).toBe(3)
  })
})
