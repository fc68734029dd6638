/**
 * Meeting requests between companies of a B2B meetup: sending under the open-request cap,
 * accepting or declining by the other side, cancelling, expiry, and meetings brokered by the
 * organiser. Every write that counts or changes the pair locks both participants' rows first
 * (locks module, company id order), then checks, then writes, in one transaction.
 */
import crypto from 'node:crypto'
import { and, asc, eq, lte, or, sql } from 'drizzle-orm'
import { getDb, type Database, type DbOrTx } from '#db/client'
import { b2bParticipants, b2bSettings, companies, meetingRequests, type MeetingRequestStatus } from '#db/schema/index'
import { inLockedTransaction, lockB2bParticipants } from '~/modules/locks/locks.server'
import { notify } from '~/modules/notifications/notify.server'
import { recordAudit } from '~/modules/audit/audit.server'
import { getEnv } from '~/utils/env.server'
import { Refusal } from '~/utils/refusal'
import type { SendRequestInput } from './b2b-schemas'
import type { ParticipantContext } from './participants.server'

export type MeetingRequest = typeof meetingRequests.$inferSelect

/** The event's settings, with the defaults when the organiser has not written any. */
export async function settingsOf(eventId: string, db: DbOrTx = getDb()) {
  const [row] = await db.select().from(b2bSettings).where(eq(b2bSettings.eventId, eventId))
  return row ?? { eventId, requestExpiryHours: 72, maxOpenRequests: 10, slotMinutes: 20, schedulePublishedAt: null }
}

/**
 * Sends a request from the participant's company to another participant. Both companies' rows
 * are locked before the open requests are counted, so two sends racing for the last place under
 * the cap cannot both win, and a request crossing one the other way is seen.
 */
export async function sendRequest(ctx: ParticipantContext, input: SendRequestInput, options: { db?: Database; now?: Date } = {}) {
  const db = options.db ?? getDb()
  const now = options.now ?? new Date()
  const from = ctx.company.id
  if (input.toCompanyId === from) throw new Refusal('b2bSelfRequest')
  return inLockedTransaction(db, async (tx) => {
    const locked = await lockB2bParticipants(tx, ctx.event.id, [from, input.toCompanyId])
    // Only listed companies can be asked (the marketplace shows no other); the organiser brokers the rest.
    if (!locked.some((p) => p.companyId === input.toCompanyId && p.listingConsent)) throw new Refusal('notFound')
    if (!locked.some((p) => p.companyId === from)) throw new Refusal('notFound')
    const settings = await settingsOf(ctx.event.id, tx)
    if (ctx.event.endsAt <= now) throw new Refusal('b2bClosed')
    const [counts] = await tx.execute<{ open: number; live: number }>(sql`
      select count(*) filter (where from_company_id = ${from} and status = 'pending')::int as open,
        count(*) filter (where status in ('pending', 'accepted') and from_company_id = ${from} and to_company_id = ${input.toCompanyId})::int as live
      from meeting_request where event_id = ${ctx.event.id}`)
    if (Number(counts.live) > 0) throw new Refusal('b2bAlreadyRequested')
    if (Number(counts.open) >= settings.maxOpenRequests) throw new Refusal('b2bRequestCap', { vars: { max: settings.maxOpenRequests } })
    const [request] = await tx
      .insert(meetingRequests)
      .values({
        eventId: ctx.event.id,
        fromCompanyId: from,
        toCompanyId: input.toCompanyId,
        message: input.message,
        mustMeet: input.mustMeet,
        priority: input.mustMeet ? 3 : 1,
        expiresAt: new Date(now.getTime() + settings.requestExpiryHours * 3_600_000),
      })
      .returning()
    await notify(tx, { kind: 'b2b.request', requestId: request.id, version: 'received', data: { answerToken: answerToken(request) } })
    return request
  })
}

/**
 * The other side accepts or declines a pending request. Locks both companies (same order as
 * sending), re-reads the request under the lock: the second of two racing answers finds it
 * decided. Accepting a request when the same pair already asked the other way accepts the pair.
 */
