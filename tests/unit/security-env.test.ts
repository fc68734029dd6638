import { describe, expect, it } from 'vitest'
import { isSameOriginRequest } from '~/server/guards'
import { parseEnv } from '~/utils/env.server'

const prod = { NODE_ENV: 'production' as const, SESSION_SECRET: 'x'.repeat(32), DATABASE_URL: 'postgres://db/x', PUBLIC_URL: 'https://p.example', SMTP_URL: 'smtp://mail.example:587', MAIL_FROM: 'CCEM <contact@p.example>', DATA_ENCRYPTION_KEY: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' }

describe('configuration that would open a hole is refused', () => {
  it('production refuses STRIPE_SECRET_KEY without STRIPE_WEBHOOK_SECRET', () => {
    expect(() => parseEnv({ ...prod, STRIPE_SECRET_KEY: 'sk_live_abc' })).toThrow(/STRIPE_WEBHOOK_SECRET: is required in production/)
    expect(parseEnv({ ...prod, STRIPE_SECRET_KEY: 'sk_live_abc', STRIPE_WEBHOOK_SECRET: 'whsec_x' }).STRIPE_WEBHOOK_SECRET).toBe('whsec_x')
    expect(parseEnv({ NODE_ENV: 'development', STRIPE_SECRET_KEY: 'sk_test_abc' }).STRIPE_WEBHOOK_SECRET).toBeUndefined()
  })

  it('production refuses SEED_DEMO=true (the README publishes the demo password)', () => {
    expect(() => parseEnv({ ...prod, SEED_DEMO: 'true' })).toThrow(/SEED_DEMO: cannot be true in production/)
    expect(parseEnv({ ...prod }).SEED_DEMO).toBe(false)
    expect(parseEnv({ NODE_ENV: 'development', SEED_DEMO: 'true' }).SEED_DEMO).toBe(true)
  })

  it('a development server listens on 127.0.0.1 unless HOST says otherwise; production on every interface', () => {
    expect(parseEnv({ NODE_ENV: 'development' }).HOST).toBe('127.0.0.1')
    expect(parseEnv({ NODE_ENV: 'development', HOST: '0.0.0.0' }).HOST).toBe('0.0.0.0')
    expect(parseEnv({ ...prod }).HOST).toBe('0.0.0.0')
  })
})

describe('TRUST_PROXY', () => {
  it('takes a hop count or proxy addresses, never Express’s `true`', () => {
    expect(parseEnv({ NODE_ENV: 'development' }).TRUST_PROXY).toBe(false)
    expect(parseEnv({ NODE_ENV: 'development', TRUST_PROXY: 'false' }).TRUST_PROXY).toBe(false)
    expect(parseEnv({ NODE_ENV: 'development', TRUST_PROXY: '2' }).TRUST_PROXY).toBe(2)
    expect(parseEnv({ NODE_ENV: 'development', TRUST_PROXY: '10.0.0.0/8, 192.168.1.7,loopback, ::1' }).TRUST_PROXY).toEqual(['10.0.0.0/8', '192.168.1.7', 'loopback', '::1'])
    const legacy = parseEnv({ NODE_ENV: 'development', TRUST_PROXY: 'true' })
    expect(legacy.TRUST_PROXY).toBe(1)
    expect(legacy.configWarnings.join('\n')).toMatch(/TRUST_PROXY=true is read as TRUST_PROXY=1/)
    expect(() => parseEnv({ NODE_ENV: 'development', TRUST_PROXY: 'proxy.example' })).toThrow(/TRUST_PROXY:.*proxy\.example/)
    expect(() => parseEnv({ NODE_ENV: 'development', TRUST_PROXY: '10.0.0.0/33' })).toThrow(/TRUST_PROXY/)
  })
})

describe('isSameOriginRequest', () => {
  const allowed = ['https://p.example']
  it('trusts Origin first, then Sec-Fetch-Site, and lets non-browser clients (neither header) through', () => {
    expect(isSameOriginRequest({ origin: 'https://p.example' }, allowed)).toBe(true)
    expect(isSameOriginRequest({ origin: 'HTTPS://P.EXAMPLE' }, allowed)).toBe(true)
    expect(isSameOriginRequest({ origin: 'https://p.example.evil.example' }, allowed)).toBe(false)
    expect(isSameOriginRequest({ origin: 'http://p.example' }, allowed)).toBe(false)
    expect(isSameOriginRequest({ origin: 'null' }, allowed)).toBe(false)
    expect(isSameOriginRequest({ origin: 'https://p.example', 'sec-fetch-site': 'cross-site' }, allowed)).toBe(true)
    expect(isSameOriginRequest({ 'sec-fetch-site': 'same-origin' }, allowed)).toBe(true)
    expect(isSameOriginRequest({ 'sec-fetch-site': 'same-site' }, allowed)).toBe(false)
    expect(isSameOriginRequest({ 'sec-fetch-site': 'cross-site' }, allowed)).toBe(false)
    expect(isSameOriginRequest({}, allowed)).toBe(true)
  })
})
