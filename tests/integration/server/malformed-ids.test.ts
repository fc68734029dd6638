/**
 * A malformed id in a back-office URL is a page that does not exist (404), never a database
 * error (500): the whole app behind the framework's request handler, real database.
 */
import { createRequestHandler, type ServerBuild } from 'react-router'
import { createServer, type ViteDevServer } from 'vite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSession } from '~/modules/auth/session.server'
import { createTestUser } from '../auth/helpers'

let vite: ViteDevServer
let handle: (request: Request) => Promise<Response>

beforeAll(async () => {
  vite = await createServer({ server: { middlewareMode: true, hmr: false, ws: false }, appType: 'custom', logLevel: 'error' })
  const build = (await vite.ssrLoadModule('virtual:react-router/server-build')) as ServerBuild
  const handler = createRequestHandler(build, 'production')
  handle = (request) => handler(request, { requestId: 'test', cspNonce: 'test' })
}, 120_000)

afterAll(async () => {
  await vite?.close()
})

const MALFORMED = ['not-a-uuid', '------------------------------------', '00000000-0000-0000-0000-00000000000g']
const PAGES = ['', '/tickets', '/programme', '/waitlist', '/cancel', '/attendees', '/checkin', '/badges', '/messages']

describe('malformed ids in back-office URLs', () => {
  it('answer 404 on every event page, read or posted, and on registration and message pages', async () => {
    const admin = await createTestUser({ roles: ['admin'] })
    const cookie = (await createSession(admin.id)).split(';')[0]
    const statuses: Record<string, number> = {}
    for (const id of MALFORMED) {
      for (const page of PAGES) {
        const path = `/fr/admin/events/${id}${page}`
        statuses[`GET ${path}`] = (await handle(new Request(`http://passerelle.test${path}`, { headers: { cookie } }))).status
      }
      for (const page of ['', '/tickets', '/programme', '/waitlist', '/cancel']) {
        const path = `/fr/admin/events/${id}${page}`
        const body = new URLSearchParams({ intent: 'save' })
        statuses[`POST ${path}`] = (await handle(new Request(`http://passerelle.test${path}`, { method: 'POST', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, body }))).status
      }
      for (const path of [`/fr/admin/registrations/${id}`, `/fr/admin/events/${id}/messages/${id}`]) {
        statuses[`GET ${path}`] = (await handle(new Request(`http://passerelle.test${path}`, { headers: { cookie } }))).status
      }
    }
    const wrong = Object.entries(statuses).filter(([, status]) => status >= 500)
    expect(wrong).toEqual([])
    const getStatuses = Object.entries(statuses).filter(([key]) => key.startsWith('GET'))
    expect(getStatuses.filter(([, status]) => status !== 404)).toEqual([])
  })
})
