import { describe, expect, it } from 'vitest'
import { SignInSchema } from '~/modules/auth/auth-schemas'
import { safeNextPath } from '~/modules/auth/sign-in.server'

describe('safeNextPath', () => {
  it('keeps a local back-office path in either language', () => {
    expect(safeNextPath('/fr/admin', 'fr')).toBe('/fr/admin')
    expect(safeNextPath('/en/admin/events/42?tab=attendees#list', 'fr')).toBe('/en/admin/events/42?tab=attendees#list')
  })

  it.each([
    ['//evil.com'],
    ['https://evil.com'],
    ['https://evil.com/fr/admin'],
    ['/\\evil.com'],
    ['/fr/admin//evil.com'],
    ['/fr/admin\\..\\evil'],
    ['/fr/admin\n.evil.com'],
    ['/fr/administration'],
    ['/de/admin'],
    ['/fr/events'],
    ['javascript:alert(1)'],
    [''],
  ])('refuses %j and falls back to the reader’s back office', (next) => {
    expect(safeNextPath(next, 'en')).toBe('/en/admin')
  })
})

describe('SignInSchema', () => {
  it('trims the email and requires both fields', () => {
    expect(SignInSchema.parse({ email: '  a@b.example ', password: 'x' })).toMatchObject({ email: 'a@b.example' })
    const result = SignInSchema.safeParse({ email: '', password: '' })
    expect(result.success).toBe(false)
    expect(result.error?.flatten().fieldErrors).toEqual({ email: expect.arrayContaining(['errors.field.required']), password: ['errors.field.required'] })
  })

  it('names catalogue keys, never raw text, for a malformed email', () => {
    const result = SignInSchema.safeParse({ email: 'not-an-email', password: 'x' })
    expect(result.error?.flatten().fieldErrors.email).toEqual(['errors.field.email'])
  })
})
