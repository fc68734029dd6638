/**
 * The micro-cache stays true across web processes: two HTTP servers, each with its own page cache
 * and its own LISTEN connection; a change written by neither of them (straight into the database,
 * as another process would) reaches both at once, long before the cache's TTL.
 */
import { eq, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { getDb } from '#db/client'
import { events } from '#db/schema/index'
import { createTestEvent } from '../../factories'
import postgres from 'postgres'
import { partners } from '#db/schema/index'
import { registerCompany } from '~/modules/registration/intake.server'
import { PURGE_CHANNEL } from '~/server/page-cache-purge'
import { registrationInput } from '../../factories'
import { send, startHttpApp } from './http-client'

const embedded = inject('databaseKind') === 'pglite'
let first: Awaited<ReturnType<typeof startHttpApp>>
let second: Awaited<ReturnType<typeof startHttpApp>>

beforeAll(async () => {
  if (embedded) return
  // A TTL far longer than the test: only a purge can make a page fresh again.
  first = await startHttpApp({ PAGE_CACHE_SECONDS: '600' })
  second = await startHttpApp({ PAGE_CACHE_SECONDS: '600' })
}, 180_000)
afterAll(async () => {
  await first?.close()
  await second?.close()
})

async function until(check: () => Promise<boolean>, ms = 5000) {
  const deadline = Date.now() + ms
  while (Date.now() < deadline) {
    if (await check()) return true
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  return false
}

// The embedded database serves one process: there is no other process to tell (the listener is off).
describe.skipIf(embedded)('public pages purged in every web process', () => {
  it('an edit reaches both caches at once; other events stay cached', async () => {
    const event = await createTestEvent(getDb(), { pools: [{ key: 'main', size: 5, tickets: ['guest'] }] })
    const page = `/fr/events/${event.slug}`
    for (const server of [first, second]) {
      await send(server.port, 'GET', page)
      const cached = await send(server.port, 'GET', page)
      expect(cached.headers['x-page-cache']).toBe('hit')
    }
    const list = await send(first.port, 'GET', '/en/events')
    expect((await send(first.port, 'GET', '/en/events')).headers['x-page-cache']).toBe('hit')

    await getDb().update(events).set({ title: { fr: 'Titre purgé partout', en: 'Purged everywhere' } }).where(eq(events.id, event.id))
    for (const server of [first, second]) {
      expect(await until(async () => (await send(server.port, 'GET', page)).body.includes('Titre purgé partout'))).toBe(true)
    }
    const listAfter = await send(first.port, 'GET', '/en/events')
    expect(listAfter.headers['x-page-cache']).toBe('miss')
    expect(listAfter.body).not.toBe(list.body)

    // A page of another event stays cached: purges are per event.
    const other = await createTestEvent(getDb(), { pools: [{ key: 'main', size: 5, tickets: ['guest'] }] })
    await send(second.port, 'GET', `/fr/events/${other.slug}`)
    await getDb().execute(sql`update event set title = ${JSON.stringify({ fr: 'Encore', en: 'Again' })}::jsonb where id = ${event.id}`)
    await until(async () => (await send(second.port, 'GET', page)).body.includes('Encore'))
    expect((await send(second.port, 'GET', `/fr/events/${other.slug}`)).headers['x-page-cache']).toBe('hit')
  })

  it('the database says which page changed, for every kind of write a public page shows', async () => {
    const listener = postgres(inject('databaseUrl'), { max: 1, onnotice: () => {} })
    const heard: string[] = []
    await listener.listen(PURGE_CHANNEL, (payload) => heard.push(payload))
    const expectHeard = async (payload: string) => {
      expect(await until(async () => heard.includes(payload), 3000)).toBe(true)
      heard.length = 0
    }
    try {
      const event = await createTestEvent(getDb(), { pools: [{ key: 'main', size: 5, tickets: ['guest'] }] })
      await expectHeard(event.slug) // event, ticket types, pools created
      await registerCompany(registrationInput({ id: event.id }, { [event.ticket.guest]: 1 }, { paymentMethod: 'invoice' }))
      await expectHeard(event.slug) // a seat taken
      await getDb().execute(sql`update ticket_type set price_minor = price_minor + 100 where event_id = ${event.id}`)
      await expectHeard(event.slug)
      const [partner] = await getDb().select({ id: partners.id }).from(partners).limit(1)
      if (partner) {
        await getDb().update(partners).set({ updatedAt: new Date() }).where(eq(partners.id, partner.id))
        await expectHeard('*') // a partner shows on several events' pages
      }
      // Nothing public changed: nothing said.
      await getDb().execute(sql`select 1`)
      await new Promise((resolve) => setTimeout(resolve, 300))
      expect(heard).toEqual([])
    } finally {
      await listener.end({ timeout: 1 })
    }
  })
})
