import { sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { getDb } from '#db/client'
import { seedDemo, seedDemoRegistrations } from '#db/seed'
import { seedDemoDelegation } from '#db/seed-delegation'
import { itineraryOf } from '~/modules/delegations/itinerary.server'

describe('delegation demo seed', () => {
  it('fills the demo delegation with delegates, flights, a wave, rooms and itineraries, once', async () => {
    await seedDemo(getDb())
    await seedDemoRegistrations(getDb())
    const [counts] = await getDb().execute<{ delegates: number; identities: number; flights: number; waves: number; stays: number; one: string }>(sql`
      select
        (select count(*)::int from delegate d join event e on e.id = d.event_id where e.slug like 'delegation-miami%') as delegates,
        (select count(*)::int from delegate d join event e on e.id = d.event_id where e.slug like 'delegation-miami%' and d.passport_number_enc like 'enc:v1:%') as identities,
        (select count(*)::int from flight_segment f join event e on e.id = f.event_id where e.slug like 'delegation-miami%') as flights,
        (select count(*)::int from transfer_wave w join event e on e.id = w.event_id where e.slug like 'delegation-miami%') as waves,
        (select count(*)::int from room_assignment a join event e on e.id = a.event_id where e.slug like 'delegation-miami%') as stays,
        (select d.attendee_id::text from delegate d join event e on e.id = d.event_id where e.slug like 'delegation-miami%' limit 1) as one`)
    expect(counts.delegates).toBe(3)
    expect(counts.identities).toBe(3)
    expect(counts.flights).toBe(6)
    expect(counts.waves).toBe(1)
    expect(counts.stays).toBe(3)
    const kinds = (await itineraryOf(getDb(), counts.one, 'fr')).map((e) => e.kind)
    expect(kinds).toEqual(expect.arrayContaining(['flight', 'transfer', 'hotelIn', 'hotelOut', 'session']))
    expect(await seedDemoDelegation(getDb())).toBe(false)
  })
})
