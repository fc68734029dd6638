/**
 * Password links cost nothing to guess wrong and are counted per address; the session cookie is
 * Secure in production whatever PUBLIC_URL says.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { choosePassword, SET_PASSWORD_LIMIT } from '~/modules/auth/password-tokens.server'
import { hashPassword } from '~/modules/auth/password.server'
import { createSession } from '~/modules/auth/session.server'
import { getEnv, parseEnv, setEnv } from '~/utils/env.server'
import { createTestUser, randomIp } from './helpers'

function median(values: number[]) {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]
}

async function timed(fn: () => Promise<unknown>) {
  const started = performance.now()
  await fn()
  return performance.now() - started
}

describe('set-password links', () => {
  it('a made-up token is refused before any argon2 work', async () => {
    await hashPassword('warm-up the native module')
    const guesses: number[] = []
    const hashes: number[] = []
    for (let i = 0; i < 5; i++) {
      guesses.push(await timed(async () => expect(await choosePassword({ token: `made-up-token-${i}-${'x'.repeat(30)}`, password: 'a long enough phrase', ip: 'local' })).toEqual({ outcome: 'dead' })))
      hashes.push(await timed(() => hashPassword('a long enough phrase')))
    }
    expect(median(guesses)).toBeLessThan(median(hashes) / 2)
  })

  it('refuses the 11th submission from one address within 15 minutes, with a wait', async () => {
    const ip = randomIp()
    for (let i = 0; i < SET_PASSWORD_LIMIT; i++) {
      expect((await choosePassword({ token: `guess-${i}-${'y'.repeat(30)}`, password: 'a long enough phrase', ip })).outcome).toBe('dead')
    }
    const eleventh = await choosePassword({ token: `guess-11-${'y'.repeat(30)}`, password: 'a long enough phrase', ip })
    expect(eleventh).toMatchObject({ outcome: 'rate-limited' })
    expect(eleventh.outcome === 'rate-limited' && eleventh.retryAfterSeconds).toBeGreaterThan(0)
    expect((await choosePassword({ token: `guess-12-${'y'.repeat(30)}`, password: 'a long enough phrase', ip: randomIp() })).outcome).toBe('dead')
  })
})

describe('session cookie', () => {
  const testEnv = getEnv()
  afterEach(() => setEnv(testEnv))

  it('is Secure in production even when PUBLIC_URL was typed with http://', async () => {
    const person = await createTestUser()
    setEnv(parseEnv({ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(32), DATABASE_URL: 'postgres://db/x', PUBLIC_URL: 'http://events.example', SMTP_URL: 'smtp://mail.example:587', MAIL_FROM: 'CCEM <c@events.example>', DATA_ENCRYPTION_KEY: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' }))
    expect(await createSession(person.id)).toMatch(/;\s*Secure/i)
    setEnv(testEnv)
    expect(await createSession(person.id)).not.toMatch(/;\s*Secure/i)
  })
})
