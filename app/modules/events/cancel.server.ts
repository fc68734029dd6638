import { sql } from 'drizzle-orm'
import type { Database } from '#db/client'
import { recordAudit } from '~/modules/audit/audit.server'
import { cancelEvent } from '~/modules/calendar/changes.server'
import { refundRegistration } from '~/modules/payments/refunds.server'
import { logger } from '~/utils/logger.server'
import { loadEventForAdmin, type Actor } from './events.server'

export type CancellationPreview = {
  status: string
  attendees: number
  companies: number
  partnerContacts: number
  /** What will be refunded in full, per currency (registrations with money received). */
  refunds: { currency: string; registrations: number; amountMinor: number }[]
}

/** Who will be told and what will be refunded if the event is cancelled now. */
export async function previewEventCancellation(db: Database, actor: Actor, eventId: string): Promise<CancellationPreview> {
  const event = await loadEventForAdmin(db, actor, eventId)
  const [people] = await db.execute<{ attendees: number; companies: number }>(sql`
    select count(*)::int as attendees, count(distinct r.company_id)::int as companies
    from attendee a join registration r on r.id = a.registration_id
    where a.event_id = ${event.id} and a.status = 'active' and r.status in ('confirmed', 'awaiting_payment', 'pending_approval')`)
  const [contacts] = await db.execute<{ n: number }>(sql`
    select count(distinct pic.partner_contact_id)::int as n
    from programme_item_contact pic join programme_item p on p.id = pic.programme_item_id
    where p.event_id = ${event.id} and p.cancelled_at is null`)
  const refunds = await db.execute<{ currency: string; registrations: number; amount_minor: number }>(sql`
    select currency, count(*)::int as registrations, sum(paid_minor)::int as amount_minor
    from registration where event_id = ${event.id} and paid_minor > 0
    group by currency order by currency`)
  return {
    status: event.status,
    attendees: Number(people?.attendees ?? 0),
    companies: Number(people?.companies ?? 0),
    partnerContacts: Number(contacts?.n ?? 0),
    refunds: refunds.map((r) => ({ currency: r.currency, registrations: Number(r.registrations), amountMinor: Number(r.amount_minor) })),
  }
}

/**
 * Cancels the event — METHOD:CANCEL to every attendee and partner contact through the calendar
 * service — then refunds in full every registration that paid (Stripe or recorded; credit note;
 * the company told). Each refund is its own transaction (it may call Stripe): a refund that fails
 * is reported and can be retried by running the cancellation again, which refunds what remains.
 */
export async function cancelEventAndRefund(db: Database, actor: Actor, eventId: string) {
  const event = await loadEventForAdmin(db, actor, eventId)
  if (event.status !== 'cancelled') {
    await db.transaction(async (tx) => {
      await cancelEvent({ eventId: event.id }, tx)
      await recordAudit(tx, { actor: { userId: actor.id }, action: 'event.cancelled', subjectType: 'event', subjectId: event.id })
    })
  }
  const paid = await db.execute<{ id: string; paid_minor: number }>(
    sql`select id, paid_minor from registration where event_id = ${event.id} and paid_minor > 0 order by created_at`,
  )
  const failed: string[] = []
  let refunded = 0
  for (const registration of paid) {
    try {
      await refundRegistration({
        registrationId: registration.id,
        amountMinor: Number(registration.paid_minor),
        reason: 'event_cancelled',
        actor: { userId: actor.id },
      })
      refunded++
    } catch (error) {
      logger.error({ err: error, registrationId: registration.id }, 'refund after event cancellation failed')
      failed.push(registration.id)
    }
  }
  return { refunded, failed }
}
