import crypto from 'node:crypto'
import type { AddressInfo } from 'node:net'
import type { Server } from 'node:http'
import compression from 'compression'
import express from 'express'
import { afterEach, describe, expect, it } from 'vitest'
import { createPageCache, type PageCacheOptions } from '~/server/page-cache'

/** A real Express server with the cache and compression in the app's order; the "page" counts its renders. */
async function serve(options: Omit<PageCacheOptions, 'now'>, clock: { t: number }) {
  const renders = { count: 0 }
  const app = express()
  app.use((_req, res, next) => {
    res.locals.nonce = crypto.randomBytes(8).toString('hex')
    res.setHeader('Content-Security-Policy', `script-src 'nonce-${res.locals.nonce}'`)
    res.setHeader('X-Request-Id', crypto.randomUUID())
    next()
  })
  app.use(createPageCache({ ...options, now: () => clock.t }))
  app.use(compression({ threshold: 0 }))
  app.get('/:lang/events/:slug', async (req, res) => {
    renders.count++
    await new Promise((r) => setTimeout(r, 20))
    if (req.params.slug === 'missing') return res.status(404).type('html').send('<h1>Not found</h1>')
    if (req.params.slug === 'cookie') res.setHeader('Set-Cookie', 'x=1')
    res.type('html').send(`<html><script nonce="${res.locals.nonce}"></script>render ${renders.count} ${'x'.repeat(2000)}</html>`)
  })
  app.post('/:lang/events/:slug', (_req, res) => {
    renders.count++
    res.type('html').send('posted')
  })
  app.get('/:lang/admin', (_req, res) => {
    renders.count++
    res.type('html').send('admin')
  })
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s))
  })
  servers.push(server)
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return { base, renders }
}

const servers: Server[] = []
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))))
})

const gzip = { 'accept-encoding': 'gzip' }

describe('public page micro-cache', () => {
  it('replays a page with the headers it was sent with (CSP nonce matches the HTML), per encoding, until it expires', async () => {
    const clock = { t: 1_000_000 }
    const { base, renders } = await serve({ ttlSeconds: 5 }, clock)
    const first = await fetch(`${base}/fr/events/gala`, { headers: gzip })
    const firstBody = await first.text()
    expect(first.headers.get('x-page-cache')).toBe('miss')
    expect(first.headers.get('content-encoding')).toBe('gzip')
    clock.t += 4000
    const second = await fetch(`${base}/fr/events/gala`, { headers: gzip })
    const secondBody = await second.text()
    expect(second.headers.get('x-page-cache')).toBe('hit')
    expect(second.headers.get('age')).toBe('4')
    expect(second.headers.get('content-encoding')).toBe('gzip')
    expect(secondBody).toBe(firstBody)
    const nonce = /nonce="([a-f0-9]+)"/.exec(secondBody)?.[1]
    expect(second.headers.get('content-security-policy')).toBe(`script-src 'nonce-${nonce}'`)
    expect(second.headers.get('x-request-id')).not.toBe(first.headers.get('x-request-id'))
    expect(renders.count).toBe(1)

    // Another encoding is its own entry.
    const plain = await fetch(`${base}/fr/events/gala`, { headers: { 'accept-encoding': 'identity' } })
    expect(plain.headers.get('content-encoding')).toBeNull()
    expect(await plain.text()).toContain('render 2')
    expect(renders.count).toBe(2)

    // Expired: the next visitor gets a fresh render.
    clock.t += 2000
    const third = await fetch(`${base}/fr/events/gala`, { headers: gzip })
    expect(third.headers.get('x-page-cache')).toBe('miss')
    expect(await third.text()).toContain('render 3')
  })

  it('after expiry, one request re-renders while the others keep the previous copy (no stampede)', async () => {
    const clock = { t: 0 }
    const { base, renders } = await serve({ ttlSeconds: 5, staleSeconds: 30 }, clock)
    await (await fetch(`${base}/en/events/gala`, { headers: gzip })).text()
    clock.t += 6000
    const bodies = await Promise.all(Array.from({ length: 20 }, () => fetch(`${base}/en/events/gala`, { headers: gzip }).then((r) => r.text())))
    // One re-render for the 20 visitors; those who came while it ran got the previous copy.
    expect(renders.count).toBe(2)
    expect(bodies.filter((b) => b.includes('render 1')).length).toBeGreaterThan(0)
    expect(bodies.every((b) => b.includes('render 1') || b.includes('render 2'))).toBe(true)
    const after = await fetch(`${base}/en/events/gala`, { headers: gzip })
    expect(await after.text()).toContain('render 2')
    expect(after.headers.get('x-page-cache')).toBe('hit')
  })

  it('never caches for visitors with our cookies, other methods, other paths, errors or responses setting a cookie', async () => {
    const clock = { t: 0 }
    const { base, renders } = await serve({ ttlSeconds: 60 }, clock)
    const twice = async (path: string, init: RequestInit = {}) => {
      await (await fetch(base + path, init)).text()
      await (await fetch(base + path, init)).text()
    }
    await twice('/fr/events/gala', { headers: { cookie: 'theme=dark; passerelle_session=abc' } })
    expect(renders.count).toBe(2)
    await twice('/fr/events/gala', { method: 'POST' })
    expect(renders.count).toBe(4)
    await twice('/fr/admin')
    expect(renders.count).toBe(6)
    await twice('/fr/events/missing')
    expect(renders.count).toBe(8)
    await twice('/fr/events/cookie')
    expect(renders.count).toBe(10)
    // A cookie that is not ours does not make the page personal.
    await twice('/fr/events/gala', { headers: { cookie: 'theme=dark' } })
    expect(renders.count).toBe(11)
  })

  it('is off with a TTL of 0 and keeps within its entry limit', async () => {
    const clock = { t: 0 }
    const off = await serve({ ttlSeconds: 0 }, clock)
    await (await fetch(`${off.base}/fr/events/a`)).text()
    await (await fetch(`${off.base}/fr/events/a`)).text()
    expect(off.renders.count).toBe(2)
    const small = await serve({ ttlSeconds: 60, maxEntries: 2 }, clock)
    for (const slug of ['a', 'b', 'c', 'a']) await (await fetch(`${small.base}/fr/events/${slug}`)).text()
    expect(small.renders.count).toBe(4) // 'a' was pushed out by 'c'
  })
})
