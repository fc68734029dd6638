/**
 * What the forms say did not change with zod 4 (decision 030): catalogue keys where a schema
 * names one, zod 3's English text where it names none, and zod 3's order of checks.
 */
import { describe, expect, it } from 'vitest'
import { profileSchema, sessionSchema, settingsSchema } from '~/modules/b2b/b2b-schemas'
import { partnerContactFormSchema } from '~/modules/partners/partner-schemas'
import { waitlistInputSchema } from '~/modules/registration/registration-schemas'
import { parseForm } from '~/utils/forms.server'

function errorsOf(schema: Parameters<typeof parseForm>[1], fields: Record<string, string>) {
  const form = new FormData()
  for (const [name, value] of Object.entries(fields)) form.append(name, value)
  const parsed = parseForm(form, schema)
  return parsed.ok ? {} : parsed.fieldErrors
}

const id = '3f1c2b8e-3f6a-4c1e-9a47-3f0c9b2d7e11'

describe('form messages', () => {
  it('name the catalogue key of the check that failed: missing, then badly formed', () => {
    const contact = { name: 'Léa', email: 'lea@rhums.example', locale: 'fr' }
    expect(errorsOf(partnerContactFormSchema, contact).partnerId).toEqual(['errors.field.required'])
    expect(errorsOf(partnerContactFormSchema, { ...contact, partnerId: 'not-an-id' }).partnerId).toEqual(['errors.field.invalid'])
  })

  it('take any well-formed id, as PostgreSQL does (an unknown one is a 404 later, not a 400)', () => {
    const contact = { name: 'Léa', email: 'lea@rhums.example', locale: 'fr' }
    expect(errorsOf(partnerContactFormSchema, { ...contact, partnerId: '12345678-1234-1234-1234-123456789012' })).toEqual({})
  })

  it('keep checking the range after a fraction', () => {
    const entry = { eventId: id, ticketTypeId: id, name: 'Léa', email: 'lea@rhums.example' }
    expect(errorsOf(waitlistInputSchema, { ...entry, quantity: '12.5' }).quantity).toEqual(['number', 'quantity'])
    expect(errorsOf(waitlistInputSchema, { ...entry, quantity: 'two' }).quantity).toEqual(['number'])
  })

  it('keep zod 3 wording where a schema names no key (B2B forms)', () => {
    expect(errorsOf(settingsSchema, { requestExpiryHours: 'abc', maxOpenRequests: '2', slotMinutes: '2' })).toEqual({
      requestExpiryHours: ['Expected number, received nan'],
      slotMinutes: ['Number must be greater than or equal to 5'],
    })
    expect(errorsOf(sessionSchema, { day: '2026-03-02', startTime: '09:00', endTime: '12:00', slotMinutes: '20', tableCount: '4', breaks: '10:00, 11:00-11:15' })).toEqual({
      'breaks[0]': ['Invalid'],
    })
    const profile = errorsOf(profileSchema, { listingConsent: 'on', logoUrl: 'not a url', sector: 'x'.repeat(61) })
    expect(profile).toEqual({ role: ['Required'], logoUrl: ['Invalid url'], sector: ['String must contain at most 60 character(s)'] })
  })
})
