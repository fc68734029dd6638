import { describe, expect, it } from 'vitest'
import { findShortfall } from '~/modules/registration/capacity'
import { priceRegistration } from '~/modules/registration/pricing'
import { registerInputSchema } from '~/modules/registration/registration-schemas'

describe('priceRegistration', () => {
  const lines = [
    { ticketTypeId: 'delegate', unitPriceMinor: 15000, quantity: 2 },
    { ticketTypeId: 'guest', unitPriceMinor: 0, quantity: 1 },
    { ticketTypeId: 'table', unitPriceMinor: 45000, quantity: 1 },
  ]
  it('adds up lines in minor units', () => {
    expect(priceRegistration(lines)).toEqual({ subtotalMinor: 75000, discountMinor: 0, funderShareMinor: 0, totalMinor: 75000 })
  })
  it('takes a percentage off the lines a discount code applies to, rounding down', () => {
    expect(priceRegistration(lines, { kind: 'discount', percentOffBp: 1000, amountOffMinor: null, ticketTypeIds: ['delegate'] })).toMatchObject({
      discountMinor: 3000,
      totalMinor: 72000,
    })
    expect(priceRegistration([{ ticketTypeId: 'x', unitPriceMinor: 999, quantity: 1 }], { kind: 'discount', percentOffBp: 3333, amountOffMinor: null, ticketTypeIds: [] }).discountMinor).toBe(332)
  })
  it('never takes off more than the eligible amount', () => {
    expect(priceRegistration(lines, { kind: 'discount', percentOffBp: null, amountOffMinor: 1_000_000, ticketTypeIds: ['delegate'] })).toMatchObject({
      discountMinor: 30000,
      totalMinor: 45000,
    })
  })
  it('records what a funder pays as its share, not as a discount', () => {
    expect(priceRegistration(lines, { kind: 'funder', percentOffBp: 5000, amountOffMinor: null, ticketTypeIds: ['delegate'] })).toEqual({
      subtotalMinor: 75000,
      discountMinor: 0,
      funderShareMinor: 15000,
      totalMinor: 60000,
    })
    expect(priceRegistration([lines[0]], { kind: 'funder', percentOffBp: 10000, amountOffMinor: null, ticketTypeIds: [] }).totalMinor).toBe(0)
  })
  it('refuses negative quantities and prices', () => {
    expect(() => priceRegistration([{ ticketTypeId: 'x', unitPriceMinor: 100, quantity: -1 }])).toThrow(RangeError)
    expect(() => priceRegistration([{ ticketTypeId: 'x', unitPriceMinor: -5, quantity: 1 }])).toThrow(RangeError)
  })
})

describe('capacity arithmetic', () => {
  const state = {
    eventCapacity: 10,
    pools: [
      { id: 'room', size: 8, ticketTypeIds: ['delegate', 'guest'] },
      { id: 'tables', size: 3, ticketTypeIds: ['table'] },
    ],
    usedByType: new Map([
      ['delegate', 5],
      ['guest', 2],
      ['table', 1],
    ]),
  }
  it('finds the pool that would overflow', () => {
    expect(findShortfall(state, new Map([['guest', 1]]))).toBeNull()
    expect(findShortfall(state, new Map([['guest', 2]]))).toMatchObject({ ticketTypeId: 'guest' })
  })
  it('applies the event cap across pools', () => {
    expect(findShortfall(state, new Map([['table', 2]]))).toBeNull()
    expect(findShortfall(state, new Map([['table', 2], ['guest', 1]]))).not.toBeNull()
  })
})

describe('registerInputSchema', () => {
  const base = {
    eventId: '6f1c2b8e-3f6a-4c1e-9a47-3f0c9b2d7e11',
    tickets: [{ ticketTypeId: '0c7a6d1e-2b3f-4a5c-8d9e-1f2a3b4c5d6e', quantity: '1' }],
    company: { name: 'Rhums', country: 'mq', contactName: 'Léa', contactEmail: 'LEA@Rhums.example', exportInterests: 'US, Canada' },
    attendees: [{ ticketTypeId: '0c7a6d1e-2b3f-4a5c-8d9e-1f2a3b4c5d6e', firstName: 'Léa', lastName: 'M', email: 'lea@rhums.example' }],
    privacyAccepted: 'on',
  }
  it('normalises what people type', () => {
    const parsed = registerInputSchema.parse(base)
    expect(parsed.company).toMatchObject({ country: 'MQ', contactEmail: 'lea@rhums.example', exportInterests: ['US', 'Canada'] })
    expect(parsed.tickets[0].quantity).toBe(1)
    expect(parsed.privacyAccepted).toBe(true)
  })
  it('refuses a negative quantity, a missing privacy consent and a count mismatch with message keys', () => {
    const messages = (input: unknown) => registerInputSchema.safeParse(input).error?.issues.map((i) => i.message) ?? []
    expect(messages({ ...base, tickets: [{ ...base.tickets[0], quantity: -1 }] })).toContain('quantity')
    expect(messages({ ...base, privacyAccepted: undefined })).toContain('privacy')
    expect(messages({ ...base, tickets: [{ ...base.tickets[0], quantity: 2 }] })).toContain('attendeeMismatch')
  })
})
