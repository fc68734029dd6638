/**
 * The seat check exists twice: `findShortfall` (capacity.ts) over the locked count, for the paths
 * that decide in Node, and `lockSeatsOrRefuse` (seats.server.ts), the same rule in SQL for the
 * registration whose COMMIT is sent behind its checks (decision 035). Random events, seats in use
 * (over capacity too, after a pool or the cap was cut) and requests: both must give the same answer.
 */
import { sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { getDb } from '#db/client'
import { raisedRefusal } from '~/modules/locks/locks.server'
import { registerCompany } from '~/modules/registration/intake.server'
import { findShortfall } from '~/modules/registration/capacity'
import { lockAndCountSeats, lockSeatsOrRefuse } from '~/modules/registration/seats.server'
import { createTestEvent, registrationInput } from '../../factories'

/** A small deterministic generator (mulberry32), so a failure can be replayed by its seed. */
function random(seed: number) {
  let a = seed
  return (n: number) => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n)
  }
}

async function sqlAnswer(eventId: string, requested: Map<string, number>) {
  try {
    await getDb().transaction(async (tx) => {
      await lockSeatsOrRefuse(tx, eventId, requested)
    })
    return null
  } catch (error) {
    const raised = raisedRefusal(error)
    if (!raised) throw error
    expect(raised.code).toBe('soldOut')
    return raised.details
  }
}

async function nodeAnswer(eventId: string, requested: Map<string, number>) {
  return getDb().transaction(async (tx) => findShortfall(await lockAndCountSeats(tx, eventId), requested))
}

describe('the seat check in SQL', () => {
  it('gives the same answer as findShortfall over random pools, caps, seats in use and requests', async () => {
    const db = getDb()
    let refused = 0
    let fitted = 0
    for (let seed = 1; seed <= 12; seed++) {
      const pick = random(seed)
      const keys = ['a', 'b', 'c']
      const poolSpecs = Array.from({ length: 1 + pick(3) }, (_, i) => ({
        key: `p${i}`,
        size: 100,
        tickets: keys.filter(() => pick(2) === 1),
      }))
      const event = await createTestEvent(db, { tickets: keys.map((key) => ({ key, maxPerOrder: 10 })), pools: poolSpecs })
      // Seats in use: registered while everything fits, then pools and the cap cut at random
      // (sometimes below what is in use, as an organiser may do).
      for (let r = 0; r < 1 + pick(3); r++) {
        const seats: Record<string, number> = {}
        for (const key of keys) if (pick(2)) seats[event.ticket[key]] = 1 + pick(2)
        if (Object.keys(seats).length) await registerCompany(registrationInput(event, seats))
      }
      for (const spec of poolSpecs) await db.execute(sql`update capacity_pool set size = ${pick(8)} where id = ${event.pool[spec.key]}`)
      await db.execute(sql`update event set capacity = ${pick(3) === 0 ? null : pick(12)} where id = ${event.id}`)

      for (let q = 0; q < 8; q++) {
        const requested = new Map<string, number>()
        for (const key of keys) if (pick(3) === 0 || requested.size === 0) requested.set(event.ticket[key], 1 + pick(4))
        const [inNode, inSql] = await Promise.all([nodeAnswer(event.id, requested), sqlAnswer(event.id, requested)])
        expect(inSql, `seed ${seed}, request ${q}`).toEqual(inNode)
        if (inNode) refused++
        else fitted++
      }
    }
    // The random cases cover both answers.
    expect(refused).toBeGreaterThan(10)
    expect(fitted).toBeGreaterThan(10)
  })

  it('counts the seats set aside for a running waiting-list offer and leaves out the one being claimed', async () => {
    const db = getDb()
    const event = await createTestEvent(db, { pools: [{ key: 'main', size: 3, tickets: ['guest'] }] })
    await registerCompany(registrationInput(event, { [event.ticket.guest]: 1 }))
    const [offer] = await db.execute<{ id: string }>(sql`
      insert into waitlist_entry (event_id, ticket_type_id, quantity, status, offer_expires_at, name, email, locale)
      values (${event.id}, ${event.ticket.guest}, 2, 'offered', now() + interval '1 hour', 'Offer', 'offer@company.example', 'fr') returning id`)
    const one = new Map([[event.ticket.guest, 1]])
    expect(await sqlAnswer(event.id, one)).toEqual({ ticketTypeId: event.ticket.guest, left: 0 })
    await db.transaction(async (tx) => {
      await lockSeatsOrRefuse(tx, event.id, new Map([[event.ticket.guest, 2]]), { excludeOfferId: offer.id })
    })
  })
})
