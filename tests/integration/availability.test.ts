import { sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { getDb } from '#db/client'
import { getAvailability } from '~/modules/registration/availability.server'
import { createTestEvent } from '../factories'
import { seatsInUse } from '../faults/http'

describe('getAvailability', () => {
  it('says unlimited (null) for a ticket type with no pool on an event with no cap', async () => {
    const event = await createTestEvent(getDb(), { capacity: null, tickets: [{ key: 'open' }], pools: [] })
    const seats = await getAvailability(getDb(), event.id)
    expect(seats.get(event.ticket.open)).toBeNull()
  })

  it('takes the tightest of the pool and the event cap', async () => {
    const event = await createTestEvent(getDb(), {
      capacity: 5,
      tickets: [{ key: 'a' }, { key: 'b' }],
      pools: [{ key: 'p', size: 8, tickets: ['a'] }],
    })
    const seats = await getAvailability(getDb(), event.id)
    expect(seats.get(event.ticket.a)).toBe(5)
    expect(seats.get(event.ticket.b)).toBe(5)
  })
})

describe('seats in use (SEAT_IN_USE)', () => {
  // The app counts from the registration status kept on each attendee (decision 036); the oracle
  // (`seatsInUse`, the fault suite's) joins the registrations themselves, as the definition says.
  const oracle = seatsInUse
  const used = async (eventId: string, ticketTypeId: string) => 100 - (await getAvailability(getDb(), eventId)).get(ticketTypeId)!

  it('agrees with the registrations over every status, hold and attendee status, and after status changes', async () => {
    const db = getDb()
    const event = await createTestEvent(db, { capacity: null, pools: [{ key: 'hall', size: 100, tickets: ['guest'] }] })
    const [company] = await db.execute<{ id: string }>(sql`
      insert into company (organisation_id, name, contact_email) select organisation_id, 'Oracle', ${`oracle-${event.id}@test.example`} from event where id = ${event.id} returning id`)
    const statuses = ['pending_approval', 'awaiting_payment', 'confirmed', 'rejected', 'cancelled', 'expired']
    const holds = [sql`null`, sql`now() + interval '1 hour'`, sql`now() - interval '1 minute'`]
    let k = 0
    for (const status of statuses)
      for (const hold of holds) {
        k++
        await db.execute(sql`
          with r as (
            insert into registration (event_id, company_id, reference, status, contact_name, contact_email, currency, privacy_accepted_at, hold_expires_at)
            values (${event.id}, ${company.id}, ${`O-${event.id}-${k}`}, ${status}, 'Oracle', 'oracle@test.example', 'USD', now(), ${hold}) returning id
          )
          insert into attendee (registration_id, event_id, ticket_type_id, first_name, last_name, email, calendar_uid, check_in_secret, status)
          select r.id, ${event.id}, ${event.ticket.guest}, 'P', 'N' || n, 'p' || n || '-' || ${k} || '@test.example', gen_random_uuid()::text, gen_random_uuid()::text,
            case when n = 3 then 'cancelled' else 'active' end
          from r cross join generate_series(1, 3) n`)
      }
    // confirmed ×3 holds ×2 active attendees, awaiting payment with no hold or a running one ×2 ×2
    expect(await oracle(event.id)).toBe(10)
    expect(await used(event.id, event.ticket.guest)).toBe(10)
    // Status changes move the count on both sides: an expired hold paid, a confirmed one cancelled.
    await db.execute(sql`update registration set status = 'confirmed' where event_id = ${event.id} and status = 'awaiting_payment' and hold_expires_at < now()`)
    await db.execute(sql`update registration set status = 'cancelled' where event_id = ${event.id} and status = 'confirmed' and hold_expires_at is null`)
    await db.execute(sql`update registration set hold_expires_at = now() - interval '1 second' where event_id = ${event.id} and status = 'awaiting_payment' and hold_expires_at is null`)
    expect(await oracle(event.id)).toBe(8)
    expect(await used(event.id, event.ticket.guest)).toBe(8)
  })
})
