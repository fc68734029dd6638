/**
 * The request guards as an attacker meets them: the real HTTP server (Express, guards, Vite,
 * Remix), real requests with the headers a browser sends, real database.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { getDb } from '#db/client'
import { users } from '#db/schema/index'
import { createSession } from '~/modules/auth/session.server'
import { createTestUser } from '../auth/helpers'
import { FORM, form, OWN, send, startHttpApp } from './http-client'

let server: Awaited<ReturnType<typeof startHttpApp>>
const EVIL = 'https://evil.example'

beforeAll(async () => {
  server = await startHttpApp({ TRUST_PROXY: '1' })
}, 120_000)
afterAll(async () => {
  await server?.close()
})

async function staffCookie() {
  const admin = await createTestUser({ roles: ['admin'] })
  return (await createSession(admin.id)).split(';')[0]
}

function invitation(email: string) {
  return form({ intent: 'invite', name: 'Mallory Admin', email, locale: 'fr', roles: 'admin' })
}

async function userExists(email: string) {
  return (await getDb().select({ id: users.id }).from(users).where(eq(users.email, email))).length > 0
}

describe('cross-origin requests are refused before the framework', () => {
  it('a POST from another site with an organiser’s cookie creates nothing (403, readable in both languages)', async () => {
    const cookie = await staffCookie()
    const email = `mallory-${Date.now()}@evil.example`
    const refused = await send(server.port, 'POST', '/fr/admin/users', { headers: { ...FORM, cookie, origin: EVIL }, body: invitation(email) })
    expect(refused.status).toBe(403)
    expect(refused.headers['content-type']).toMatch(/text\/html/)
    expect(refused.body).toContain('Demande refusée')
    expect(refused.body).toContain('Request refused')
    expect(await userExists(email)).toBe(false)

    // Sec-Fetch-Site alone (no Origin) says the same.
    const bySite = await send(server.port, 'POST', '/fr/admin/users', { headers: { ...FORM, cookie, 'sec-fetch-site': 'cross-site' }, body: invitation(email) })
    expect(bySite.status).toBe(403)
    expect(await userExists(email)).toBe(false)

    // The same form from our own page works: the guard is what stopped the others.
    const own = await send(server.port, 'POST', '/fr/admin/users', { headers: { ...FORM, cookie, ...OWN, 'sec-fetch-site': 'same-origin' }, body: invitation(email) })
    expect(own.status).toBeLessThan(400)
    expect(await userExists(email)).toBe(true)
  })

  it('?_data= is refused outright, even from our own origin', async () => {
    const cookie = await staffCookie()
    const email = `legacy-${Date.now()}@evil.example`
    const refused = await send(server.port, 'POST', '/fr/admin/users?_data=routes%2F%24lang.admin.users', {
      headers: { ...FORM, cookie, ...OWN },
      body: invitation(email),
    })
    expect(refused.status).toBe(403)
    expect(await userExists(email)).toBe(false)
    expect((await send(server.port, 'GET', '/fr?_data=root')).status).toBe(403)
  })

  it('a resource route (sign-out) cannot be posted from another site; from ours it signs out', async () => {
    const cookie = await staffCookie()
    const forged = await send(server.port, 'POST', '/fr/sign-out', { headers: { ...FORM, cookie, origin: EVIL }, body: '' })
    expect(forged.status).toBe(403)
    expect((await send(server.port, 'GET', '/fr/admin', { headers: { cookie } })).status).toBe(200)
    const nullOrigin = await send(server.port, 'POST', '/fr/sign-out', { headers: { ...FORM, cookie, origin: 'null' }, body: '' })
    expect(nullOrigin.status).toBe(403)

    const own = await send(server.port, 'POST', '/fr/sign-out', { headers: { ...FORM, cookie, ...OWN }, body: '' })
    expect(own.status).toBe(302)
    expect((await send(server.port, 'GET', '/fr/admin', { headers: { cookie } })).status).toBe(302)
  })

  it('Stripe’s webhook (signed, no browser Origin) is not subject to the Origin check', async () => {
    const webhook = await send(server.port, 'POST', '/webhooks/stripe', { headers: { 'content-type': 'application/json', origin: EVIL }, body: '{}' })
    expect(webhook.status).not.toBe(403)
    expect(webhook.status).toBeLessThan(500)
  })
})

describe('request bodies are capped before anything reads them', () => {
  it('a declared 10 MB body is refused with 413 and a readable page', async () => {
    const refused = await send(server.port, 'POST', '/en/sign-in', { headers: { ...FORM, ...OWN }, body: Buffer.alloc(10 * 1024 * 1024, 'a') })
    expect(refused.status).toBe(413)
    expect(refused.body).toContain('Upload too large')
    expect(refused.body).toContain('64 KB')
  })

  it('a chunked body (no Content-Length) is counted as it arrives: over the cap 413, under it the form still works', async () => {
    const chunk = Buffer.alloc(16 * 1024, 'a')
    const over = await send(server.port, 'POST', '/fr/password/not-a-real-token', {
      headers: { ...FORM, ...OWN },
      chunks: [Buffer.from('password='), ...Array.from({ length: 8 }, () => chunk)],
    })
    expect(over.status).toBe(413)

    const webhook = await send(server.port, 'POST', '/webhooks/stripe', { headers: { 'content-type': 'application/json' }, chunks: Array.from({ length: 20 }, () => chunk) })
    expect(webhook.status).toBe(413)

    // Under the cap, in pieces: the framework reads the very bytes that were held.
    const body = form({ email: 'nobody@example.com', password: 'wrong-password' })
    const under = await send(server.port, 'POST', '/en/sign-in', {
      headers: { ...FORM, ...OWN },
      chunks: [Buffer.from(body.slice(0, 10)), Buffer.from(body.slice(10))],
    })
    expect(under.status).toBe(401)
    expect(under.body).toContain('nobody@example.com')
  })

  it('the import takes more than an ordinary form (4 MB), not more', async () => {
    const cookie = await staffCookie()
    const big = Buffer.alloc(2 * 1024 * 1024, 'a')
    const importing = await send(server.port, 'POST', '/fr/admin/import', { headers: { ...FORM, cookie, ...OWN }, body: Buffer.concat([Buffer.from('intent=preview&x='), big]) })
    expect(importing.status).not.toBe(413)
    const ordinary = await send(server.port, 'POST', '/fr/admin/users', { headers: { ...FORM, cookie, ...OWN }, body: big })
    expect(ordinary.status).toBe(413)
    const tooBig = await send(server.port, 'POST', '/fr/admin/import', { headers: { ...FORM, cookie, ...OWN }, body: Buffer.alloc(5 * 1024 * 1024, 'a') })
    expect(tooBig.status).toBe(413)
    expect(tooBig.body).toContain('Envoi trop volumineux')
    expect(tooBig.body).toContain('4 MB')
  })

  it('a scanned attendance sheet may be up to 10 MB (the signatures page), not more', async () => {
    const cookie = await staffCookie()
    const path = `/fr/admin/events/${crypto.randomUUID()}/signatures`
    const scan = await send(server.port, 'POST', path, { headers: { ...FORM, cookie, ...OWN }, body: Buffer.concat([Buffer.from('intent=scan&x='), Buffer.alloc(3 * 1024 * 1024, 'a')]) })
    expect(scan.status).not.toBe(413)
    const tooBig = await send(server.port, 'POST', path, { headers: { ...FORM, cookie, ...OWN }, body: Buffer.alloc(11 * 1024 * 1024, 'a') })
    expect(tooBig.status).toBe(413)
  })
})

describe('client addresses behind a proxy (TRUST_PROXY=1)', () => {
  it('a forged left-most X-Forwarded-For entry does not dodge the per-address limit', async () => {
    const proxySaw = `203.0.113.${Math.floor(Math.random() * 250) + 1}`
    const statuses: number[] = []
    let retryAfter: string | string[] | undefined
    for (let i = 0; i < 6; i++) {
      const answer = await send(server.port, 'POST', '/en/password-reset', {
        headers: { ...FORM, ...OWN, 'x-forwarded-for': `198.51.100.${i + 1}, ${proxySaw}` },
        body: form({ email: `someone-${i}-${Date.now()}@example.com` }),
      })
      statuses.push(answer.status)
      retryAfter = answer.headers['retry-after']
    }
    expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200])
    expect(statuses[5]).toBe(429)
    // A document request keeps the action's Retry-After (the route's `headers` export).
    expect(Number(retryAfter)).toBeGreaterThan(0)
  })
})

describe('private pages, readiness, development files', () => {
  it('back-office and management pages are never stored by a cache', async () => {
    const cookie = await staffCookie()
    const admin = await send(server.port, 'GET', '/fr/admin', { headers: { cookie } })
    expect(admin.status).toBe(200)
    expect(admin.headers['cache-control']).toBe('private, no-store')
    const manage = await send(server.port, 'GET', '/fr/manage/no-such-token')
    expect(manage.headers['cache-control']).toBe('private, no-store')
    const publicPage = await send(server.port, 'GET', '/fr/events')
    expect(publicPage.headers['cache-control'] ?? '').not.toContain('no-store')
  })

  it('Vite does not serve the embedded database directory', async () => {
    const dir = path.resolve('.data/guard-test')
    mkdirSync(dir, { recursive: true })
    writeFileSync(path.join(dir, 'secret.txt'), 'database-bytes-secret')
    try {
      for (const url of ['/.data/guard-test/secret.txt', `/@fs${dir}/secret.txt`]) {
        const answer = await send(server.port, 'GET', url)
        expect(answer.body).not.toContain('database-bytes-secret')
      }
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('/readyz answers 503 once draining has started', async () => {
    expect((await send(server.port, 'GET', '/readyz')).status).toBe(200)
    server.startDraining()
    const draining = await send(server.port, 'GET', '/readyz')
    expect(draining.status).toBe(503)
    expect(JSON.parse(draining.body)).toMatchObject({ ready: false, draining: true })
  })
})
