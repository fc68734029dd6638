/**
 * Companies have no password: a company that registered before asks for a sign-in link by email
 * (valid 30 minutes, only its hash stored). Opening it puts the token in an httpOnly cookie, and
 * the registration form is pre-filled with the company's profile while it is valid.
 */
// Load the job queue (and its registry) before notify.server: notify → queue → registry → notify is a cycle
// that leaves `notificationJobs` undefined when notify.server is the first of them imported.
import { createCookie } from 'react-router'
import { and, eq, gt, lt, sql } from 'drizzle-orm'
import { getDb, type Database } from '#db/client'
import { companies, companySignInTokens, organisations } from '#db/schema/index'
import { recordAudit } from '~/modules/audit/audit.server'
import { notify } from '~/modules/notifications/notify.server'
import { getEnv } from '~/utils/env.server'
import { hashToken, randomToken } from '~/utils/tokens.server'

export const COMPANY_SIGN_IN_MINUTES = 30

export const companySignInCookie = createCookie('passerelle_company', {
  httpOnly: true,
  sameSite: 'lax',
  path: '/',
  secure: process.env.NODE_ENV === 'production',
  maxAge: COMPANY_SIGN_IN_MINUTES * 60,
})

export type CompanyProfile = typeof companies.$inferSelect

/**
 * Sends a sign-in link when a company with this contact email exists; says nothing either way
 * (the caller shows the same answer), so the form cannot be used to probe for customers.
 */
export async function requestCompanySignIn(email: string, locale: 'fr' | 'en', options: { next?: string; db?: Database; now?: Date } = {}) {
  const db = options.db ?? getDb()
  const now = options.now ?? new Date()
  const address = email.trim().toLowerCase()
  await db.transaction(async (tx) => {
    const [company] = await tx
      .select({ id: companies.id })
      .from(companies)
      .innerJoin(organisations, eq(organisations.id, companies.organisationId))
      .where(sql`lower(${companies.contactEmail}) = ${address}`)
      .orderBy(sql`${organisations.isDefault} desc`)
      .limit(1)
    if (!company) return
    await tx.delete(companySignInTokens).where(lt(companySignInTokens.expiresAt, now))
    const token = randomToken()
    await tx.insert(companySignInTokens).values({
      tokenHash: hashToken(token),
      companyId: company.id,
      email: address,
      expiresAt: new Date(now.getTime() + COMPANY_SIGN_IN_MINUTES * 60_000),
    })
    const next = options.next && isSafeNext(options.next) ? `?next=${encodeURIComponent(options.next)}` : ''
    const url = `${getEnv().PUBLIC_URL ?? ''}/${locale}/companies/sign-in/${token}${next}`
    await recordAudit(tx, { actor: { label: `company:${address}` }, action: 'company.sign-in-requested', subjectType: 'company', subjectId: company.id })
    await notify(tx, { kind: 'company.sign-in-link', data: { token, email: address, url, locale, companyId: company.id } })
  })
}

/** Only paths of this site (e.g. `/fr/events/x/register`), never another origin. */
export function isSafeNext(next: string): boolean {
  return /^\/(fr|en)\/[A-Za-z0-9/_.?=&%-]*$/.test(next) && !next.startsWith('//')
}

/** The company a sign-in token opens, or null when wrong or expired. */
export async function resolveCompanySignIn(token: string | null | undefined, options: { db?: Database; now?: Date } = {}): Promise<CompanyProfile | null> {
  if (!token || !/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null
  const db = options.db ?? getDb()
  const [row] = await db
    .select({ company: companies })
    .from(companySignInTokens)
    .innerJoin(companies, eq(companies.id, companySignInTokens.companyId))
    .where(and(eq(companySignInTokens.tokenHash, hashToken(token)), gt(companySignInTokens.expiresAt, options.now ?? new Date())))
  return row?.company ?? null
}

/**
 * Opening the mailed link, once: the link's row is deleted and a new token, known only to the
 * visitor's cookie, takes over until the same expiry. A second click (or a copy of the mail)
 * finds nothing. Returns the cookie's token, or null when the link is wrong, used or expired.
 */
export async function redeemCompanySignInLink(token: string, options: { db?: Database; now?: Date } = {}): Promise<string | null> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null
  const db = options.db ?? getDb()
  const now = options.now ?? new Date()
  return db.transaction(async (tx) => {
    const [link] = await tx
      .delete(companySignInTokens)
      .where(and(eq(companySignInTokens.tokenHash, hashToken(token)), gt(companySignInTokens.expiresAt, now)))
      .returning({ companyId: companySignInTokens.companyId, email: companySignInTokens.email, expiresAt: companySignInTokens.expiresAt })
    if (!link) return null
    const cookieToken = randomToken()
    await tx.insert(companySignInTokens).values({ tokenHash: hashToken(cookieToken), companyId: link.companyId, email: link.email, expiresAt: link.expiresAt })
    await recordAudit(tx, { actor: { label: `company:${link.email}` }, action: 'company.signed-in', subjectType: 'company', subjectId: link.companyId })
    return cookieToken
  })
}

/** The signed-in company of a request (from the cookie set by the sign-in link), or null. */
export async function companyFromRequest(request: Request): Promise<CompanyProfile | null> {
  const token = (await companySignInCookie.parse(request.headers.get('cookie'))) as string | null
  return resolveCompanySignIn(token)
}
