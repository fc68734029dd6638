/**
 * Error pages as a visitor gets them: the whole React Router app (loaded through Vite, as `npm run dev`
 * does) behind React Router's request handler in production mode, real requests, real database.
 */
import { createRequestHandler, type ServerBuild } from 'react-router'
import { createServer, type ViteDevServer } from 'vite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDatabase, getDatabaseHandle, setDatabase } from '#db/client'
import { createSession } from '~/modules/auth/session.server'
import { createTestUser } from '../auth/helpers'

let vite: ViteDevServer
let handle: (request: Request) => Promise<Response>

beforeAll(async () => {
  vite = await createServer({ server: { middlewareMode: true, hmr: false, ws: false }, appType: 'custom', logLevel: 'error' })
  const build = (await vite.ssrLoadModule('virtual:react-router/server-build')) as ServerBuild
  const handler = createRequestHandler(build, 'production')
  handle = (request) => handler(request, { requestId: 'test', cspNonce: 'test', failure: { kind: null } })
}, 120_000)

afterAll(async () => {
  await vite?.close()
})

async function get(path: string, headers: Record<string, string> = {}) {
  const response = await handle(new Request(`http://passerelle.test${path}`, { headers }))
  return { status: response.status, html: await response.text() }
}

function expectNoLeak(html: string) {
  expect(html).not.toMatch(/\n\s+at [\w.<>]+ \(/) // a stack frame
  expect(html).not.toMatch(/ECONNREFUSED|node_modules|\.server\.ts/)
}

describe('error pages in the visitor’s language', () => {
  it('404 in English under /en and in French under /fr', async () => {
    const en = await get('/en/does-not-exist')
    expect(en.status).toBe(404)
    expect(en.html).toContain('<html lang="en"')
    expect(en.html).toContain('Page not found')
    expect(en.html).not.toContain('Page introuvable')

    const fr = await get('/fr/nexiste-pas/du-tout')
    expect(fr.status).toBe(404)
    expect(fr.html).toContain('<html lang="fr"')
    expect(fr.html).toContain('Page introuvable')
    expectNoLeak(fr.html)
  })

  it('404 outside /fr and /en follows Accept-Language', async () => {
    const en = await get('/does-not-exist', { 'accept-language': 'en-US,en;q=0.9,fr;q=0.5' })
    expect(en.status).toBe(404)
    expect(en.html).toContain('<html lang="en"')
    expect(en.html).toContain('Page not found')
    const fr = await get('/does-not-exist', { 'accept-language': 'fr-CA,fr;q=0.9' })
    expect(fr.html).toContain('Page introuvable')
  })

  it('403 when a signed-in person without a staff role opens the back office', async () => {
    const person = await createTestUser({ roles: [] })
    const cookie = (await createSession(person.id)).split(';')[0]
    const page = await get('/en/admin', { cookie })
    expect(page.status).toBe(403)
    expect(page.html).toContain('Access denied')
    expect(page.html).toContain('<html lang="en"')
  })

  it('503 when the database is unreachable under a loader: localized "try again", no message, no stack trace', async () => {
    const person = await createTestUser()
    const cookie = (await createSession(person.id)).split(';')[0]
    const working = getDatabaseHandle()
    const down = createDatabase('postgres://postgres@127.0.0.1:1/none', { max: 1 })
    setDatabase(down) // the root loader reads the session from the database: it now throws ECONNREFUSED
    try {
      const fr = await get('/fr', { cookie })
      expect(fr.html).toContain('<html lang="fr"')
      expect(fr.html).toContain('Service momentanément indisponible')
      expect(fr.html).toContain('data-error-status="503"')
      expectNoLeak(fr.html)
      const en = await get('/en/admin', { cookie })
      expect(en.html).toContain('Service temporarily unavailable')
      expectNoLeak(en.html)
    } finally {
      setDatabase(working)
      await down.sql.end({ timeout: 1 })
    }
  })

  it('500 when a loader fails for any other reason: the generic page', async () => {
    const person = await createTestUser()
    const cookie = (await createSession(person.id)).split(';')[0]
    const working = getDatabaseHandle()
    // A database that answers, but not with our schema: a query error, not an outage.
    const wrong = createDatabase(process.env.TEST_DATABASE_URL ?? working.url ?? '', { max: 1 })
    await wrong.sql.unsafe(`set search_path to pg_catalog`)
    setDatabase(wrong)
    try {
      const fr = await get('/fr', { cookie })
      expect(fr.status).toBe(500)
      expect(fr.html).toContain('Une erreur est survenue')
      expectNoLeak(fr.html)
    } finally {
      setDatabase(working)
      // The embedded database is one session for every connection: put its search path back.
      await wrong.sql.unsafe(`reset search_path`)
      await wrong.sql.end({ timeout: 1 })
    }
  })
})
