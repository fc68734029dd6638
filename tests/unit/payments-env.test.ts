import { describe, expect, it } from 'vitest'
import { parseEnv, testCheckoutEnabled } from '~/utils/env.server'

const prod = { NODE_ENV: 'production' as const, SESSION_SECRET: 'x'.repeat(32), DATABASE_URL: 'postgres://db/x', PUBLIC_URL: 'https://p.example', SMTP_URL: 'smtp://mail.example:587', MAIL_FROM: 'CCEM <contact@p.example>', DATA_ENCRYPTION_KEY: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' }

describe('Stripe settings', () => {
  it('refuses a live key outside production', () => {
    expect(() => parseEnv({ NODE_ENV: 'development', STRIPE_SECRET_KEY: 'sk_live_abc' })).toThrow(/STRIPE_SECRET_KEY.*live key/)
    expect(() => parseEnv({ NODE_ENV: 'test', STRIPE_SECRET_KEY: 'rk_live_abc' })).toThrow(/live key/)
    expect(parseEnv({ ...prod, STRIPE_SECRET_KEY: 'sk_live_abc', STRIPE_WEBHOOK_SECRET: 'whsec_abc' }).STRIPE_SECRET_KEY).toBe('sk_live_abc')
    expect(parseEnv({ NODE_ENV: 'development', STRIPE_SECRET_KEY: 'sk_test_abc' }).STRIPE_SECRET_KEY).toBe('sk_test_abc')
    expect(() => parseEnv({ NODE_ENV: 'development', STRIPE_SECRET_KEY: 'pk_test_abc' })).toThrow(/STRIPE_SECRET_KEY/)
  })
  it('offers the test checkout only without keys and never in production', () => {
    expect(testCheckoutEnabled(parseEnv({ NODE_ENV: 'development', STRIPE_SECRET_KEY: '' }))).toBe(true)
    expect(testCheckoutEnabled(parseEnv({ NODE_ENV: 'development', STRIPE_SECRET_KEY: 'sk_test_x' }))).toBe(false)
    expect(testCheckoutEnabled(parseEnv({ ...prod }))).toBe(false)
  })
})
