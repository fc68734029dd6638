import { and, asc, desc, eq, gte, isNull, sql } from 'drizzle-orm'
import { simpleParser } from 'mailparser'
import type { Database, DbOrTx } from '#db/client'
import { attendees, events, inboundMessages, inboundReviewItems, partnerContacts, programmeItemContacts, programmeItems } from '#db/schema/index'
import { recordAudit } from '~/modules/audit/audit.server'
import { Refusal } from '~/utils/refusal'
import { invitationByUid, type Invitation } from './invitations.server'
import type { ReviewDecision } from './review-schemas'
import { applyReply } from './rsvp.server'

type Actor = { id: string; organisationId: string }

/** An invitation a person can pick for a message: `contact:<itemId>:<contactId>` or `attendee:<id>`. */
export type Candidate = { key: string; label: string; email: string; kind: Invitation['kind'] }


/** The plain-text part only, cut short: inbound HTML is never rendered nor kept for display. */
async function plainText(raw: Buffer) {
  try {
    const parsed = await simpleParser(raw, { skipHtmlToText: true, skipTextToHtml: true, skipImageLinks: true })
    return (parsed.text ?? '').trim().slice(0, 1500)
  } catch {
    return ''
  }
}

/**
 * Open review items (unmatched, subject-only, quarantined…) with what a person needs to decide:
 * the sender, subject, reason, the answer read, the message's plain text, and the organisation's
 * invitations that could be meant (those held by the addresses in the message first).
 */
export async function listOpenReviews(db: DbOrTx, actor: Actor) {
  const rows = await db
    .select({
      id: inboundReviewItems.id,
      reason: inboundReviewItems.reason,
      suggested: inboundReviewItems.suggestedPartstat,
      address: inboundReviewItems.attendeeAddress,
      uid: inboundReviewItems.calendarUid,
      receivedAt: inboundMessages.receivedAt,
      from: inboundMessages.fromAddress,
      subject: inboundMessages.subject,
      status: inboundMessages.status,
      raw: inboundMessages.raw,
    })
    .from(inboundReviewItems)
    .innerJoin(inboundMessages, eq(inboundMessages.id, inboundReviewItems.inboundMessageId))
    .where(eq(inboundReviewItems.state, 'open'))
    .orderBy(desc(inboundMessages.receivedAt))
    .limit(100)
  const candidates = await upcomingInvitations(db, actor.organisationId)
  const items = []
  for (const { raw, ...row } of rows) {
    const addresses = [row.address, ...(row.from ? [row.from.replace(/.*</, '').replace(/>.*/, '')] : [])]
      .filter((a): a is string => Boolean(a))
      .map((a) => a.trim().toLowerCase())
    const likely = candidates.filter((c) => addresses.includes(c.email.toLowerCase()))
    items.push({ ...row, text: await plainText(raw), likely: likely.map((c) => c.key) })
  }
  return { items, candidates }
}

/** Every upcoming invitation of the organisation (partner contacts per session, active attendees). */
async function upcomingInvitations(db: DbOrTx, organisationId: string, now = new Date()): Promise<Candidate[]> {
  const contacts = await db
    .select({ itemId: programmeItems.id, contactId: partnerContacts.id, name: partnerContacts.name, email: partnerContacts.email, session: programmeItems.title })
    .from(programmeItemContacts)
    .innerJoin(programmeItems, eq(programmeItems.id, programmeItemContacts.programmeItemId))
    .innerJoin(events, eq(events.id, programmeItems.eventId))
    .innerJoin(partnerContacts, eq(partnerContacts.id, programmeItemContacts.partnerContactId))
    .where(and(eq(events.organisationId, organisationId), gte(programmeItems.endsAt, now), isNull(programmeItems.cancelledAt)))
    .orderBy(asc(programmeItems.startsAt), asc(partnerContacts.name))
    .limit(500)
  const people = await db
    .select({ id: attendees.id, first: attendees.firstName, last: attendees.lastName, email: attendees.email, event: events.title })
    .from(attendees)
    .innerJoin(events, eq(events.id, attendees.eventId))
    .where(and(eq(events.organisationId, organisationId), eq(attendees.status, 'active'), gte(events.endsAt, now)))
    .orderBy(asc(events.startsAt), asc(attendees.lastName))
    .limit(2000)
  return [
    ...contacts.map((c) => ({ key: `contact:${c.itemId}:${c.contactId}`, label: `${c.name} <${c.email}> — ${c.session.fr}`, email: c.email, kind: 'partner-contact' as const })),
    ...people.map((p) => ({ key: `attendee:${p.id}`, label: `${p.first} ${p.last} <${p.email}> — ${p.event.fr}`, email: p.email, kind: 'attendee' as const })),
  ]
}

async function invitationFor(db: DbOrTx, key: string, organisationId: string): Promise<Invitation> {
  const [kind, a, b] = key.split(':')
  let uid: string | undefined
  if (kind === 'contact') {
    ;[{ uid } = { uid: undefined }] = await db
      .select({ uid: programmeItemContacts.calendarUid })
      .from(programmeItemContacts)
      .where(and(eq(programmeItemContacts.programmeItemId, a), eq(programmeItemContacts.partnerContactId, b)))
  } else {
    ;[{ uid } = { uid: undefined }] = await db.select({ uid: attendees.calendarUid }).from(attendees).where(eq(attendees.id, a))
  }
  const invitation = uid ? await invitationByUid(db, uid) : null
  if (!invitation || invitation.organisationId !== organisationId) throw new Refusal('reviewNoInvitation', { field: 'invitation' })
  return invitation
}

/**
 * A person's decision on a review item, in one transaction: the item is locked and must still be
 * open; "apply" records the chosen answer for the chosen invitation (audited as the organiser's,
 * with the message it came from), "ignore" closes it. The message's status follows.
 */
export async function decideReview(db: Database, actor: Actor, decision: ReviewDecision) {
  return db.transaction(async (tx) => {
    const [item] = await tx.select().from(inboundReviewItems).where(eq(inboundReviewItems.id, decision.reviewId)).for('update')
    if (!item) throw new Refusal('notFound')
    if (item.state !== 'open') throw new Refusal('reviewResolved')
    const resolved = { resolvedByUserId: actor.id, resolvedAt: new Date(), updatedAt: new Date() }
    if (decision.intent === 'ignore') {
      await tx.update(inboundReviewItems).set({ state: 'ignored', ...resolved }).where(eq(inboundReviewItems.id, item.id))
      await tx
        .update(inboundMessages)
        .set({ status: sql`case when ${inboundMessages.status} = 'applied' then 'applied' else 'ignored' end` })
        .where(eq(inboundMessages.id, item.inboundMessageId))
      await recordAudit(tx, { actor: { userId: actor.id }, action: 'inbound.ignored', subjectType: 'inbound_message', subjectId: item.inboundMessageId, data: { reason: item.reason } })
      return { state: 'ignored' as const }
    }
    const invitation = await invitationFor(tx, decision.invitation, actor.organisationId)
    await applyReply(tx, invitation, {
      partstat: decision.partstat,
      sequence: invitation.sequence,
      stamp: new Date(),
      delegatedTo: null,
      inboundMessageId: item.inboundMessageId,
      matchedBy: 'manual',
      userId: actor.id,
    })
    await tx.update(inboundReviewItems).set({ state: 'applied', ...resolved }).where(eq(inboundReviewItems.id, item.id))
    await tx.update(inboundMessages).set({ status: 'applied' }).where(eq(inboundMessages.id, item.inboundMessageId))
    return { state: 'applied' as const }
  })
}

