import { describe, expect, it } from 'vitest'
import { ConfigError, parseEnv } from '~/utils/env.server'

const production: NodeJS.ProcessEnv = {
  NODE_ENV: 'production',
  SESSION_SECRET: 'x'.repeat(40),
  DATABASE_URL: 'postgres://localhost/db',
  PUBLIC_URL: 'https://passerelle.example',
  DATA_ENCRYPTION_KEY: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
}

describe('mail settings', () => {
  it('production refuses to start without SMTP_URL and MAIL_FROM, naming them', () => {
    expect(() => parseEnv(production)).toThrow(ConfigError)
    try {
      parseEnv(production)
    } catch (error) {
      expect((error as Error).message).toContain('SMTP_URL: is required in production')
      expect((error as Error).message).toContain('MAIL_FROM: is required in production')
    }
    const env = parseEnv({ ...production, SMTP_URL: 'smtp://mail.example:587', MAIL_FROM: 'CCEM <evenements@ccem.example>', MAIL_ORGANIZER: 'organisatrice@ccem.example' })
    expect(env.SMTP_URL).toBe('smtp://mail.example:587')
    expect(env.MAIL_ORGANIZER).toBe('organisatrice@ccem.example')
  })

  it('development runs without SMTP (the dev mailbox)', () => {
    expect(parseEnv({ NODE_ENV: 'development' }).SMTP_URL).toBeUndefined()
  })
})
