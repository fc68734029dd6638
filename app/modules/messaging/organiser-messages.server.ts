// Load the job queue (and its registry) before notify.server: notify → queue → registry → notify is a cycle
// that leaves `notificationJobs` undefined when notify.server is the first of them imported.
import { and, desc, eq, sql } from 'drizzle-orm'
import type { Database, DbOrTx } from '#db/client'
import { emailMessages, events, organiserMessages } from '#db/schema/index'
import type { Locale } from '~/locales'
import { recordAudit } from '~/modules/audit/audit.server'
import type { SessionUser } from '~/modules/auth/session.server'
import { composeMail } from '~/modules/mail/compose.server'
import { notify } from '~/modules/notifications/notify.server'
import type { BulkTarget } from '~/modules/registration/bulk-actions.server'
import type { OrganiserMessageInput } from '~/modules/registration/bulk-actions-schemas'
import { Refusal } from '~/utils/refusal'

/** Who a message goes to: the selected people still coming (or still deciding), once each. */
export function messageRecipients(targets: BulkTarget[]) {
  const live = new Set(['pending_approval', 'awaiting_payment', 'confirmed'])
  const seen = new Set<string>()
  return targets.filter((t) => t.attendeeStatus === 'active' && live.has(t.registrationStatus) && !seen.has(t.attendeeId) && seen.add(t.attendeeId))
}

function countByLocale(recipients: BulkTarget[]) {
  return {
    fr: recipients.filter((r) => r.locale === 'fr').length,
    en: recipients.filter((r) => r.locale === 'en').length,
  }
}

const textIn = (message: OrganiserMessageInput, locale: Locale) =>
  locale === 'fr' ? { subject: message.subjectFr, body: message.bodyFr } : { subject: message.subjectEn, body: message.bodyEn }

export type MessagePreview = { subject: string; html: string; text: string }

/**
 * What each language will receive, built by the mail module's own compose function with the real
 * template (a neutral recipient: no greeting name, no management link). Writes nothing.
 */
export async function previewOrganiserMessage(db: DbOrTx, eventId: string, targets: BulkTarget[], message: OrganiserMessageInput) {
  const recipients = messageRecipients(targets)
  if (recipients.length === 0) throw new Refusal('bulkNoRecipients')
  const previews = {} as Record<Locale, MessagePreview>
  for (const locale of ['fr', 'en'] as const) {
    const composed = await composeMail(db, {
      id: `preview-${eventId}`,
      payload: {
        template: 'organiser-message',
        recipient: {
          type: 'address',
          email: 'preview@passerelle.invalid',
          name: null,
          locale,
        },
        eventId,
        listUnsubscribe: true,
        data: { message: textIn(message, locale) },
      },
    })
    previews[locale] = {
      subject: composed.subject,
      html: String(composed.mail.html ?? ''),
      text: String(composed.mail.text ?? ''),
    }
  }
  return {
    recipients: recipients.length,
    byLocale: countByLocale(recipients),
    previews,
  }
}

/**
 * Records the message and enqueues one `organiser.message` notification per recipient in the same
 * transaction (the dispatcher reads both languages from the row and links each mail to it for the
 * progress page). The form's token is the message id: a double submit finds its row and sends nothing more.
 */
export async function sendOrganiserMessage(db: Database, user: SessionUser, eventId: string, targets: BulkTarget[], message: OrganiserMessageInput, token: string) {
  const recipients = messageRecipients(targets)
  if (recipients.length === 0) throw new Refusal('bulkNoRecipients')
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(organiserMessages)
      .values({
        id: token,
        eventId,
        subject: { fr: message.subjectFr, en: message.subjectEn },
        body: { fr: message.bodyFr, en: message.bodyEn },
        audience: 'attendees',
        recipientCount: recipients.length,
        sentByUserId: user.id,
      })
      .onConflictDoNothing({ target: organiserMessages.id })
      .returning({ id: organiserMessages.id })
    if (!row) {
      const [existing] = await tx.select({ eventId: organiserMessages.eventId }).from(organiserMessages).where(eq(organiserMessages.id, token))
      if (existing?.eventId !== eventId) throw new Refusal('bulkExpired')
      return { messageId: token, duplicate: true }
    }
    for (const recipient of recipients) {
      await notify(tx, {
        kind: 'organiser.message',
        attendeeId: recipient.attendeeId,
        eventId,
        data: { messageId: token },
      })
    }
    await recordAudit(tx, {
      actor: { userId: user.id },
      action: 'organiser-message.sent',
      subjectType: 'organiser_message',
      subjectId: token,
      data: {
        eventId,
        recipients: recipients.length,
        byLocale: countByLocale(recipients),
        attendeeIds: recipients.map((r) => r.attendeeId),
      },
    })
    return { messageId: token, duplicate: false }
  })
}

async function countsOf(db: DbOrTx, messageId: string) {
  const rows = await db
    .select({ status: emailMessages.status, n: sql<number>`count(*)::int` })
    .from(emailMessages)
    .where(eq(emailMessages.organiserMessageId, messageId))
    .groupBy(emailMessages.status)
  const by = Object.fromEntries(rows.map((r) => [r.status, Number(r.n)])) as Record<string, number>
  return {
    sent: by.sent ?? 0,
    failed: by.failed ?? 0,
    cancelled: by.cancelled ?? 0,
  }
}

/** Sent / failed / total of one message, and who failed (for the progress page). */
export async function organiserMessageProgress(db: DbOrTx, user: SessionUser, eventId: string, messageId: string) {
  if (!/^[0-9a-f-]{36}$/i.test(messageId)) throw new Refusal('messageNotFound')
  const [message] = await db
    .select({ message: organiserMessages })
    .from(organiserMessages)
    .innerJoin(events, eq(events.id, organiserMessages.eventId))
    .where(and(eq(organiserMessages.id, messageId), eq(organiserMessages.eventId, eventId), eq(events.organisationId, user.organisationId)))
  if (!message) throw new Refusal('messageNotFound')
  const counts = await countsOf(db, messageId)
  const failures = await db
    .select({
      id: emailMessages.id,
      toAddress: emailMessages.toAddress,
      locale: emailMessages.locale,
      lastError: emailMessages.lastError,
    })
    .from(emailMessages)
    .where(and(eq(emailMessages.organiserMessageId, messageId), eq(emailMessages.status, 'failed')))
    .orderBy(emailMessages.toAddress)
    .limit(500)
  const total = message.message.recipientCount
  const done = counts.sent + counts.failed + counts.cancelled
  return {
    message: message.message,
    total,
    ...counts,
    finished: done >= total,
    failures,
  }
}

/** The event's past messages, newest first, with their progress. */
export async function listOrganiserMessages(db: DbOrTx, eventId: string) {
  const rows = await db
    .select({
      id: organiserMessages.id,
      subject: organiserMessages.subject,
      recipientCount: organiserMessages.recipientCount,
      createdAt: organiserMessages.createdAt,
      sent: sql<number>`(select count(*)::int from email_message m where m.organiser_message_id = organiser_message.id and m.status = 'sent')`,
      failed: sql<number>`(select count(*)::int from email_message m where m.organiser_message_id = organiser_message.id and m.status = 'failed')`,
    })
    .from(organiserMessages)
    .where(eq(organiserMessages.eventId, eventId))
    .orderBy(desc(organiserMessages.createdAt))
    .limit(200)
  return rows.map((r) => ({
    ...r,
    sent: Number(r.sent),
    failed: Number(r.failed),
  }))
}
