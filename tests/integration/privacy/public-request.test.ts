import { describe, expect, it } from 'vitest'
import { eq, sql } from 'drizzle-orm'
import { getDb } from '#db/client'
import { privacyRequests } from '#db/schema/index'
import { confirmPublicRequest, findPendingRequest, submitPublicRequest } from '~/modules/privacy/public-request.server'
import { action as adminAction, loader as adminLoader } from '~/routes/$lang.admin.privacy'
import { loader as accessLoader } from '~/routes/$lang.admin.privacy.access[.json]'
import { routeArgs } from '../../factories/route-args'
import { createAdminWorld, postForm, request } from '../admin/fixtures'

async function mailedToken(requestId: string) {
  const rows = await getDb().execute<{ url: string }>(
    sql`select data->'data'->>'url' as url from pgboss.job where name = 'notify.dispatch' and data->>'kind' = 'privacy.confirm-request' and data->>'version' = ${requestId}`,
  )
  expect(rows.length).toBe(1)
  return rows[0].url.split('/privacy/confirm/')[1]
}

describe('public privacy request', () => {
  it('mails a one-use link; the request counts only once confirmed; a second click is refused', async () => {
    const email = `someone-${Date.now()}@example.test`
    const out = await submitPublicRequest({ email: email.toUpperCase(), kind: 'erasure', locale: 'en' })
    expect(out).not.toBeNull()
    const [row] = await getDb().select().from(privacyRequests).where(eq(privacyRequests.id, out!.requestId))
    expect(row).toMatchObject({ status: 'unverified', email, kind: 'erasure' })
    const token = await mailedToken(row.id)
    expect(await findPendingRequest(token)).toMatchObject({ id: row.id })
    const confirmed = await confirmPublicRequest(token)
    expect(confirmed.status).toBe('open')
    await expect(confirmPublicRequest(token)).rejects.toMatchObject({ code: 'privacyLinkInvalid' })
    await expect(confirmPublicRequest('not-a-token')).rejects.toMatchObject({ code: 'privacyLinkInvalid' })
  })

  it('refuses an expired link', async () => {
    const out = await submitPublicRequest({ email: `late-${Date.now()}@example.test`, kind: 'access', locale: 'fr' })
    const token = await mailedToken(out!.requestId)
    await expect(confirmPublicRequest(token, new Date(Date.now() + 25 * 3600_000))).rejects.toMatchObject({ code: 'privacyLinkInvalid' })
  })

  it('rate-limits one address', async () => {
    const email = `flood-${Date.now()}@example.test`
    for (let i = 0; i < 3; i++) await submitPublicRequest({ email, kind: 'access', locale: 'fr' })
    await expect(submitPublicRequest({ email, kind: 'access', locale: 'fr' })).rejects.toMatchObject({ code: 'rateLimited' })
  })
})

describe('back-office privacy page', () => {
  it('organisers preview and erase; partner viewers and check-in staff are refused; bad input is a 400', async () => {
    const world = await createAdminWorld()
    const email = world.private.attendee.email
    const page = await adminLoader(routeArgs({ request: request('/en/admin/privacy', world.people.organiser.cookie), params: { lang: 'en' } }))
    expect(page.inventory.length).toBeGreaterThan(10)
    for (const who of ['partner_viewer', 'check_in'] as const) {
      const denied = await adminLoader(routeArgs({ request: request('/en/admin/privacy', world.people[who].cookie), params: { lang: 'en' } })).catch((e) => e)
      expect(denied).toBeInstanceOf(Response)
      expect((denied as Response).status).toBe(403)
    }
    const bad = await postForm(adminAction, '/en/admin/privacy', { lang: 'en' }, world.people.organiser.cookie, { intent: 'preview', email: 'nope' })
    expect(bad.status).toBe(400)
    const preview = await postForm<{ preview: { items: { table: string }[] } }>(adminAction, '/en/admin/privacy', { lang: 'en' }, world.people.organiser.cookie, { intent: 'preview', email })
    expect(preview.status).toBe(200)
    expect(preview.body!.preview.items.map((i) => i.table)).toContain('attendee')
    const unconfirmed = await postForm(adminAction, '/en/admin/privacy', { lang: 'en' }, world.people.organiser.cookie, { intent: 'erase', email })
    expect(unconfirmed.status).toBe(400)
    const erased = await postForm(adminAction, '/en/admin/privacy', { lang: 'en' }, world.people.organiser.cookie, { intent: 'erase', email, confirm: 'yes' })
    expect(erased.status).toBe(200)
    const [req] = await getDb().select().from(privacyRequests).where(eq(privacyRequests.organisationId, world.org.id))
    expect(req).toMatchObject({ kind: 'erasure', status: 'running', requestedByUserId: world.people.organiser.id })

    const json = (await accessLoader(
      routeArgs({ request: request(`/en/admin/privacy/access.json?email=${encodeURIComponent(world.consenting.attendee.email)}`, world.people.organiser.cookie), params: { lang: 'en' } }),
    )) as Response
    expect(json.status).toBe(200)
    const body = JSON.parse(await json.text())
    expect(body.tables.attendee.rows[0].email).toBe(world.consenting.attendee.email)
    const badJson = (await accessLoader(routeArgs({ request: request('/en/admin/privacy/access.json?email=x', world.people.organiser.cookie), params: { lang: 'en' } }))) as Response
    expect(badJson.status).toBe(400)
  })
})
