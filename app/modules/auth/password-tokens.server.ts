/**
 * One-use links to choose a password: an invited organiser sets their first one (valid 7 days),
 * anyone with an account may ask for a new one (valid 1 hour). Only the token's SHA-256 is
 * stored; using a link spends every other open link of that person, and a reset signs them
 * out everywhere.
 */
// Load the job queue (and its registry) before notify.server: see company-sign-in.server.ts.
import { and, eq, isNull, lt, sql } from 'drizzle-orm'
import { getDb, type Database, type Transaction } from '#db/client'
import { passwordTokens, sessions, users, type PasswordTokenPurpose } from '#db/schema/index'
import { recordAudit } from '~/modules/audit/audit.server'
import { notify } from '~/modules/notifications/notify.server'
import { hitRateLimit } from '~/modules/security/rate-limit.server'
import { getEnv } from '~/utils/env.server'
import { hashToken, randomToken } from '~/utils/tokens.server'
import { hashPassword } from './password.server'

export const TOKEN_LIFETIME_MS: Record<PasswordTokenPurpose, number> = {
  invitation: 7 * 24 * 3600_000,
  reset: 3600_000,
}

/** 5 reset requests per hour per address asked for and per client address. */
export const RESET_LIMIT = 5
export const RESET_WINDOW_SECONDS = 3600

/** Issues a link and enqueues its mail in the caller's transaction. */
export async function sendPasswordLink(
  tx: Transaction,
  user: { id: string; email: string; name: string; locale: 'fr' | 'en'; organisationId: string },
  purpose: PasswordTokenPurpose,
  now = new Date(),
) {
  await tx.delete(passwordTokens).where(lt(passwordTokens.expiresAt, now))
  const token = randomToken()
  const expiresAt = new Date(now.getTime() + TOKEN_LIFETIME_MS[purpose])
  await tx.insert(passwordTokens).values({ tokenHash: hashToken(token), userId: user.id, purpose, expiresAt })
  const url = `${getEnv().PUBLIC_URL ?? ''}/${user.locale}/password/${token}`
  await notify(tx, {
    kind: purpose === 'invitation' ? 'user.invitation' : 'user.password-reset',
    version: hashToken(token).slice(0, 16),
    data: { email: user.email, name: user.name, locale: user.locale, url, expiresAt: expiresAt.toISOString(), organisationId: user.organisationId },
  })
}

export type PasswordLink = { purpose: PasswordTokenPurpose; email: string; name: string; locale: 'fr' | 'en' }

/** What the set-password page shows; null when the link is unknown, used, expired or the account disabled. */
export async function findPasswordLink(token: string, options: { db?: Database; now?: Date } = {}): Promise<PasswordLink | null> {
  const db = options.db ?? getDb()
  const now = options.now ?? new Date()
  const [row] = await db
    .select({ purpose: passwordTokens.purpose, expiresAt: passwordTokens.expiresAt, usedAt: passwordTokens.usedAt, email: users.email, name: users.name, locale: users.locale, disabledAt: users.disabledAt })
    .from(passwordTokens)
    .innerJoin(users, eq(users.id, passwordTokens.userId))
    .where(eq(passwordTokens.tokenHash, hashToken(token)))
  if (!row || row.usedAt || row.disabledAt || row.expiresAt <= now) return null
  return { purpose: row.purpose, email: row.email, name: row.name, locale: row.locale }
}

/**
 * Sets the password if the link is still good. The token row is locked, so two submissions of
 * the same link cannot both succeed. Returns the user id, or null for a dead link.
 */
