import { createCookie, redirect } from 'react-router'
import { eq, sql } from 'drizzle-orm'
import { executePrepared, getDb } from '#db/client'
import { sessions, userRoles, users, type Role } from '#db/schema/index'
import { getEnv } from '~/utils/env.server'
import { hashToken, randomToken } from '~/utils/tokens.server'
import { isLocale, DEFAULT_LOCALE } from '~/locales'

export const SESSION_TTL_MS = 14 * 24 * 3600_000

export type SessionUser = {
  id: string
  organisationId: string
  email: string
  name: string
  locale: 'fr' | 'en'
  partnerId: string | null
  roles: Role[]
}

let cookieFor: { key: string; cookie: ReturnType<typeof createCookie> } | undefined

/** The session cookie, built once per setting (its signing key is imported on first use, not per request). */
function sessionCookie() {
  const env = getEnv()
  // Production is always behind TLS; a PUBLIC_URL typed with http:// must not drop the flag.
  const secure = env.NODE_ENV === 'production' || env.PUBLIC_URL.startsWith('https:')
  const key = `${secure}:${env.SESSION_SECRET}`
  if (cookieFor?.key !== key) {
    cookieFor = {
      key,
      cookie: createCookie('passerelle_session', { httpOnly: true, sameSite: 'lax', path: '/', secure, secrets: [env.SESSION_SECRET], maxAge: SESSION_TTL_MS / 1000 }),
    }
  }
  return cookieFor.cookie
}

async function readToken(request: Request): Promise<string | null> {
  const value = await sessionCookie().parse(request.headers.get('cookie'))
  return typeof value === 'string' && value.length > 20 ? value : null
}

/**
 * The loaders of one page (root, layouts, the page) share one GET request: its user is looked up
 * once. Actions and other methods always look it up afresh.
 */
const usersOfRequest = new WeakMap<Request, Promise<SessionUser | null>>()

/** The signed-in back-office user, or null (expired, disabled or no session). */
export function getOptionalUser(request: Request): Promise<SessionUser | null> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return lookUpUser(request)
  let user = usersOfRequest.get(request)
  if (!user) {
    user = lookUpUser(request)
    usersOfRequest.set(request, user)
    // A failed lookup is not remembered.
    user.catch(() => usersOfRequest.delete(request))
  }
  return user
}

async function lookUpUser(request: Request): Promise<SessionUser | null> {
  const token = await readToken(request)
  if (!token) return null
  // Prepared (once per connection): it runs on every signed-in request.
  const rows = await executePrepared<SessionUser>(
    getDb(),
    sql`select u.id, u.organisation_id as "organisationId", u.email, u.name, u.locale, u.partner_id as "partnerId",
        coalesce(array_agg(ur.role::text) filter (where ur.role is not null), '{}') as roles
      from ${sessions} s join ${users} u on u.id = s.user_id left join ${userRoles} ur on ur.user_id = u.id
      where s.token_hash = ${hashToken(token)} and s.expires_at > now() and u.disabled_at is null
      group by u.id`,
  )
  return rows[0] ?? null
}

/** Creates a database session and returns the Set-Cookie header value. */
export async function createSession(userId: string, meta: { ip?: string | null; userAgent?: string | null } = {}) {
  const token = randomToken()
  await getDb()
    .insert(sessions)
    .values({
      tokenHash: hashToken(token),
      userId,
      expiresAt: new Date(Date.now() + SESSION_TTL_MS),
      ip: meta.ip ?? null,
      userAgent: meta.userAgent?.slice(0, 300) ?? null,
    })
  return sessionCookie().serialize(token)
}

export async function destroySession(request: Request) {
  const token = await readToken(request)
  if (token) await getDb().delete(sessions).where(eq(sessions.tokenHash, hashToken(token)))
  return sessionCookie().serialize('', { maxAge: 0 })
}

function localeOf(request: Request) {
  const first = new URL(request.url).pathname.split('/')[1]
  return isLocale(first) ? first : DEFAULT_LOCALE
}

/** Redirects to sign-in when nobody is signed in (keeping where they were going). */
export async function requireUser(request: Request): Promise<SessionUser> {
  const user = await getOptionalUser(request)
  if (!user) {
    const url = new URL(request.url)
    const next = encodeURIComponent(url.pathname + url.search)
    throw redirect(`/${localeOf(request)}/sign-in?next=${next}`)
  }
  return user
}
