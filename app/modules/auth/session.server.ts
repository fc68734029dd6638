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

let cookieFor: { key: string; cookie: ReturnType<typeof createCookie>; verified: Map<string, string | null> } | undefined

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
      verified: new Map(),
    }
  }
  return cookieFor
}

/** How many verified cookie headers each process remembers (the most recent ones). */
const VERIFIED_COOKIES = 1_000

/**
 * The session token a request's cookie carries, or null. Checking the cookie's signature (HMAC
 * through WebCrypto, asynchronous) cost 1.6 % of a signed-in page's CPU, and it ran once per
 * loader: the answer for a cookie header is remembered under this key (the check gives the same
 * answer every time), good or bad, for the latest 1,000 headers. Forged headers sent in bulk
 * only push good ones out (they are checked again when they come back).
 */
async function readToken(request: Request): Promise<string | null> {
  const header = request.headers.get('cookie')
  if (!header) return null
  const { cookie, verified } = sessionCookie()
  const known = verified.get(header)
  if (known !== undefined) return known
  const value = await cookie.parse(header)
  const token = typeof value === 'string' && value.length > 20 ? value : null
  if (verified.size >= VERIFIED_COOKIES) verified.delete(verified.keys().next().value as string)
  verified.set(header, token)
  return token
}

/**
 * Lookups in flight, by session token. A page's loaders (root, layouts, the page) run at once,
 * each on its own copy of the request (React Router rebuilds it per loader), and each asks for
 * the user: they share the lookup already on its way instead of sending three. Nothing is kept
 * once it has answered, so a page never sees an older answer than one started for it or beside
 * it; signing out forgets the token's lookup at once. Actions and other methods always look up
 * afresh.
 */
const lookupsInFlight = new Map<string, Promise<SessionUser | null>>()

/** The signed-in back-office user, or null (expired, disabled or no session). */
export async function getOptionalUser(request: Request): Promise<SessionUser | null> {
  const token = await readToken(request)
  if (!token) return null
  if (request.method !== 'GET' && request.method !== 'HEAD') return lookUpUser(token)
  const inFlight = lookupsInFlight.get(token)
  if (inFlight) return inFlight
  const lookup = lookUpUser(token)
  lookupsInFlight.set(token, lookup)
  const forget = () => {
    if (lookupsInFlight.get(token) === lookup) lookupsInFlight.delete(token)
  }
  lookup.then(forget, forget)
  return lookup
}

async function lookUpUser(token: string): Promise<SessionUser | null> {
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
  return sessionCookie().cookie.serialize(token)
}

export async function destroySession(request: Request) {
  const token = await readToken(request)
  if (token) {
    lookupsInFlight.delete(token)
    await getDb().delete(sessions).where(eq(sessions.tokenHash, hashToken(token)))
  }
  return sessionCookie().cookie.serialize('', { maxAge: 0 })
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
