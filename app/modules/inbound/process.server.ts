import { eq } from 'drizzle-orm'
import { getDb, type DbOrTx } from '#db/client'
import { inboundMessages, inboundReviewItems, type InboundStatus, type RsvpPartstat } from '#db/schema/index'
import type { CalendarReply } from './ical-reply'
import { invitationByUid, invitationsByUidDigest, soleInvitationOfAddress, type Invitation } from './invitations.server'
import { readMessage, type ReadMessage } from './read-message.server'
import { applyReply, type AppliedReply } from './rsvp.server'
import { findRsvpToken, tokenMatches } from '~/modules/calendar/rsvp-address.server'
import { checkSender } from './sender.server'

/** Why a message was not applied; the back office shows each in words (locales admin.inbound.reasons). */
export const INBOUND_REASONS = [
  'not-a-reply',
  'auto-reply',
  'no-calendar-part',
  'subject-only',
  'tnef-unreadable',
  'attendee-count',
  'no-uid',
  'unknown-partstat',
  'unmatched',
  'ambiguous-address',
  'stale',
  'sender-not-guest',
  'sender-not-aligned',
  'delegated',
  'unreadable',
] as const
export type InboundReason = (typeof INBOUND_REASONS)[number]

export type ProcessOutcome = { status: InboundStatus; reason?: InboundReason; applied?: AppliedReply }

type MatchedBy = 'uid' | 'address' | 'token'

/** UID first, then the ATTENDEE address, then the signed token of the address it was sent to. */
export async function matchInvitation(db: DbOrTx, reply: CalendarReply | null, message: ReadMessage): Promise<{ invitation: Invitation; by: MatchedBy } | { reason: InboundReason }> {
  if (reply) {
    const byUid = await invitationByUid(db, reply.uid)
    if (byUid) return { invitation: byUid, by: 'uid' }
    const byAddress = await soleInvitationOfAddress(db, reply.attendee.address)
    if (byAddress.invitation) return { invitation: byAddress.invitation, by: 'address' }
    if (byAddress.count > 1) {
      const byToken = await matchToken(db, reply, message)
      return byToken ? { invitation: byToken, by: 'token' } : { reason: 'ambiguous-address' }
    }
  }
  const byToken = await matchToken(db, reply, message)
  return byToken ? { invitation: byToken, by: 'token' } : { reason: 'unmatched' }
}

async function matchToken(db: DbOrTx, reply: CalendarReply | null, message: ReadMessage) {
  const token = findRsvpToken([reply?.organiser, ...message.recipients])
  if (!token) return null
  const candidates = await invitationsByUidDigest(db, token.digest)
  return candidates.find((c) => tokenMatches(c.calendarUid, token)) ?? null
}

const AUTO_SUBMITTED = /^auto-(replied|generated)/i

/**
 * Reads one stored message and decides: apply it (a reply that matches an invitation, from its
 * guest, newer than what was applied), ignore it (stale, an auto-reply), quarantine it (a
 * sender who is not the guest) or leave it to a person (the review queue, with the reason).
 * Safe to run twice: a message already decided is left as it is.
 */
export async function processInboundMessage(inboundMessageId: string, db = getDb()): Promise<ProcessOutcome | null> {
  return db.transaction(async (tx) => {
    const [row] = await tx.select().from(inboundMessages).where(eq(inboundMessages.id, inboundMessageId)).for('update')
    if (!row || row.status !== 'stored') return null
    const outcome = await decide(tx, row.id, row.raw)
    await tx
      .update(inboundMessages)
      .set({ status: outcome.status, reason: outcome.reason ?? null, processedAt: new Date() })
      .where(eq(inboundMessages.id, row.id))
    return outcome
  })
}

async function decide(tx: DbOrTx, inboundMessageId: string, raw: Buffer): Promise<ProcessOutcome> {
  let message: ReadMessage
  try {
    message = await readMessage(raw)
  } catch {
    return review(tx, inboundMessageId, 'unreadable')
  }
  const replies = message.readings.flatMap((r) => (r.kind === 'reply' ? [r.reply] : []))
  const unusable = message.readings.flatMap((r) => (r.kind === 'unusable' ? [r.reason] : []))
  const reply = replies[0] ?? null
  if (!reply) {
    const autoSubmitted = AUTO_SUBMITTED.test(headerValue(raw, 'auto-submitted'))
    if (message.subjectPartstat) return review(tx, inboundMessageId, 'subject-only', { partstat: message.subjectPartstat, address: message.from })
    if (unusable.includes('attendee-count')) return review(tx, inboundMessageId, 'attendee-count', { address: message.from })
    if (unusable.includes('no-uid')) return review(tx, inboundMessageId, 'no-uid', { address: message.from })
    if (message.hadTnef) return review(tx, inboundMessageId, 'tnef-unreadable', { address: message.from })
    if (autoSubmitted) return { status: 'ignored', reason: 'auto-reply' }
    if (unusable.includes('not-a-reply')) return { status: 'ignored', reason: 'not-a-reply' }
    return review(tx, inboundMessageId, 'no-calendar-part', { address: message.from })
  }
  const partstat = reply.attendee.partstat
  if (partstat === 'needs-action' || partstat === 'other')
    return review(tx, inboundMessageId, 'unknown-partstat', { uid: reply.uid, address: reply.attendee.address })

  const match = await matchInvitation(tx, reply, message)
  if ('reason' in match) return review(tx, inboundMessageId, match.reason, { partstat, uid: reply.uid, address: reply.attendee.address })
  const { invitation } = match

  const sender = await checkSender(raw, message.from, invitation.email)
  if (!sender.ok) {
    // kept for a person to release or ignore, never applied by itself
    await review(tx, inboundMessageId, sender.reason, { partstat, uid: reply.uid, address: reply.attendee.address })
    return { status: 'quarantined', reason: sender.reason }
  }

  const applied = await applyReply(tx, invitation, {
    partstat,
    sequence: reply.sequence < 0 ? invitation.sequence : reply.sequence,
    stamp: reply.stamp ?? message.date ?? new Date(),
    delegatedTo: reply.attendee.delegatedTo,
    inboundMessageId,
    matchedBy: match.by,
    sender: sender.how,
  })
  if (!applied) return { status: 'ignored', reason: 'stale' }
  if (partstat === 'delegated') {
    // The delegate is someone new: a person adds them (the answer itself is applied).
    await review(tx, inboundMessageId, 'delegated', { partstat, uid: reply.uid, address: reply.attendee.delegatedTo })
  }
  return { status: 'applied', applied }
}

function headerValue(raw: Buffer, name: string) {
  const head = raw.subarray(0, 64 * 1024).toString('latin1')
  const m = new RegExp(`^${name}:[ \\t]*([^\\r\\n]*)`, 'im').exec(head.split(/\r?\n\r?\n/)[0])
  return m?.[1] ?? ''
}

async function review(
  tx: DbOrTx,
  inboundMessageId: string,
  reason: InboundReason,
  details: { partstat?: RsvpPartstat; uid?: string; address?: string | null } = {},
): Promise<ProcessOutcome> {
  await tx
    .insert(inboundReviewItems)
    .values({
      inboundMessageId,
      reason,
      suggestedPartstat: details.partstat ?? null,
      calendarUid: details.uid ?? null,
      attendeeAddress: details.address ?? null,
    })
    .onConflictDoNothing({ target: inboundReviewItems.inboundMessageId })
  return { status: reason === 'delegated' ? 'applied' : 'review', reason }
}
