import { describe, expect, it } from 'vitest'
import { getDb } from '#db/client'
import { getAvailability } from '~/modules/registration/availability.server'
import { createTestEvent } from '../factories'

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
