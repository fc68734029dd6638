/**
 * A person asks for access to, or erasure of, their data from the public page. The request only
 * counts once they click the one-use link mailed to the address (valid 24 hours, hash stored).
 * The answer is the same whether the address is known or not, so the form cannot probe customers.
 */
import { and, desc, eq, gt, sql } from 'drizzle-orm'
import { getDb, type Database } from '#db/client'
import { organisations, privacyRequests, type PrivacyRequestKind } from '#db/schema/index'
import { recordAudit } from '~/modules/audit/audit.server'
import { notify } from '~/modules/notifications/notify.server'
import { hitRateLimit } from '~/modules/security/rate-limit.server'
import { getEnv } from '~/utils/env.server'
import { Refusal } from '~/utils/refusal'
import { hashToken, randomToken } from '~/utils/tokens.server'
import { emailFingerprint, normaliseEmail } from './pseudonym'

export const PRIVACY_LINK_HOURS = 24

export async function submitPublicRequest(input: { email: string; kind: PrivacyRequestKind; locale: 'fr' | 'en'; ip?: string; db?: Database; now?: Date }) {
  const db = input.db ?? getDb()
  const now = input.now ?? new Date()
  const email = normaliseEmail(input.email)
  const limits = await Promise.all([
    hitRateLimit(`privacy-request:email:${emailFingerprint(email)}`, 3, 3600),
    ...(input.ip && input.ip !== 'local' ? [hitRateLimit(`privacy-request:ip:${input.ip}`, 10, 3600)] : []),
  ])
  if (limits.some((l) => !l.allowed)) throw new Refusal('rateLimited')
  return db.transaction(async (tx) => {
    const [organisation] = await tx.select({ id: organisations.id }).from(organisations).orderBy(desc(organisations.isDefault)).limit(1)
    if (!organisation) return null
    const token = randomToken()
    const expiresAt = new Date(now.getTime() + PRIVACY_LINK_HOURS * 3600_000)
    const [request] = await tx
      .insert(privacyRequests)
      .values({ organisationId: organisation.id, kind: input.kind, status: 'unverified', email, locale: input.locale, verifyTokenHash: hashToken(token), verifyExpiresAt: expiresAt })
      .returning()
    await recordAudit(tx, { actor: { label: 'public' }, action: 'privacy.request-submitted', subjectType: 'privacy_request', subjectId: request.id, data: { kind: input.kind } })
    const url = `${getEnv().PUBLIC_URL ?? ''}/${input.locale}/privacy/confirm/${token}`
    await notify(tx, {
      kind: 'privacy.confirm-request',
      version: request.id,
      data: { email, url, locale: input.locale, expiresAt: expiresAt.toISOString(), organisationId: organisation.id },
    })
    return { requestId: request.id }
  })
}

/** The unverified request a link opens (for the confirmation page), or null. */
export async function findPendingRequest(token: string, now = new Date()) {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null
  const [row] = await getDb()
    .select({ id: privacyRequests.id, kind: privacyRequests.kind })
    .from(privacyRequests)
    .where(and(eq(privacyRequests.verifyTokenHash, hashToken(token)), eq(privacyRequests.status, 'unverified'), gt(privacyRequests.verifyExpiresAt, now)))
  return row ?? null
}

/** Confirms a request once (POST from the page the link opens: mail scanners that GET links confirm nothing). */
export async function confirmPublicRequest(token: string, now = new Date()) {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) throw new Refusal('privacyLinkInvalid')
  return getDb().transaction(async (tx) => {
    const [row] = await tx
      .update(privacyRequests)
      .set({ status: 'open', verifiedAt: now, verifyTokenHash: null })
      .where(
        and(
          eq(privacyRequests.verifyTokenHash, hashToken(token)),
          eq(privacyRequests.status, 'unverified'),
          sql`${privacyRequests.verifyExpiresAt} > ${now.toISOString()}::timestamptz`,
        ),
      )
      .returning()
    if (!row) throw new Refusal('privacyLinkInvalid')
    await recordAudit(tx, { actor: { label: 'public' }, action: 'privacy.request-confirmed', subjectType: 'privacy_request', subjectId: row.id, data: { kind: row.kind } })
    return row
  })
}