export async function answerRequest(
  requestId: string,
  answeringCompanyId: string,
  decision: 'accepted' | 'declined',
  options: { db?: Database; now?: Date } = {},
) {
  const db = options.db ?? getDb()
  const now = options.now ?? new Date()
  return inLockedTransaction(db, async (tx) => {
    const [peek] = await tx.select().from(meetingRequests).where(eq(meetingRequests.id, requestId))
    if (!peek || peek.toCompanyId !== answeringCompanyId) throw new Refusal('notFound')
    await lockB2bParticipants(tx, peek.eventId, [peek.fromCompanyId, peek.toCompanyId])
    const [request] = await tx.select().from(meetingRequests).where(eq(meetingRequests.id, requestId))
    if (request.status !== 'pending') throw new Refusal('b2bRequestNotPending', { details: { status: request.status } })
    if (request.expiresAt <= now) throw new Refusal('b2bRequestNotPending', { details: { status: 'expired' } })
    const [updated] = await tx
      .update(meetingRequests)
      .set({ status: decision, decidedAt: now })
      .where(and(eq(meetingRequests.id, requestId), eq(meetingRequests.status, 'pending')))
      .returning()
    await notify(tx, { kind: 'b2b.request', requestId, version: decision })
    return updated
  })
}

/** The sender withdraws a pending or accepted request (no meeting scheduled for it yet is kept). */
export async function cancelRequest(requestId: string, fromCompanyId: string, db: Database = getDb()) {
  return inLockedTransaction(db, async (tx) => {
    const [request] = await tx.select().from(meetingRequests).where(eq(meetingRequests.id, requestId))
    if (!request || request.fromCompanyId !== fromCompanyId) throw new Refusal('notFound')
    if (request.status !== 'pending') throw new Refusal('b2bRequestNotPending', { details: { status: request.status } })
    await tx.update(meetingRequests).set({ status: 'cancelled', decidedAt: new Date() }).where(eq(meetingRequests.id, requestId))
  })
}

/**
 * Pending requests past their expiry become `expired`; both sides are told. Safe to run twice
 * and alongside answers: each row changes only while still pending, and only the rows changed
 * here are notified.
 */
export async function expireRequests(now = new Date(), db: Database = getDb()) {
  return db.transaction(async (tx) => {
    const expired = await tx
      .update(meetingRequests)
      .set({ status: 'expired', decidedAt: now })
      .where(and(eq(meetingRequests.status, 'pending'), lte(meetingRequests.expiresAt, now)))
      .returning({ id: meetingRequests.id })
    for (const row of expired) await notify(tx, { kind: 'b2b.request', requestId: row.id, version: 'expired' })
    return expired.length
  })
}

/**
 * The organiser arranges a meeting between two participants directly: an accepted request
 * (brokered, priority 3) the scheduler will place. An existing pending request of the pair is
 * accepted instead of adding another.
 */
export async function brokerMeeting(eventId: string, companyIds: [string, string], actor: { userId: string }, db: Database = getDb()) {
  const [a, b] = companyIds
  if (a === b) throw new Refusal('b2bSelfRequest')
  return inLockedTransaction(db, async (tx) => {
    const locked = await lockB2bParticipants(tx, eventId, [a, b])
    if (locked.length !== 2) throw new Refusal('notFound')
    const [live] = await tx
      .select()
      .from(meetingRequests)
      .where(
        and(
          eq(meetingRequests.eventId, eventId),
          sql`${meetingRequests.status} in ('pending', 'accepted')`,
          or(
            and(eq(meetingRequests.fromCompanyId, a), eq(meetingRequests.toCompanyId, b)),
            and(eq(meetingRequests.fromCompanyId, b), eq(meetingRequests.toCompanyId, a)),
          ),
        ),
      )
      .orderBy(asc(meetingRequests.createdAt))
      .limit(1)
    let request: MeetingRequest
    if (live) {
      ;[request] = await tx
        .update(meetingRequests)
        .set({ status: 'accepted', priority: 3, brokered: true, decidedAt: live.decidedAt ?? new Date() })
        .where(eq(meetingRequests.id, live.id))
        .returning()
    } else {
      ;[request] = await tx
        .insert(meetingRequests)
        .values({ eventId, fromCompanyId: a, toCompanyId: b, status: 'accepted', priority: 3, brokered: true, mustMeet: true, expiresAt: new Date(), decidedAt: new Date() })
        .returning()
    }
    await recordAudit(tx, { actor: { userId: actor.userId }, action: 'b2b.broker', subjectType: 'meeting_request', subjectId: request.id })
    return request
  })
}

