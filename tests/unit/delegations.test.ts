import { describe, expect, it } from 'vitest'
import { parseEnv } from '~/utils/env.server'
import { localToInstant } from '~/modules/delegations/travel.server'
import { travelAlerts, checkIdentity, type TravelIdentity } from '~/modules/delegations/identity.server'
import { shoulderNights, diffRooming } from '~/modules/delegations/hotel.server'
import { airportOf } from '~/modules/delegations/airports'
import { formatForReader } from '~/utils/time'
import { Refusal } from '~/utils/refusal'

const prod = { NODE_ENV: 'production' as const, SESSION_SECRET: 'x'.repeat(32), DATABASE_URL: 'postgres://db/x', PUBLIC_URL: 'https://p.example', SMTP_URL: 'smtp://mail.example:587', MAIL_FROM: 'CCEM <contact@p.example>' }

describe('DATA_ENCRYPTION_KEY', () => {
  it('is required in production and must be 32 bytes', () => {
    expect(() => parseEnv(prod)).toThrow(/DATA_ENCRYPTION_KEY: is required in production/)
    expect(() => parseEnv({ ...prod, DATA_ENCRYPTION_KEY: 'short' })).toThrow(/DATA_ENCRYPTION_KEY/)
    expect(parseEnv({ ...prod, DATA_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64') }).DATA_ENCRYPTION_KEY).toBeTruthy()
    expect(parseEnv({ NODE_ENV: 'test' }).DATA_ENCRYPTION_KEY).toBeUndefined()
  })
})

describe('time zones across the DST change (Miami changes on 14 March 2027, Martinique never)', () => {
  it('reads local times at each airport', () => {
    expect(localToInstant('2027-03-13T12:00', 'America/New_York', 'x').toISOString()).toBe('2027-03-13T17:00:00.000Z')
    expect(localToInstant('2027-03-14T12:00', 'America/New_York', 'x').toISOString()).toBe('2027-03-14T16:00:00.000Z')
    expect(localToInstant('2027-03-14T12:00', 'America/Martinique', 'x').toISOString()).toBe('2027-03-14T16:00:00.000Z')
    expect(() => localToInstant('2027-03-14T02:30', 'America/New_York', 'x')).toThrow(Refusal)
    expect(airportOf(' mia ')?.zone).toBe('America/New_York')
    expect(airportOf('ZZZ')).toBeUndefined()
  })

  it('shows Martinique beside Miami only when their clocks differ', () => {
    expect(formatForReader(new Date('2027-03-13T17:00:00Z'), 'America/New_York', 'fr').martinique).not.toBeNull()
    expect(formatForReader(new Date('2027-03-15T17:00:00Z'), 'America/New_York', 'fr').martinique).toBeNull()
  })
})

const base: TravelIdentity = {
  passportName: 'X',
  passportNumber: '18AB12345',
  passportCountry: 'FR',
  passportExpiry: '2030-01-01',
  nationality: 'FR',
  birthDate: '1980-01-01',
  travelAuthorisationKind: 'esta',
  travelAuthorisationNumber: 'Y1',
  travelAuthorisationValidUntil: '2028-01-01',
}

describe('ESTA and passport rules', () => {
  it('flags a passport expiring within six months after the return', () => {
    expect(travelAlerts(base, '2027-03-13')).toEqual([])
    expect(travelAlerts({ ...base, passportExpiry: '2027-08-01' }, '2027-03-13')).toContain('passportExpiresSoon')
  })
  it('an ESTA ends when the passport expires, whichever first', () => {
    expect(travelAlerts({ ...base, passportExpiry: '2027-03-01', travelAuthorisationValidUntil: '2029-01-01' }, '2027-03-13')).toContain('authorisationExpires')
    expect(travelAlerts({ ...base, travelAuthorisationKind: null, travelAuthorisationNumber: null }, '2027-03-13')).toContain('authorisationMissing')
    expect(travelAlerts(null, '2027-03-13')).toEqual(['identityMissing'])
  })
  it('checks the passport number shape where the country rule is known', () => {
    const input = { attendeeId: 'x', passportName: 'X', passportNumber: '18AB12345', passportCountry: 'FR', passportExpiry: '2030-01-01', nationality: 'FR', birthDate: '1980-01-01', travelAuthorisationKind: 'esta' as const, travelAuthorisationNumber: 'Y1', travelAuthorisationValidUntil: '2028-01-01' }
    expect(checkIdentity({ ...input, passportNumber: '18 ab 12345' }, '2026-12-05').passportNumber).toBe('18AB12345')
    expect(() => checkIdentity({ ...input, passportNumber: '123' }, '2026-12-05')).toThrow(Refusal)
    expect(checkIdentity({ ...input, passportCountry: 'BR', passportNumber: 'ANY123' }, '2026-12-05').passportNumber).toBe('ANY123')
  })
})

describe('hotel', () => {
  it('counts nights outside the block as shoulder nights', () => {
    const block = { checkIn: '2027-03-09', checkOut: '2027-03-12' }
    expect(shoulderNights(block, { arrivalDate: '2027-03-09', departureDate: '2027-03-12' })).toEqual([])
    expect(shoulderNights(block, { arrivalDate: '2027-03-08', departureDate: '2027-03-13' })).toEqual(['2027-03-08', '2027-03-12'])
  })
  it('diffs a rooming list against the last one sent', () => {
    const row = { key: 'a', guest: 'A', arrival: '1', departure: '2', roomType: 'D', room: '1', sharingWith: '', specialRequests: '', billing: '' }
    expect(diffRooming([row], null)[0].change).toBe('new')
    expect(diffRooming([row], [row])[0].change).toBe('unchanged')
    expect(diffRooming([{ ...row, departure: '3' }], [row])[0].change).toBe('changed')
    expect(diffRooming([], [row])[0].change).toBe('cancelled')
  })
})
