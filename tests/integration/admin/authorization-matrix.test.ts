import { readdirSync } from 'node:fs'
import path from 'node:path'
import { and, eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { getDb } from '#db/client'
import { auditEntries, hotelBlocks, organiserMessages } from '#db/schema/index'
import { ADMIN_ACCESS, isAllowed, type AdminRouteId } from '~/modules/auth/access'
import { createAdminWorld, request } from './fixtures'

const ROUTES_DIR = path.resolve(__dirname, '../../../app/routes')
const adminRouteFiles = readdirSync(ROUTES_DIR)
  .filter((f) => /^\$lang\.admin(\.|$)/.test(f.replace(/\.tsx?$/, '')) && /\.tsx?$/.test(f))
  .map((f) => f.replace(/\.tsx?$/, ''))

const ROLES = ['admin', 'organiser', 'check_in', 'partner_viewer'] as const
type Who = (typeof ROLES)[number] | 'anonymous'
const WHO: Who[] = [...ROLES, 'anonymous']

type RouteModule = {
  loader?: (args: { request: Request; params: Record<string, string>; context: object }) => Promise<unknown>
  action?: (args: { request: Request; params: Record<string, string>; context: object }) => Promise<unknown>
}

type Outcome = 'allowed' | 'forbidden' | 'sign-in'

async function outcomeOf(run: () => Promise<unknown>): Promise<Outcome> {
  try {
    const result = await run()
    if (result instanceof Response) {
      if (result.status === 403) return 'forbidden'
      if (result.status >= 300 && result.status < 400 && result.headers.get('location')?.includes('/sign-in')) return 'sign-in'
      await result.body?.cancel()
    }
    return 'allowed'
  } catch (error) {
    if (error instanceof Response) {
      if (error.status === 403) return 'forbidden'
      if (error.status >= 300 && error.status < 400 && error.headers.get('location')?.includes('/sign-in')) return 'sign-in'
      throw new Error(`unexpected ${error.status} ${await error.text()}`)
    }
    throw error
  }
}

function urlFor(route: string, params: Record<string, string>) {
  const segments = route
    .split('.')
    .filter((s) => s !== '_index')
    .map((s) => (s.startsWith('$') ? params[s.slice(1)] : s))
  return `/${segments.join('/')}`
}

let world: Awaited<ReturnType<typeof createAdminWorld>>
let messageId: string
let blockId: string

beforeAll(async () => {
  world = await createAdminWorld()
  const [message] = await getDb()
    .insert(organiserMessages)
    .values({ eventId: world.event.id, subject: { fr: 'Objet', en: 'Subject' }, body: { fr: 'Texte', en: 'Text' }, audience: 'attendees', recipientCount: 0 })
    .returning()
  messageId = message.id
  const [block] = await getDb().insert(hotelBlocks).values({ eventId: world.event.id, hotelName: 'Matrix Hotel', address: '1 Brickell Ave', checkIn: '2027-03-09', checkOut: '2027-03-12' }).returning()
  blockId = block.id
})

describe('back-office authorisation matrix', () => {
  it('declares every $lang.admin* route file, and only existing ones', () => {
    expect(adminRouteFiles.length).toBeGreaterThanOrEqual(10)
    const declared = Object.keys(ADMIN_ACCESS).sort()
    expect(adminRouteFiles.filter((f) => !(f in ADMIN_ACCESS))).toEqual([])
    expect(declared.filter((r) => !adminRouteFiles.includes(r))).toEqual([])
  })

  it('keeps the policy: check-in staff and partner viewers never edit events, users or settings; organisers never manage users', () => {
    const editing: AdminRouteId[] = ['$lang.admin.settings', '$lang.admin.users', '$lang.admin.events.$eventId._index', '$lang.admin.events.new', '$lang.admin.partners', '$lang.admin.import']
    for (const route of editing) {
      expect(isAllowed(route, 'loader', ['check_in'])).toBe(false)
      expect(isAllowed(route, 'loader', ['partner_viewer'])).toBe(false)
    }
    expect(isAllowed('$lang.admin.users', 'loader', ['organiser'])).toBe(false)
    expect(isAllowed('$lang.admin.settings', 'action', ['organiser'])).toBe(false)
    expect(isAllowed('$lang.admin.events.$eventId.checkin', 'action', ['check_in'])).toBe(true)
    expect(isAllowed('$lang.admin.events.$eventId.checkin', 'loader', ['partner_viewer'])).toBe(false)
    expect(isAllowed('$lang.admin.export', 'loader', ['check_in'])).toBe(false)
  })

  for (const file of adminRouteFiles) {
    describe(file, () => {
      it('loader and action answer each role as declared', async () => {
        const mod = (await import(path.join(ROUTES_DIR, `${file}.tsx`))) as RouteModule
        const access = ADMIN_ACCESS[file as AdminRouteId]
        expect(access, `${file} is not in ADMIN_ACCESS`).toBeDefined()
        expect(Boolean(mod.action), `${file}: action presence must match the table`).toBe(access.action !== null)
        const params = { lang: 'fr', eventId: world.event.id, registrationId: world.consenting.registration.id, messageId, blockId }
        const url = urlFor(file, params)
        const seen: Record<string, Outcome> = {}
        for (const who of WHO) {
          const cookie = who === 'anonymous' ? null : world.people[who].cookie
          if (mod.loader) {
            const got = await outcomeOf(() => mod.loader!({ request: request(url, cookie), params, context: {} }))
            seen[`${who} GET`] = got
            const expected: Outcome = who === 'anonymous' ? 'sign-in' : isAllowed(file as AdminRouteId, 'loader', [who]) ? 'allowed' : 'forbidden'
            expect(got, `${who} GET ${url}`).toBe(expected)
          }
          if (mod.action) {
            // An intent no action knows: allowed roles get a 4xx validation answer, never a change.
            const probe = () => mod.action!({ request: request(url, cookie, { form: { intent: '__matrix_probe__' } }), params, context: {} })
            const got = await outcomeOf(probe)
            seen[`${who} POST`] = got
            const expected: Outcome = who === 'anonymous' ? 'sign-in' : isAllowed(file as AdminRouteId, 'action', [who]) ? 'allowed' : 'forbidden'
            expect(got, `${who} POST ${url}`).toBe(expected)
          }
        }
        expect(Object.keys(seen).length).toBeGreaterThan(0)
      })
    })
  }

  it('logs every refusal in the audit trail', async () => {
    const mod = (await import(path.join(ROUTES_DIR, '$lang.admin.settings.tsx'))) as RouteModule
    await expect(outcomeOf(() => mod.loader!({ request: request('/fr/admin/settings', world.people.check_in.cookie), params: { lang: 'fr' }, context: {} }))).resolves.toBe('forbidden')
    const rows = await getDb()
      .select()
      .from(auditEntries)
      .where(and(eq(auditEntries.subjectId, world.people.check_in.id), eq(auditEntries.action, 'admin.access_refused')))
    expect(rows.length).toBeGreaterThan(0)
    expect(rows.some((r) => (r.data as { route?: string }).route === '$lang.admin.settings')).toBe(true)
  })

  it('a user without any back-office role is refused everywhere', async () => {
    const mod = (await import(path.join(ROUTES_DIR, '$lang.admin._index.tsx'))) as RouteModule
    // A signed-in account with no role (e.g. roles all removed) gets 403, not the dashboard.
    const { getDb: db } = await import('#db/client')
    const { users, userRoles } = await import('#db/schema/index')
    const [u] = await db().insert(users).values({ organisationId: world.org.id, email: `norole-${world.org.slug}@example.test`, name: 'No role' }).returning()
    const { createSession } = await import('~/modules/auth/session.server')
    const cookie = (await createSession(u.id)).split(';')[0]
    expect(await db().select().from(userRoles).where(eq(userRoles.userId, u.id))).toHaveLength(0)
    await expect(outcomeOf(() => mod.loader!({ request: request('/fr/admin', cookie), params: { lang: 'fr' }, context: {} }))).resolves.toBe('forbidden')
  })
})
