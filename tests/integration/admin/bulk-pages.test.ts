/**
 * The bulk-action pages as a browser without JavaScript gets them: the whole React Router app (through
 * Vite, as in the error-pages test) behind React Router's request handler, plain form POSTs.
 */
import { createRequestHandler, type ServerBuild } from 'react-router'
import { createServer, type ViteDevServer } from 'vite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAdminWorld } from './fixtures'

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

async function page(path: string, cookie: string, form?: Record<string, string | string[]>) {
  const headers = new Headers({ cookie })
  let body: URLSearchParams | undefined
  if (form) {
    body = new URLSearchParams()
    for (const [k, v] of Object.entries(form)) for (const item of ([] as string[]).concat(v)) body.append(k, item)
    headers.set('content-type', 'application/x-www-form-urlencoded')
  }
  const response = await handle(new Request(`http://passerelle.test${path}`, { method: form ? 'POST' : 'GET', headers, body, redirect: 'manual' }))
  return { status: response.status, html: await response.text(), location: response.headers.get('location') }
}

/** The `<name …>` tags that carry every one of `attributes`, in whatever order React writes them. */
function tags(html: string, name: string, attributes: string[]) {
  return (html.match(new RegExp(`<${name}\\b[^>]*>`, 'g')) ?? []).filter((tag) => attributes.every((a) => tag.includes(` ${a}`)))
}

describe('bulk actions without JavaScript', () => {
  it('lists rows with labelled checkboxes for organisers only, previews a message in a sandboxed frame, and shows its progress', async () => {
    const world = await createAdminWorld()
    const path = `/fr/admin/events/${world.event.id}/attendees`
    const list = await page(path, world.people.organiser.cookie)
    expect(list.status).toBe(200)
    expect(tags(list.html, 'input', ['type="checkbox"', 'name="attendeeId"', `value="${world.consenting.attendee.id}"`])).toHaveLength(1)
    expect(list.html).toContain('Sélectionner Line Consent')
    expect(tags(list.html, 'form', ['method="post"']).length).toBeGreaterThan(0)
    expect(list.html).toContain('value="message"')

    const viewer = await page(path, world.people.partner_viewer.cookie)
    expect(viewer.status).toBe(200)
    expect(viewer.html).not.toContain('name="attendeeId"')

    const token = /name="token" value="([0-9a-f-]{36})"/.exec(list.html)?.[1]
    expect(token).toBeDefined()
    const message = { subjectFr: 'Objet <b>fr</b>', bodyFr: 'Texte français', subjectEn: 'English subject', bodyEn: 'English text' }
    const preview = await page(path, world.people.organiser.cookie, { intent: 'message-preview', scope: 'selected', attendeeId: [world.consenting.attendee.id], token: token!, ...message })
    expect(preview.status).toBe(200)
    expect(preview.html).toMatch(/<iframe[^>]*sandbox=""/)
    expect(preview.html).toContain('Aperçu du mail en Anglais')
    expect(preview.html).not.toContain('<b>fr</b>') // the subject is escaped wherever it appears

    const empty = await page(path, world.people.organiser.cookie, { intent: 'message-preview', scope: 'selected', attendeeId: [world.consenting.attendee.id], token: token!, ...message, bodyFr: '' })
    expect(empty.status).toBe(400)
    expect(empty.html).toContain('Ce champ est obligatoire.')
    expect(empty.html).toContain('English text') // what was typed is kept

    const sent = await page(path, world.people.organiser.cookie, { intent: 'message-send', scope: 'selected', attendeeId: [world.consenting.attendee.id], token: token!, ...message })
    expect(sent.status).toBe(302)
    const progress = await page(sent.location!, world.people.organiser.cookie)
    expect(progress.status).toBe(200)
    expect(tags(progress.html, 'progress', ['id="message-progress"', 'max="1"', 'value="0"'])).toHaveLength(1)
    expect(progress.html).toContain('<label for="message-progress"')
    // no meta refresh (invalid in the body): the counts are a polite live region, refreshed by the
    // page's script, and a refresh link serves readers without JavaScript
    expect(progress.html).not.toContain('http-equiv="refresh"')
    expect(progress.html).toMatch(/<p role="status" aria-live="polite"[^>]*>0 envoyé\(s\), 0 en échec, sur 1/)
    expect(progress.html).toMatch(/<a [^>]*>Actualiser<\/a>/)
    expect(progress.html).toContain('0 envoyé(s), 0 en échec, sur 1')

    const messages = await page(`/en/admin/events/${world.event.id}/messages`, world.people.organiser.cookie)
    expect(messages.status).toBe(200)
    expect(messages.html).toContain('English subject')
  }, 60_000)
})
