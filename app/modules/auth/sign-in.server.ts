import { eq, sql } from 'drizzle-orm'
import { getDb } from '#db/client'
import { users } from '#db/schema/index'
import { recordAudit } from '~/modules/audit/audit.server'
import { hitRateLimit } from '~/modules/security/rate-limit.server'
import type { Locale } from '~/locales'
import { decoyPasswordHash, verifyPassword } from './password.server'
import { createSession, destroySession, getOptionalUser } from './session.server'

/** 10 attempts per 15 minutes, per email address and per client address. */
export const SIGN_IN_LIMIT = 10
export const SIGN_IN_WINDOW_SECONDS = 15 * 60

export type SignInResult =
  | { outcome: 'signed-in'; userId: string; setCookie: string }
  | { outcome: 'invalid' }
  | { outcome: 'rate-limited'; retryAfterSeconds: number }

/**
 * Checks an organiser's email and password. Every attempt is counted before the password is
 * looked at, and an unknown email, a wrong password and a disabled account get the same answer
 * after the same argon2 work, so the form says nothing about which addresses exist.
 */
export async function signIn(input: {
  email: string
  password: string
  ip: string
  userAgent?: string | null
}): Promise<SignInResult> {
  const email = input.email.trim().toLowerCase()
  // When the client's address is unknown (`clientIp` says 'local': no proxy header), one shared
  // bucket would let anyone lock every organiser out, so only the per-email limit applies.
  const limits = await Promise.all([
    hitRateLimit(`sign-in:email:${email}`, SIGN_IN_LIMIT, SIGN_IN_WINDOW_SECONDS),
    ...(input.ip && input.ip !== 'local' ? [hitRateLimit(`sign-in:ip:${input.ip}`, SIGN_IN_LIMIT, SIGN_IN_WINDOW_SECONDS)] : []),
  ])
  if (limits.some((r) => !r.allowed)) {
    const waits = limits.filter((r) => !r.allowed).map((r) => r.retryAfterSeconds)
    return { outcome: 'rate-limited', retryAfterSeconds: Math.max(...waits) }
  }

  const db = getDb()
  const [user] = await db
    .select({ id: users.id, passwordHash: users.passwordHash, disabledAt: users.disabledAt })
    .from(users)
    .where(eq(sql`lower(${users.email})`, email))
    .limit(1)

  const passwordMatches = await verifyPassword(user?.passwordHash ?? (await decoyPasswordHash()), input.password)
  if (!user || !user.passwordHash || user.disabledAt || !passwordMatches) return { outcome: 'invalid' }

  const setCookie = await createSession(user.id, { ip: input.ip, userAgent: input.userAgent })
  await db.transaction(async (tx) => {
    await tx.update(users).set({ lastSignInAt: new Date() }).where(eq(users.id, user.id))
    await recordAudit(tx, { actor: { userId: user.id }, action: 'auth.sign-in', subjectType: 'user', subjectId: user.id, data: { ip: input.ip } })
  })
  return { outcome: 'signed-in', userId: user.id, setCookie }
}

/** Where to go after signing in: only a local back-office path, never another site. */
export function safeNextPath(next: string | null | undefined, locale: Locale): string {
  const fallback = `/${locale}/admin`
  if (!next) return fallback
  // A single leading slash followed by fr|en/admin, then the end, a slash, `?` or `#`. Rejects
  // `//evil.com`, `/\evil.com`, `https://…`, and anything with a backslash or control character.
  if (!/^\/(fr|en)\/admin(?:[/?#]|$)/.test(next)) return fallback
  if (/[\\\s]/.test(next) || next.includes('//')) return fallback
  return next
}

/** Ends the session of this request (row and cookie); returns the Set-Cookie header value. */
export async function signOut(request: Request): Promise<string> {
  const user = await getOptionalUser(request)
  const setCookie = await destroySession(request)
  if (user) {
    await recordAudit(getDb(), { actor: { userId: user.id }, action: 'auth.sign-out', subjectType: 'user', subjectId: user.id })
  }
  return setCookie
}