/** A company's requests, sent and received, with the other company's name. */
export async function requestsOf(eventId: string, companyId: string, db: DbOrTx = getDb()) {
  const rows = await db
    .select({ request: meetingRequests, fromName: sql<string>`(select name from company where id = ${meetingRequests.fromCompanyId})`, toName: sql<string>`(select name from company where id = ${meetingRequests.toCompanyId})` })
    .from(meetingRequests)
    .where(and(eq(meetingRequests.eventId, eventId), or(eq(meetingRequests.fromCompanyId, companyId), eq(meetingRequests.toCompanyId, companyId))))
    .orderBy(asc(meetingRequests.createdAt))
  return rows.map((r) => ({ ...r.request, fromName: r.fromName, toName: r.toName, direction: r.request.fromCompanyId === companyId ? ('sent' as const) : ('received' as const) }))
}

export async function requestCounts(eventId: string, db: DbOrTx = getDb()) {
  const rows = await db
    .select({ status: meetingRequests.status, count: sql<number>`count(*)::int` })
    .from(meetingRequests)
    .where(eq(meetingRequests.eventId, eventId))
    .groupBy(meetingRequests.status)
  const counts: Record<MeetingRequestStatus, number> = { pending: 0, accepted: 0, declined: 0, expired: 0, cancelled: 0 }
  for (const row of rows) counts[row.status] = Number(row.count)
  return counts
}

/** Participants with no profile, and with no request sent or received. */
export async function quietCompanies(eventId: string, db: DbOrTx = getDb()) {
  return db
    .select({
      companyId: b2bParticipants.companyId,
      name: companies.name,
      hasProfile: sql<boolean>`exists (select 1 from b2b_profile p where p.event_id = ${eventId} and p.company_id = ${b2bParticipants.companyId})`,
      hasRequests: sql<boolean>`exists (select 1 from meeting_request r where r.event_id = ${eventId} and (r.from_company_id = ${b2bParticipants.companyId} or r.to_company_id = ${b2bParticipants.companyId}))`,
    })
    .from(b2bParticipants)
    .innerJoin(companies, eq(companies.id, b2bParticipants.companyId))
    .where(eq(b2bParticipants.eventId, eventId))
    .orderBy(asc(companies.name))
}

// One-click answers from the mail: a signed link names the request and the answering company.

function sign(payload: string) {
  return crypto.createHmac('sha256', `b2b-answer:${getEnv().SESSION_SECRET ?? 'development'}`).update(payload).digest('base64url')
}

/** The token of a one-click answer link for the receiving company of a request, valid until it expires. */
export function answerToken(request: Pick<MeetingRequest, 'id' | 'toCompanyId' | 'expiresAt'>) {
  const payload = `${request.id}.${request.toCompanyId}.${Math.floor(request.expiresAt.getTime() / 1000)}`
  return `${Buffer.from(payload).toString('base64url')}.${sign(payload)}`
}

/** The request and company a token names, or null when forged or past its date. */
export function readAnswerToken(token: string, now = new Date()): { requestId: string; companyId: string } | null {
  const [encoded, signature] = token.split('.')
  if (!encoded || !signature) return null
  const payload = Buffer.from(encoded, 'base64url').toString('utf8')
  const expected = sign(payload)
  if (expected.length !== signature.length || !crypto.timingSafeEqual(Buffer.from(expected), Buffer.from(signature))) return null
  const [requestId, companyId, expires] = payload.split('.')
  if (!requestId || !companyId || !(Number(expires) * 1000 > now.getTime())) return null
  return { requestId, companyId }
}

export async function requestForAnswer(token: string, db: DbOrTx = getDb()) {
  const named = readAnswerToken(token)
  if (!named) return null
  const [row] = await db
    .select({ request: meetingRequests, fromName: companies.name })
    .from(meetingRequests)
    .innerJoin(companies, eq(companies.id, meetingRequests.fromCompanyId))
    .where(and(eq(meetingRequests.id, named.requestId), eq(meetingRequests.toCompanyId, named.companyId)))
  return row ?? null
}
