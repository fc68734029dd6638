import { createCookie, redirect } from 'react-router'
import { and, eq, gt, sql } from 'drizzle-orm'
import { getDb } from '#db/client'
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

function sessionCookie() {
  const env = getEnv()
  return createCookie('passerelle_session', {
    httpOnly: true,
    sameSite: 'lax',
    path: '/',
    // Production is always behind TLS; a PUBLIC_URL typed with http:// must not drop the flag.
    secure: env.NODE_ENV === 'production' || env.PUBLIC_URL.startsWith('https:'),
    secrets: [env.SESSION_SECRET],
    maxAge: SESSION_TTL_MS / 1000,
  })
}

async function readToken(request: Request): Promise<string | null> {
  const value = await sessionCookie().parse(request.headers.get('cookie'))
  return typeof value === 'string' && value.length > 20 ? value : null
}

/** The signed-in back-office user, or null (expired, disabled or no session). */
export async function getOptionalUser(request: Request): Promise<SessionUser | null> {
  const token = await readToken(request)
  if (!token) return null
  const db = getDb()
  const rows = await db
    .select({
      id: users.id,
      organisationId: users.organisationId,
      email: users.email,
      name: users.name,
      locale: users.locale,
      partnerId: users.partnerId,
      roles: sql<Role[]>`coalesce(array_agg(${userRoles.role}) filter (where ${userRoles.role} is not null), '{}')`,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .leftJoin(userRoles, eq(userRoles.userId, users.id))
    .where(and(eq(sessions.tokenHash, hashToken(token)), gt(sessions.expiresAt, new Date()), sql`${users.disabledAt} is null`))
    .groupBy(users.id)
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
