import crypto from 'node:crypto'
import { getDb } from '#db/client'
import { organisations, userRoles, users, type Role } from '#db/schema/index'
import { hashPassword } from '~/modules/auth/password.server'

/** A user of this test file's own organisation (other files' rows are left alone). */
export async function createTestUser(options: { roles?: Role[]; password?: string; disabled?: boolean } = {}) {
  const db = getDb()
  const suffix = crypto.randomBytes(5).toString('hex')
  const [org] = await db
    .insert(organisations)
    .values({ slug: `auth-test-${suffix}`, name: 'Auth test', legalName: 'Auth test', email: 'org@auth.test', organiserMailbox: 'org@auth.test' })
    .returning({ id: organisations.id })
  const password = options.password ?? `pw-${suffix}`
  const email = `person-${suffix}@auth.test`
  const [user] = await db
    .insert(users)
    .values({
      organisationId: org.id,
      email,
      name: `Person ${suffix}`,
      passwordHash: await hashPassword(password),
      disabledAt: options.disabled ? new Date() : null,
    })
    .returning({ id: users.id })
  const roles = options.roles ?? ['organiser']
  if (roles.length) await db.insert(userRoles).values(roles.map((role) => ({ userId: user.id, role })))
  return { id: user.id, email, password }
}

/** A distinct client address per call, so the per-address limit of one test does not leak into another. */
export function randomIp() {
  return `10.${crypto.randomInt(256)}.${crypto.randomInt(256)}.${crypto.randomInt(1, 255)}`
}

type RouteResult = { status: number; headers: Headers; body: unknown }

/** Runs a loader or action as React Router would, turning thrown Responses and `data()` into one shape. */
export async function run(fn: () => unknown): Promise<RouteResult> {
  let value: unknown
  try {
    value = await fn()
  } catch (thrown) {
    value = thrown
    if (!(thrown instanceof Response)) throw thrown
  }
  if (value instanceof Response) {
    const text = await value.text()
    return { status: value.status, headers: value.headers, body: text }
  }
  if (value && typeof value === 'object' && (value as { type?: string }).type === 'DataWithResponseInit') {
    const d = value as { data: unknown; init: ResponseInit | null }
    return { status: d.init?.status ?? 200, headers: new Headers(d.init?.headers), body: d.data }
  }
  return { status: 200, headers: new Headers(), body: value }
}

/** `ip: null` sends no address header, as when the app runs without a proxy in front. */
export function signInRequest(lang: 'fr' | 'en', fields: Record<string, string>, options: { ip?: string | null; query?: string } = {}) {
  const form = new FormData()
  for (const [k, v] of Object.entries(fields)) form.set(k, v)
  return new Request(`http://passerelle.test/${lang}/sign-in${options.query ?? ''}`, {
    method: 'POST',
    body: form,
    headers: options.ip === null ? {} : { 'x-passerelle-client-ip': options.ip ?? randomIp() },
  })
}

/** The cookie pair (`name=value`) from a Set-Cookie header, as a browser would send it back. */
export function cookieFrom(setCookie: string | null) {
  if (!setCookie) throw new Error('no Set-Cookie header')
  return setCookie.split(';')[0]
}