export async function setPasswordWithToken(token: string, password: string, options: { db?: Database; now?: Date } = {}) {
  const db = options.db ?? getDb()
  const now = options.now ?? new Date()
  // Look the link up before the argon2 work (45–90 ms): a made-up token costs one indexed read.
  if (!(await findPasswordLink(token, { db, now }))) return null
  const passwordHash = await hashPassword(password)
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select({ userId: passwordTokens.userId, purpose: passwordTokens.purpose, expiresAt: passwordTokens.expiresAt, usedAt: passwordTokens.usedAt })
      .from(passwordTokens)
      .where(eq(passwordTokens.tokenHash, hashToken(token)))
      .for('update')
    if (!row || row.usedAt || row.expiresAt <= now) return null
    const [user] = await tx.select({ id: users.id, disabledAt: users.disabledAt }).from(users).where(eq(users.id, row.userId)).for('update')
    if (!user || user.disabledAt) return null
    await tx.update(users).set({ passwordHash }).where(eq(users.id, user.id))
    await tx
      .update(passwordTokens)
      .set({ usedAt: now })
      .where(and(eq(passwordTokens.userId, user.id), isNull(passwordTokens.usedAt)))
    await tx.delete(sessions).where(eq(sessions.userId, user.id))
    await recordAudit(tx, { actor: { userId: user.id }, action: row.purpose === 'invitation' ? 'user.password_set' : 'user.password_reset', subjectType: 'user', subjectId: user.id })
    return user.id
  })
}

/** Submissions of the set-password form: 10 per 15 minutes per client address. */
export const SET_PASSWORD_LIMIT = 10
export const SET_PASSWORD_WINDOW_SECONDS = 15 * 60

export type SetPasswordResult = { outcome: 'done'; userId: string } | { outcome: 'dead' } | { outcome: 'rate-limited'; retryAfterSeconds: number }

/** The set-password form: counted per client address first, then the link checked, then the password set. */
export async function choosePassword(input: { token: string; password: string; ip: string }, options: { db?: Database; now?: Date } = {}): Promise<SetPasswordResult> {
  if (input.ip && input.ip !== 'local') {
    const limit = await hitRateLimit(`set-password:ip:${input.ip}`, SET_PASSWORD_LIMIT, SET_PASSWORD_WINDOW_SECONDS)
    if (!limit.allowed) return { outcome: 'rate-limited', retryAfterSeconds: limit.retryAfterSeconds }
  }
  const userId = await setPasswordWithToken(input.token, input.password, options)
  return userId ? { outcome: 'done', userId } : { outcome: 'dead' }
}

export type ResetRequestResult = { outcome: 'done' } | { outcome: 'rate-limited'; retryAfterSeconds: number }

/**
 * "Forgotten password": mails a link when an enabled account has this address and says nothing
 * either way, so the form cannot tell which addresses have accounts.
 */
export async function requestPasswordReset(email: string, ip: string, options: { db?: Database; now?: Date } = {}): Promise<ResetRequestResult> {
  const db = options.db ?? getDb()
  const address = email.trim().toLowerCase()
  const limits = await Promise.all([
    hitRateLimit(`password-reset:email:${address}`, RESET_LIMIT, RESET_WINDOW_SECONDS),
    ...(ip && ip !== 'local' ? [hitRateLimit(`password-reset:ip:${ip}`, RESET_LIMIT, RESET_WINDOW_SECONDS)] : []),
  ])
  const refused = limits.filter((r) => !r.allowed)
  if (refused.length > 0) return { outcome: 'rate-limited', retryAfterSeconds: Math.max(...refused.map((r) => r.retryAfterSeconds)) }
  await db.transaction(async (tx) => {
    const [user] = await tx
      .select({ id: users.id, email: users.email, name: users.name, locale: users.locale, organisationId: users.organisationId })
      .from(users)
      .where(and(sql`lower(${users.email}) = ${address}`, isNull(users.disabledAt)))
    if (!user) return
    await sendPasswordLink(tx, user, 'reset', options.now)
    await recordAudit(tx, { actor: { label: 'self' }, action: 'user.password_reset_requested', subjectType: 'user', subjectId: user.id })
  })
  return { outcome: 'done' }
}
