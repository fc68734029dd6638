/**
 * Delegations: 200 delegates with 30 itinerary entries each (26 programme sessions, two flights,
 * a transfer, hotel check-in/out). Times every delegate's calendar feed built cold (each feed
 * once, in turn) and the rooming list of 200 guests, against a bare database round trip.
 */
import { sql } from 'drizzle-orm'
import { closeDatabase, createDatabase, getDb, setDatabase } from '#db/client'
import { feedToken, itineraryFeed } from '~/modules/delegations/itinerary.server'
import { roomingWithChanges } from '~/modules/delegations/hotel.server'
import type { BenchContext, BenchFigure } from './types'

const DELEGATES = Number(process.env.BENCH_DELEGATES ?? 200)

async function seed(log: (m: string) => void) {
  const db = getDb()
  const tag = Date.now().toString(36)
  const [org] = await db.execute<{ id: string }>(sql`insert into organisation (slug, name, legal_name, email, organiser_mailbox)
    values (${`bench-deleg-${tag}`}, 'Bench', 'Bench', 'bench@example.test', 'bench@example.test') returning id`)
  const [event] = await db.execute<{ id: string }>(sql`insert into event (organisation_id, slug, kind, status, title, summary, description, timezone, starts_at, ends_at, venue_name, venue_address, venue_city)
    values (${org.id}, ${`bench-deleg-${tag}`}, 'delegation', 'published', '{"fr":"Mission","en":"Mission"}', '{"fr":"","en":""}', '{"fr":"","en":""}', 'America/New_York', '2027-03-10T13:00:00Z', '2027-03-13T22:00:00Z', 'V', 'A', 'Miami') returning id`)
  const [type] = await db.execute<{ id: string }>(sql`insert into ticket_type (event_id, name, price_minor) values (${event.id}, '{"fr":"Délégué","en":"Delegate"}', 0) returning id`)
  await db.execute(sql`insert into programme_item (event_id, title, starts_at, ends_at, place)
    select ${event.id}, jsonb_build_object('fr', 'Séance ' || g, 'en', 'Session ' || g), '2027-03-10T13:00:00Z'::timestamptz + (g || ' hours')::interval * 3, '2027-03-10T14:00:00Z'::timestamptz + (g || ' hours')::interval * 3, 'Salle ' || g
    from generate_series(1, 26) g`)
  await db.execute(sql`insert into company (organisation_id, name, contact_email) select ${org.id}, 'Société ' || g, 'c' || g || '@bench-' || ${tag} || '.test' from generate_series(1, ${DELEGATES}) g`)
  await db.execute(sql`insert into registration (event_id, company_id, reference, status, contact_name, contact_email, currency, total_minor, paid_minor, privacy_accepted_at, listing_consent)
    select ${event.id}, c.id, 'BD-' || ${tag} || '-' || row_number() over (), 'confirmed', 'Contact', 'contact@bench.test', 'USD', 0, 0, now(), true from company c where c.organisation_id = ${org.id}`)
  await db.execute(sql`insert into attendee (registration_id, event_id, ticket_type_id, first_name, last_name, email, locale, calendar_uid, check_in_secret)
    select r.id, r.event_id, ${type.id}, 'Prénom', 'Nom' || r.reference, r.reference || '@bench.test', 'fr', gen_random_uuid()::text, gen_random_uuid()::text from registration r where r.event_id = ${event.id}`)
  await db.execute(sql`insert into delegate (attendee_id, event_id) select id, event_id from attendee where event_id = ${event.id}`)
  await db.execute(sql`insert into flight_segment (event_id, attendee_id, carrier, flight_number, from_airport, to_airport, departs_at, arrives_at)
    select event_id, id, 'American Airlines', 'AA1236', 'FDF', 'MIA', '2027-03-09T14:05:00Z'::timestamptz, '2027-03-09T17:50:00Z'::timestamptz from attendee where event_id = ${event.id}
    union all
    select event_id, id, 'American Airlines', 'AA1237', 'MIA', 'FDF', '2027-03-14T18:20:00Z'::timestamptz, '2027-03-14T22:55:00Z'::timestamptz from attendee where event_id = ${event.id}`)
  await db.execute(sql`insert into transfer_wave (event_id, label, airport, window_start, window_end, vehicle) values (${event.id}, 'Vague 1', 'MIA', '2027-03-09T17:00:00Z', '2027-03-09T19:00:00Z', 'Bus')`)
  const [block] = await db.execute<{ id: string }>(sql`insert into hotel_block (event_id, hotel_name, address, check_in, check_out) values (${event.id}, 'Bench Hotel', '1 Brickell', '2027-03-09', '2027-03-14') returning id`)
  await db.execute(sql`insert into hotel_room (block_id, room_type, label, beds) select ${block.id}, 'Double', 'R' || g, 2 from generate_series(1, ${Math.ceil(DELEGATES / 2)}) g`)
  await db.execute(sql`insert into room_assignment (room_id, event_id, attendee_id, arrival_date, departure_date)
    select r.id, a.event_id, a.id, '2027-03-09', '2027-03-14'
    from (select id, event_id, (row_number() over (order by id) + 1) / 2 as n from attendee where event_id = ${event.id}) a
    join hotel_room r on r.block_id = ${block.id} and r.label = 'R' || a.n`)
  await db.execute(sql`analyze`)
  const ids = await db.execute<{ id: string }>(sql`select id from attendee where event_id = ${event.id}`)
  log(`seeded ${ids.length} delegates`)
  return { eventId: event.id, blockId: block.id, attendeeIds: ids.map((r) => r.id) }
}

export default async function delegationsBench({ databaseUrl, log }: BenchContext): Promise<BenchFigure[]> {
  const ownHandle = !process.env.DATABASE_URL
  if (ownHandle) setDatabase(createDatabase(databaseUrl, { max: 4 }))
  try {
    const world = await seed(log)
    const bare: number[] = []
    for (let i = 0; i < 200; i++) {
      const t0 = performance.now()
      await getDb().execute(sql`select 1`)
      bare.push(performance.now() - t0)
    }
    const bareMean = bare.reduce((a, b) => a + b, 0) / bare.length
    let entries = 0
    const t0 = performance.now()
    for (const id of world.attendeeIds) {
      const ics = await itineraryFeed(getDb(), feedToken(id))
      entries += (ics?.match(/BEGIN:VEVENT/g) ?? []).length
    }
    const feedMean = (performance.now() - t0) / world.attendeeIds.length
    log(`${world.attendeeIds.length} feeds, ${entries / world.attendeeIds.length} entries each, ${feedMean.toFixed(1)} ms per feed (bare round trip ${bareMean.toFixed(2)} ms)`)
    const r0 = performance.now()
    const list = await roomingWithChanges(getDb(), world.eventId, world.blockId)
    const rooming = performance.now() - r0
    log(`rooming list of ${list.rows.length} guests in ${rooming.toFixed(1)} ms`)
    return [
      { name: `delegations: itinerary feed (${entries / world.attendeeIds.length} entries), cold, per delegate`, value: Math.round(feedMean * 10) / 10, unit: 'ms', baseline: Math.round(bareMean * 100) / 100, ratio: Math.round((feedMean / bareMean) * 10) / 10, goal: '<= 100' },
      { name: `delegations: rooming list of ${list.rows.length} guests`, value: Math.round(rooming * 10) / 10, unit: 'ms', baseline: Math.round(bareMean * 100) / 100, ratio: Math.round((rooming / bareMean) * 10) / 10, goal: '<= 500' },
    ]
  } finally {
    if (ownHandle) await closeDatabase()
  }
}
