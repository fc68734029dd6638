import { eq } from 'drizzle-orm'
import type { DbOrTx } from '#db/client'
import { organiserMessages } from '#db/schema/index'
import { localized, type Locale } from '~/locales'
import { attendeeById, concernedAttendees, registrationWithAttendees } from '~/modules/registration/recipients.server'
import { mailAttendee, mailContact } from '../deliver.server'
import type { KindHandler } from './types'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** A text given as a plain string or per language ({ fr, en }) — how jobs queued before recorded messages carried it. */
function inLocale(value: unknown, locale: Locale): string {
  if (typeof value === 'string') return value
  if (value && typeof value === 'object') {
    const texts = value as Record<string, unknown>
    const text = texts[locale] ?? texts.fr
    return typeof text === 'string' ? text : ''
  }
  return ''
}

async function recordedMessage(tx: DbOrTx, id: string) {
  if (!UUID.test(id)) return undefined
  const [stored] = await tx.select().from(organiserMessages).where(eq(organiserMessages.id, id))
  return stored
}

/** An organiser's message to one delegate, one registration's contact, or every attendee of the event. */
export const organiserMessage: KindHandler<'organiser.message'> = async (tx, n) => {
  const messageKey = n.data?.messageId || String(n.version ?? 0)
  const stored = await recordedMessage(tx, messageKey)
  const textIn = (locale: Locale) => ({
    subject: stored ? localized(stored.subject, locale) : inLocale(n.data?.subject, locale),
    body: stored ? localized(stored.body, locale) : inLocale(n.data?.body, locale),
  })
  const options = { kind: n.kind, template: 'organiser-message' as const, listUnsubscribe: true, organiserMessageId: stored?.id }
  if (n.attendeeId) {
    const attendee = await attendeeById(tx, n.attendeeId)
    // For a recorded message the mail row is kept even for someone who cancelled meanwhile: the
    // sender marks it cancelled, so the message's progress still adds up to its total.
    if (attendee && (attendee.status === 'active' || stored))
      await mailAttendee(tx, attendee, { ...options, data: { message: textIn(attendee.locale) }, key: `organiser.message:attendee:${attendee.id}:${messageKey}` })
  } else if (n.registrationId) {
    const found = await registrationWithAttendees(tx, n.registrationId)
    if (found)
      await mailContact(tx, found.registration, {
        ...options,
        data: { message: textIn(found.registration.locale) },
        key: `organiser.message:contact:${found.registration.id}:${messageKey}`,
      })
  } else if (n.eventId) {
    for (const attendee of await concernedAttendees(tx, n.eventId)) {
      await mailAttendee(tx, attendee, { ...options, data: { message: textIn(attendee.locale) }, key: `organiser.message:attendee:${attendee.id}:${messageKey}` })
    }
  }
}
