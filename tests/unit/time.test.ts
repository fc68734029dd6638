import { describe, expect, it } from 'vitest'
import { describeInstant, formatForReader } from '~/utils/time'

describe('formatForReader', () => {
  it('shows Martinique beside Miami in northern winter (one hour ahead)', () => {
    // 15 January 2027, 14:00 UTC = 09:00 in Miami (EST), 10:00 in Martinique.
    const t = formatForReader(new Date('2027-01-15T14:00:00Z'), 'America/New_York', 'fr')
    expect(t.local.time).toBe('09:00')
    expect(t.martinique?.time).toBe('10:00')
  })

  it('omits Martinique in summer when the clocks agree', () => {
    // 15 July 2027, 13:00 UTC = 09:00 in Miami (EDT) and in Martinique.
    const t = formatForReader(new Date('2027-07-15T13:00:00Z'), 'America/New_York', 'en')
    expect(t.local.time).toBe('9:00 AM')
    expect(t.martinique).toBeNull()
  })

  it('writes one readable line in each language', () => {
    const instant = new Date('2027-01-15T23:30:00Z')
    expect(describeInstant(instant, 'America/New_York', 'fr')).toBe(
      'vendredi 15 janvier 2027 · 18:30 heure de Miami (19:30 heure de Martinique)',
    )
    expect(describeInstant(instant, 'America/New_York', 'en')).toBe(
      'Friday, January 15, 2027 · 6:30 PM Miami time (7:30 PM Martinique time)',
    )
  })

  it('names the Martinique date when it is already the next day there', () => {
    // 23:30 in Miami on 15 Jan = 00:30 on 16 Jan in Martinique.
    const line = describeInstant(new Date('2027-01-16T04:30:00Z'), 'America/New_York', 'en')
    expect(line).toContain('12:30 AM Martinique time, Saturday, January 16, 2027')
  })
})
