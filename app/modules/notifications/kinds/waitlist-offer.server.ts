import { queueEmail } from '~/modules/mail/send.server'
import { waitlistEntryById } from '~/modules/registration/recipients.server'
import type { KindHandler } from './types'

/** A freed seat offered to the next person on the waiting list, with its claim link and deadline. */
export const waitlistOffer: KindHandler<'waitlist.offer'> = async (tx, n) => {
  const entry = await waitlistEntryById(tx, n.waitlistEntryId)
  if (!entry) return
  await queueEmail(tx, {
    dedupeKey: `waitlist.offer:${entry.id}:${n.version ?? 0}`,
    kind: n.kind,
    toAddress: entry.email,
    locale: entry.locale,
    eventId: entry.eventId,
    payload: {
      template: 'waitlist-offer',
      recipient: { type: 'address', email: entry.email, name: entry.name, locale: entry.locale },
      eventId: entry.eventId,
      data: {
        actionUrl: n.data?.url || undefined,
        expiresAt: n.data?.offerExpiresAt || entry.offerExpiresAt?.toISOString(),
      },
    },
  })
}
