/**
 * After a meeting: each company is asked for a one-click rating when the meeting has ended, and
 * at +3, +6 and +12 months whether talks started, an agreement was reached and what it is worth
 * (USD). The sweep writes one `meeting_follow_up` row per (meeting, company, months) before it
 * notifies, so a second run sends nothing twice; the answers are stored on the same row.
 */
import crypto from 'node:crypto'
import { and, eq, sql } from 'drizzle-orm'
import { getDb, type Database, type DbOrTx } from '#db/client'
import { FOLLOW_UP_MONTHS, meetingFollowUps, meetingRatings, meetings, type MeetingRating } from '#db/schema/index'
import { notify } from '~/modules/notifications/notify.server'
import { getEnv } from '~/utils/env.server'
import { Refusal } from '~/utils/refusal'

function sign(payload: string) {
  return crypto.createHmac('sha256', `b2b-follow-up:${getEnv().SESSION_SECRET ?? 'development'}`).update(payload).digest('base64url')
}

/** The signed token of one company's follow-up link for a meeting (the same link serves the rating and the follow-ups). */
export function followUpToken(meetingId: string, companyId: string, months: number) {
  const payload = `${meetingId}.${companyId}.${months}`
  return `${Buffer.from(payload).toString('base64url')}.${sign(payload)}`
}

export function readFollowUpToken(token: string): { meetingId: string; companyId: string; months: number } | null {
  const [encoded, signature] = token.split('.')
  if (!encoded || !signature) return null
  const payload = Buffer.from(encoded, 'base64url').toString('utf8')
  const expected = sign(payload)
  if (expected.length !== signature.length || !crypto.timingSafeEqual(Buffer.from(expected), Buffer.from(signature))) return null
  const [meetingId, companyId, months] = payload.split('.')
  const m = Number(months)
  if (!meetingId || !companyId || !(FOLLOW_UP_MONTHS as readonly number[]).includes(m)) return null
  return { meetingId, companyId, months: m }
}

/**
 * Asks what is due: for every published meeting whose slot ended `months` ago (0: just ended),
 * each company not asked yet gets its question. Idempotent.
 */
export async function sweepFollowUps(now = new Date(), db: Database = getDb()) {
  let asked = 0
  const at = now.toISOString()
  for (const months of FOLLOW_UP_MONTHS) {
    await db.transaction(async (tx) => {
      const due = await tx.execute<{ meeting_id: string; company_id: string }>(sql`
        insert into meeting_follow_up (meeting_id, company_id, months, sent_at)
        select m.id, c.company_id, ${months}, ${at}::timestamptz
        from meeting m
        join meeting_slot s on s.id = m.slot_id
        cross join lateral (values (m.company_a_id), (m.company_b_id)) as c(company_id)
        where m.status = 'published' and m.no_show_company_id is null
          and s.ends_at + make_interval(months => ${months}) <= ${at}::timestamptz
          and s.ends_at + make_interval(months => ${months}) > ${at}::timestamptz - interval '30 days'
        on conflict do nothing
        returning meeting_id, company_id`)
      for (const row of due) {
        await notify(tx, {
          kind: 'b2b.follow-up',
          meetingId: row.meeting_id,
          data: { companyId: row.company_id, months, token: followUpToken(row.meeting_id, row.company_id, months) },
        })
        asked++
      }
    })
  }
  return asked
}

/** What a follow-up link opens: the meeting, the company asked and what it already answered. */
export async function followUpOf(token: string, db: DbOrTx = getDb()) {
  const named = readFollowUpToken(token)
  if (!named) return null
  const [meeting] = await db.select().from(meetings).where(eq(meetings.id, named.meetingId))
  if (!meeting || ![meeting.companyAId, meeting.companyBId].includes(named.companyId)) return null
  const otherId = meeting.companyAId === named.companyId ? meeting.companyBId : meeting.companyAId
  const [other] = await db.execute<{ name: string }>(sql`select name from company where id = ${otherId}`)
  const [rating] = await db.select().from(meetingRatings).where(and(eq(meetingRatings.meetingId, meeting.id), eq(meetingRatings.companyId, named.companyId)))
  const [answer] = await db
    .select()
    .from(meetingFollowUps)
    .where(and(eq(meetingFollowUps.meetingId, meeting.id), eq(meetingFollowUps.companyId, named.companyId), eq(meetingFollowUps.months, named.months)))
  return { ...named, otherCompany: other?.name ?? '', rating: rating?.rating ?? null, answer: answer ?? null }
}

/** One click: the company's rating of the meeting (a later click replaces it). */
export async function rateMeeting(token: string, rating: MeetingRating, db: DbOrTx = getDb()) {
  const found = await followUpOf(token, db)
  if (!found) throw new Refusal('notFound')
  await db
    .insert(meetingRatings)
    .values({ meetingId: found.meetingId, companyId: found.companyId, rating })
    .onConflictDoUpdate({ target: [meetingRatings.meetingId, meetingRatings.companyId], set: { rating, updatedAt: new Date() } })
}

/** A follow-up answer (+3/+6/+12 months), stored on the row the sweep wrote. */
export async function answerFollowUp(
  token: string,
  answer: { talksStarted: boolean; agreementReached: boolean; estimatedValueUsd?: number },
  db: DbOrTx = getDb(),
) {
  const found = await followUpOf(token, db)
  if (!found || found.months === 0) throw new Refusal('notFound')
  const values = {
    talksStarted: answer.talksStarted,
    agreementReached: answer.agreementReached,
    estimatedValueUsdMinor: answer.estimatedValueUsd === undefined ? null : Math.round(answer.estimatedValueUsd * 100),
    answeredAt: new Date(),
  }
  await db
    .insert(meetingFollowUps)
    .values({ meetingId: found.meetingId, companyId: found.companyId, months: found.months, ...values })
    .onConflictDoUpdate({ target: [meetingFollowUps.meetingId, meetingFollowUps.companyId, meetingFollowUps.months], set: { ...values, updatedAt: new Date() } })
}
