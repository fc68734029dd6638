import { describe, expect, it } from 'vitest'
import { displayRange, mapUrl, registrationState } from '~/modules/events/public-view.server'

const base = {
  status: 'published' as const,
  startsAt: new Date('2031-03-01T14:00:00Z'),
  registrationOpensAt: null,
  registrationClosesAt: null,
}
const now = new Date('2031-02-01T12:00:00Z')

describe('registrationState', () => {
  it('is open for an upcoming published event with seats', () => {
    expect(registrationState(base, [{ seatsLeft: 3 }, { seatsLeft: null }], now)).toBe('open')
  })
  it('says cancelled, past, not yet open, closed, full, no tickets', () => {
    expect(registrationState({ ...base, status: 'cancelled' }, [{ seatsLeft: 3 }], now)).toBe('cancelled')
    expect(registrationState(base, [{ seatsLeft: 3 }], new Date('2031-03-01T14:00:00Z'))).toBe('past')
    expect(registrationState({ ...base, registrationOpensAt: new Date('2031-02-10T00:00:00Z') }, [{ seatsLeft: 3 }], now)).toBe('not_yet_open')
    expect(registrationState({ ...base, registrationClosesAt: new Date('2031-02-01T12:00:00Z') }, [{ seatsLeft: 3 }], now)).toBe('closed')
    expect(registrationState(base, [{ seatsLeft: 0 }, { seatsLeft: 0 }], now)).toBe('full')
    expect(registrationState(base, [], now)).toBe('no_tickets')
  })
})

describe('mapUrl', () => {
  it('pins coordinates on OpenStreetMap', () => {
    expect(mapUrl({ latitude: '25.7597', longitude: '-80.1918', venueName: 'x', venueAddress: 'y', venueCity: 'Miami' })).toBe(
      'https://www.openstreetmap.org/?mlat=25.7597&mlon=-80.1918#map=17/25.7597/-80.1918',
    )
  })
  it('searches the address when there are no coordinates', () => {
    expect(mapUrl({ latitude: null, longitude: null, venueName: 'Consulat', venueAddress: '1395 Brickell Avenue', venueCity: 'Miami' })).toBe(
      'https://www.openstreetmap.org/search?query=1395%20Brickell%20Avenue%2C%20Miami',
    )
  })
})

describe('displayRange', () => {
  it('keeps a same-day event on one day in the event zone even when Martinique is past midnight', () => {
    // 22:00–23:30 in Miami on 15 Jan = 23:00–00:30 in Martinique.
    const range = displayRange(new Date('2031-01-16T03:00:00Z'), new Date('2031-01-16T04:30:00Z'), 'America/New_York', 'en')
    expect(range.sameDay).toBe(true)
    expect(range.start.time).toBe('10:00 PM')
    expect(range.end.martinique?.time).toBe('12:30 AM')
    expect(range.end.martinique?.date).toBe('Thursday, January 16, 2031')
  })
  it('has no Martinique clock in summer', () => {
    const range = displayRange(new Date('2031-07-15T13:00:00Z'), new Date('2031-07-15T15:00:00Z'), 'America/New_York', 'fr')
    expect(range.start.martinique).toBeNull()
    expect(range.start.zoneLabel).toBe('heure de Miami')
  })
})
