import { describe, expect, it } from 'vitest'
import { eventPlace } from '~/modules/calendar/entries.server'
import { placeLine } from '~/utils/place'

describe('a place on one line', () => {
  it('does not repeat the city already in the street address (mails and invitations)', () => {
    expect(eventPlace({ venueName: 'Miami-Dade County Hall', venueAddress: '111 NW 1st St, Miami, FL 33128', venueCity: 'Miami' })).toBe(
      'Miami-Dade County Hall, 111 NW 1st St, Miami, FL 33128',
    )
  })
  it('keeps a city that the address does not name, ignoring case and accents but not parts of words', () => {
    expect(placeLine('Hôtel', '12 rue Victor Hugo', 'Fort-de-France')).toBe('Hôtel, 12 rue Victor Hugo, Fort-de-France')
    expect(placeLine('Salle', '4 Bd du Général de Gaulle, FORT-DE-FRANCE', 'Fort-de-France')).toBe('Salle, 4 Bd du Général de Gaulle, FORT-DE-FRANCE')
    expect(placeLine('Salle', '1 place de la Mairie, Le Lamentin', 'Lamentin')).toBe('Salle, 1 place de la Mairie, Le Lamentin')
    expect(placeLine('Miami Beach Convention Center', '1901 Convention Center Dr', 'Miami Beach')).toBe('Miami Beach Convention Center, 1901 Convention Center Dr, Miami Beach')
    expect(placeLine('Centre', '', 'Miamisburg')).toBe('Centre, Miamisburg')
    expect(placeLine('Centre', '1 Miamisburg Rd', 'Miami')).toBe('Centre, 1 Miamisburg Rd, Miami')
    expect(placeLine('Café', 'Rue Schœlcher', 'Saint-Pierre')).toBe('Café, Rue Schœlcher, Saint-Pierre')
  })
})
