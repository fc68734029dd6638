import { DateTime } from 'luxon'
import { describe, expect, it } from 'vitest'
import { zoneAbbreviation } from '~/utils/time'

describe('the short zone name', () => {
  it('is what luxon’s ZZZZ writes, for every zone the app shows, both languages, across DST changes', () => {
    const zones = ['America/New_York', 'America/Martinique', 'America/Guadeloupe', 'Europe/Paris', 'UTC', 'America/Los_Angeles', 'America/Montreal']
    const instants = ['2027-01-15T15:00:00Z', '2027-03-14T06:59:00Z', '2027-03-14T07:01:00Z', '2027-07-01T12:00:00Z', '2027-10-31T00:30:00Z', '2027-11-07T05:59:00Z', '2027-11-07T06:01:00Z']
    for (const intlLocale of ['fr-FR', 'en-US'])
      for (const zone of zones)
        for (const iso of instants) {
          const instant = new Date(iso)
          const luxon = DateTime.fromJSDate(instant, { zone }).setLocale(intlLocale).toFormat('ZZZZ')
          expect(zoneAbbreviation(instant, zone, intlLocale), `${intlLocale} ${zone} ${iso}`).toBe(luxon)
        }
  })
})
