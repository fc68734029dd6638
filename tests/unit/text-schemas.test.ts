import { describe, expect, it } from 'vitest'
import { partnerContactFormSchema, partnerFormSchema } from '~/modules/partners/partner-schemas'
import { organiserMessageFormSchema } from '~/modules/registration/bulk-actions-schemas'
import { isHttpUrl } from '~/utils/text'
import { translate } from '~/locales'

function issues(result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) {
  return Object.fromEntries((result.error?.issues ?? []).map((i) => [i.path.join('.'), i.message]))
}

describe('shared text schemas', () => {
  it('store only http(s) links: javascript:, data: and the rest are refused', () => {
    for (const bad of ['javascript:alert(1)', 'JAVASCRIPT:alert(1)', 'data:text/html,<script>alert(1)</script>', 'vbscript:x', '//evil.example', 'ftp://files.example', 'https://']) {
      expect(isHttpUrl(bad)).toBe(false)
      expect(issues(partnerFormSchema.safeParse({ name: 'P', slug: 'p', kind: 'funder', website: bad })).website).toBe('errors.field.httpUrl')
    }
    expect(partnerFormSchema.safeParse({ name: 'P', slug: 'p', kind: 'funder', website: 'https://partner.example/about' }).success).toBe(true)
  })

  it('refuse NUL and C0 controls everywhere, line breaks in one-line fields, with a message in both languages', () => {
    expect(issues(partnerContactFormSchema.safeParse({ partnerId: '00000000-0000-4000-8000-000000000000', name: 'A\u0000B', email: 'a@b.example', locale: 'fr' })).name).toBe('errors.field.controlCharacters')
    expect(issues(partnerContactFormSchema.safeParse({ partnerId: '00000000-0000-4000-8000-000000000000', name: 'A\r\nB', email: 'a@b.example', locale: 'fr' })).name).toBe('errors.field.lineBreak')
    const message = { subjectFr: 'Objet', subjectEn: 'Subject', bodyFr: 'Bonjour,\r\n\r\nÀ bientôt', bodyEn: 'Hello,\n\nSee you' }
    expect(organiserMessageFormSchema.safeParse(message).success).toBe(true)
    expect(issues(organiserMessageFormSchema.safeParse({ ...message, bodyEn: 'Hello\u001b[31m' })).bodyEn).toBe('errors.field.controlCharacters')
    expect(issues(organiserMessageFormSchema.safeParse({ ...message, subjectFr: 'Objet\nBcc: x' })).subjectFr).toBe('errors.field.lineBreak')
    expect(translate('fr', 'errors.field.controlCharacters')).toMatch(/caractères invisibles/)
    expect(translate('en', 'errors.field.controlCharacters')).toMatch(/invisible characters/)
  })
})
