import { and, eq, sql } from 'drizzle-orm'
import type { AnyPgColumn } from 'drizzle-orm/pg-core'
import type { DbOrTx } from '#db/client'
import { attendeeRsvps, programmeItemContactRsvps, type RsvpPartstat } from '#db/schema/index'
import { recordAudit } from '~/modules/audit/audit.server'
import { notify } from '~/modules/notifications/notify.server'
import type { Invitation } from './invitations.server'

export type ReplyToApply = {
  partstat: RsvpPartstat
  sequence: number
  stamp: Date
  delegatedTo: string | null
  inboundMessageId: string | null
  matchedBy: 'uid' | 'address' | 'token' | 'manual'
  sender?: string
  /** The organiser who applied it from the review queue. */
  userId?: string
}

export type AppliedReply = { invitation: Invitation['kind']; partstat: RsvpPartstat; previous: RsvpPartstat | null }

/**
 * Records a guest's answer, unless an answer already applied is newer (RFC 5546: higher
 * SEQUENCE, or the same SEQUENCE with a later DTSTAMP). The comparison is in the upsert's WHERE,
 * so two deliveries racing each other cannot apply the older one last. Returns null when stale.
 * A declined attendee is mailed a link to cancel their seat themselves: never cancelled here.
 */
export async function applyReply(tx: DbOrTx, invitation: Invitation, reply: ReplyToApply): Promise<AppliedReply | null> {
  const values = {
    partstat: reply.partstat,
    replySequence: reply.sequence,
    replyStamp: reply.stamp,
    delegatedTo: reply.delegatedTo,
    inboundMessageId: reply.inboundMessageId,
    digestedAt: null,
    updatedAt: new Date(),
  }
  let previous: RsvpPartstat | null
  let applied: boolean
  if (invitation.kind === 'partner-contact') {
    const t = programmeItemContactRsvps
    const key = and(eq(t.programmeItemId, invitation.programmeItemId), eq(t.partnerContactId, invitation.partnerContactId))
    ;[{ partstat: previous } = { partstat: null }] = await tx.select({ partstat: t.partstat }).from(t).where(key)
    const rows = await tx
      .insert(t)
      .values({ programmeItemId: invitation.programmeItemId, partnerContactId: invitation.partnerContactId, ...values })
      .onConflictDoUpdate({
        target: [t.programmeItemId, t.partnerContactId],
        set: values,
        setWhere: newer(t.replySequence, t.replyStamp, reply, reply.matchedBy === 'manual'),
      })
      .returning({ partstat: t.partstat })
    applied = rows.length > 0
  } else {
    const t = attendeeRsvps
    ;[{ partstat: previous } = { partstat: null }] = await tx.select({ partstat: t.partstat }).from(t).where(eq(t.attendeeId, invitation.attendeeId))
    const rows = await tx
      .insert(t)
      .values({ attendeeId: invitation.attendeeId, ...values })
      .onConflictDoUpdate({ target: t.attendeeId, set: values, setWhere: newer(t.replySequence, t.replyStamp, reply, reply.matchedBy === 'manual') })
      .returning({ partstat: t.partstat })
    applied = rows.length > 0
  }
  if (!applied) return null
  const subjectId = invitation.kind === 'attendee' ? invitation.attendeeId : invitation.partnerContactId
  await recordAudit(tx, {
    actor: reply.userId ? { userId: reply.userId } : { label: `mail:${invitation.email.toLowerCase()}` },
    action: 'rsvp.applied',
    subjectType: invitation.kind === 'attendee' ? 'attendee' : 'partner_contact',
    subjectId,
    data: {
      partstat: reply.partstat,
      previous,
      sequence: reply.sequence,
      stamp: reply.stamp.toISOString(),
      matchedBy: reply.matchedBy,
      sender: reply.sender ?? null,
      inboundMessageId: reply.inboundMessageId,
      programmeItemId: invitation.kind === 'partner-contact' ? invitation.programmeItemId : undefined,
      delegatedTo: reply.delegatedTo ?? undefined,
    },
  })
  if (invitation.kind === 'attendee' && invitation.active && reply.partstat === 'declined' && previous !== 'declined') {
    await notify(tx, { kind: 'attendee.declined', attendeeId: invitation.attendeeId, version: reply.stamp.getTime() })
  }
  return { invitation: invitation.kind, partstat: reply.partstat, previous }
}

/** A manual decision (review queue) always wins; a mailed one only when newer. */
function newer(sequence: AnyPgColumn, stamp: AnyPgColumn, reply: ReplyToApply, manual: boolean) {
  if (manual) return sql`true`
  return sql`(${reply.sequence} > ${sequence} or (${reply.sequence} = ${sequence} and ${reply.stamp.toISOString()}::timestamptz > ${stamp}))`
}
