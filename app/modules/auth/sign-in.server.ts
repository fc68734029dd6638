import { eq, sql } from 'drizzle-orm'
import { getDb } from '#db/client'
import { users } from '#db/schema/index'
import { recordAudit } from '~/modules/audit/audit.server'
import { hitRateLimit, refundRateLimit } from '~/modules/security/rate-limit.server'
import type { Locale } from '~/locales'
import { logger } from '~/utils/logger.server'
import { decoyPasswordHash, verifyPassword } from './password.server'
import { createSession, destroySession, getOptionalUser } from './session.server'

/**
 * 10 attempts per 15 minutes per client address and account, and per client address whatever
 * the account; 50 per hour per account from everywhere (the slower, global bucket). A stranger
 * who exhausts their own buckets does not lock the owner out from another address; only a
 * spread-out attack reaches the global one, and that raises an alert.
 */
export const SIGN_IN_LIMIT = 10
export const SIGN_IN_WINDOW_SECONDS = 15 * 60
export const SIGN_IN_ACCOUNT_LIMIT = 50
export const SIGN_IN_ACCOUNT_WINDOW_SECONDS = 3600

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
  // per-address bucket would let anyone lock every organiser out, so it applies only to known ones.
  const known = Boolean(input.ip && input.ip !== 'local')
  const [byAddressAndAccount, byAccount, byAddress] = await Promise.all([
    hitRateLimit(`sign-in:ip-email:${input.ip || 'local'}:${email}`, SIGN_IN_LIMIT, SIGN_IN_WINDOW_SECONDS),
    hitRateLimit(`sign-in:email:${email}`, SIGN_IN_ACCOUNT_LIMIT, SIGN_IN_ACCOUNT_WINDOW_SECONDS),
    known ? hitRateLimit(`sign-in:ip:${input.ip}`, SIGN_IN_LIMIT, SIGN_IN_WINDOW_SECONDS) : undefined,
  ])
  if (byAccount.hits === SIGN_IN_ACCOUNT_LIMIT + 1) await alertAccountThrottled(email, input.ip)
  const refused = [byAddressAndAccount, byAccount, byAddress].filter((r): r is NonNullable<typeof r> => r !== undefined && !r.allowed)
  if (refused.length > 0) return { outcome: 'rate-limited', retryAfterSeconds: Math.max(...refused.map((r) => r.retryAfterSeconds)) }

  const db = getDb()
  const [user] = await db
    .select({ id: users.id, passwordHash: users.passwordHash, disabledAt: users.disabledAt })
    .from(users)
    .where(eq(sql`lower(${users.email})`, email))
    .limit(1)

  const passwordMatches = await verifyPassword(user?.passwordHash ?? (await decoyPasswordHash()), input.password)
  if (!user || !user.passwordHash || user.disabledAt || !passwordMatches) return { outcome: 'invalid' }

  const setCookie = await createSession(user.id, { ip: input.ip, userAgent: input.userAgent })
  // Only failed attempts count against the limits: a successful sign-in gives its hits back, so
  // an organiser who signs in often is never locked out (each guess still counts).
  await Promise.all([
    refundRateLimit(`sign-in:ip-email:${input.ip || 'local'}:${email}`),
    refundRateLimit(`sign-in:email:${email}`),
    known ? refundRateLimit(`sign-in:ip:${input.ip}`) : undefined,
  ])
  await db.transaction(async (tx) => {
    await tx.update(users).set({ lastSignInAt: new Date() }).where(eq(users.id, user.id))
    await recordAudit(tx, { actor: { userId: user.id }, action: 'auth.sign-in', subjectType: 'user', subjectId: user.id, data: { ip: input.ip } })
  })
  return { outcome: 'signed-in', userId: user.id, setCookie }
}

/**
 * The global bucket of an account has just filled: attempts come from many addresses. Logged
 * as a warning for the operators and written to the audit trail of the account when it exists.
 */
async function alertAccountThrottled(email: string, ip: string) {
  logger.warn({ email, lastIp: ip, limit: SIGN_IN_ACCOUNT_LIMIT, windowSeconds: SIGN_IN_ACCOUNT_WINDOW_SECONDS }, 'sign-in: account throttled after attempts from many addresses')
  const db = getDb()
  const [user] = await db.select({ id: users.id }).from(users).where(eq(sql`lower(${users.email})`, email)).limit(1)
  if (user) await recordAudit(db, { actor: { label: 'system' }, action: 'auth.sign-in-throttled', subjectType: 'user', subjectId: user.id, data: { lastIp: ip } })
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
