import { and, eq, gt, inArray, isNull, sql } from 'drizzle-orm'
import { getDb, type DbOrTx } from '#db/client'
import {
  attendees,
  events,
  organiserMessages,
  partnerContacts,
  programmeItemContacts,
  programmeItems,
  registrations,
  waitlistEntries,
} from '#db/schema/index'
import type { MailTemplateName } from '#emails/index'
import { localized } from '~/locales'
import type { MailPayload } from '~/modules/mail/payload'
import { queueEmail } from '~/modules/mail/send.server'
import { logger } from '~/utils/logger.server'
import type { Notification } from './notify.server'

type AttendeeRow = typeof attendees.$inferSelect
type RegistrationRow = typeof registrations.$inferSelect

const LINK_TEMPLATES = {
  'user.invitation': 'user-invitation',
  'user.password-reset': 'password-reset',
  'company.sign-in-link': 'sign-in-link',
} as const satisfies Record<string, MailTemplateName>

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value ? value : undefined
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** A text given as a plain string or per language ({ fr, en }). */
function inLocale(value: unknown, locale: 'fr' | 'en'): string {
  if (typeof value === 'string') return value
  if (value && typeof value === 'object') {
    const texts = value as Record<string, unknown>
    return str(texts[locale]) ?? str(texts.fr) ?? ''
  }
  return ''
}

async function mailAttendee(
  tx: DbOrTx,
  attendee: AttendeeRow,
  options: {
    key: string
    kind: string
    template: MailTemplateName
    calendar?: 'REQUEST' | 'CANCEL'
    data?: MailPayload['data']
    listUnsubscribe?: boolean
    organiserMessageId?: string
  },
) {
  return queueEmail(tx, {
    dedupeKey: options.key,
    kind: options.kind,
    toAddress: attendee.email,
    locale: attendee.locale,
    eventId: attendee.eventId,
    registrationId: attendee.registrationId,
    organiserMessageId: options.organiserMessageId,
    payload: {
      template: options.template,
      recipient: { type: 'attendee', attendeeId: attendee.id },
      eventId: attendee.eventId,
      registrationId: attendee.registrationId,
      calendar: options.calendar,
      data: options.data,
      listUnsubscribe: options.listUnsubscribe,
    },
  })
}

async function mailContact(
  tx: DbOrTx,
  registration: RegistrationRow,
  options: { key: string; kind: string; template: MailTemplateName; data?: MailPayload['data']; listUnsubscribe?: boolean; organiserMessageId?: string },
) {
  return queueEmail(tx, {
    dedupeKey: options.key,
    kind: options.kind,
    toAddress: registration.contactEmail,
    locale: registration.locale,
    eventId: registration.eventId,
    registrationId: registration.id,
    organiserMessageId: options.organiserMessageId,
    payload: {
      template: options.template,
      recipient: { type: 'contact', registrationId: registration.id },
      eventId: registration.eventId,
      registrationId: registration.id,
      data: options.data,
      listUnsubscribe: options.listUnsubscribe,
    },
  })
}

/** Bumps an attendee's SEQUENCE (a CANCEL must be newer than the REQUEST it withdraws). */
async function bumpAttendeeSequence(tx: DbOrTx, attendeeId: string) {
  await tx
    .update(attendees)
    .set({ calendarSequence: sql`${attendees.calendarSequence} + 1` })
    .where(eq(attendees.id, attendeeId))
}

async function registrationWithAttendees(tx: DbOrTx, registrationId: string) {
  const [registration] = await tx.select().from(registrations).where(eq(registrations.id, registrationId))
  if (!registration) return null
  const people = await tx.select().from(attendees).where(eq(attendees.registrationId, registrationId)).orderBy(attendees.createdAt)
  return { registration, people }
}

/** The contact gets their own mail only when they are not one of the attendees (who get theirs). */
function contactIsAttendee(registration: RegistrationRow, people: AttendeeRow[]) {
  const email = registration.contactEmail.toLowerCase()
  return people.some((p) => p.email.toLowerCase() === email && p.status === 'active')
}

/** Everyone whose calendar holds the event: active attendees of confirmed registrations. */
export async function concernedAttendees(tx: DbOrTx, eventId: string) {
  return tx
    .select({ attendee: attendees })
    .from(attendees)
    .innerJoin(registrations, eq(registrations.id, attendees.registrationId))
    .where(and(eq(attendees.eventId, eventId), eq(attendees.status, 'active'), eq(registrations.status, 'confirmed')))
    .orderBy(attendees.id)
    .then((rows) => rows.map((r) => r.attendee))
}

/** Partner contacts on a programme item (or on every item of an event). */
export async function concernedPartnerContacts(tx: DbOrTx, where: { programmeItemId: string } | { eventId: string }) {
  return tx
    .select({
      partnerContactId: programmeItemContacts.partnerContactId,
      programmeItemId: programmeItemContacts.programmeItemId,
      calendarUid: programmeItemContacts.calendarUid,
      calendarSequence: programmeItemContacts.calendarSequence,
      email: partnerContacts.email,
      locale: partnerContacts.locale,
      eventId: programmeItems.eventId,
    })
    .from(programmeItemContacts)
    .innerJoin(partnerContacts, eq(partnerContacts.id, programmeItemContacts.partnerContactId))
    .innerJoin(programmeItems, eq(programmeItems.id, programmeItemContacts.programmeItemId))
    .where(
      'programmeItemId' in where
        ? eq(programmeItemContacts.programmeItemId, where.programmeItemId)
        : eq(programmeItems.eventId, where.eventId),
    )
    .orderBy(programmeItemContacts.programmeItemId, programmeItemContacts.partnerContactId)
}

type PartnerLink = Awaited<ReturnType<typeof concernedPartnerContacts>>[number]

/**
 * The invitations partner contacts hold: their sessions (not cancelled) of published events that
 * are not over yet. Editing or deleting a contact updates or withdraws exactly these.
 */
export async function invitedSessionsOf(tx: DbOrTx, partnerContactIds: string[]) {
  if (partnerContactIds.length === 0) return []
  return tx
    .select({
      partnerContactId: programmeItemContacts.partnerContactId,
      programmeItemId: programmeItemContacts.programmeItemId,
      calendarUid: programmeItemContacts.calendarUid,
      calendarSequence: programmeItemContacts.calendarSequence,
      email: partnerContacts.email,
      locale: partnerContacts.locale,
      name: partnerContacts.name,
      eventId: programmeItems.eventId,
    })
    .from(programmeItemContacts)
    .innerJoin(partnerContacts, eq(partnerContacts.id, programmeItemContacts.partnerContactId))
    .innerJoin(programmeItems, eq(programmeItems.id, programmeItemContacts.programmeItemId))
    .innerJoin(events, eq(events.id, programmeItems.eventId))
    .where(
      and(
        inArray(programmeItemContacts.partnerContactId, partnerContactIds),
        isNull(programmeItems.cancelledAt),
        eq(events.status, 'published'),
        gt(events.endsAt, sql`now()`),
      ),
    )
    .orderBy(programmeItemContacts.programmeItemId, programmeItemContacts.partnerContactId)
}

async function mailPartnerContact(
  tx: DbOrTx,
  link: PartnerLink,
  method: 'REQUEST' | 'CANCEL',
  change: 'invite' | 'changed' | 'cancelled',
  options: {
    withdrawn?: boolean
    /** Own dedupe key and kind (a contact's own change), instead of the item's version. */
    key?: string
    kind?: string
    formerEmail?: string
    removed?: { name: string; email: string; locale: 'fr' | 'en' }
  } = {},
) {
  return queueEmail(tx, {
    dedupeKey: options.key ?? `calendar:${link.calendarUid}:${link.calendarSequence}:${method}`,
    kind: options.kind ?? (change === 'invite' ? 'partner.invitation' : change === 'cancelled' ? 'programme-item.cancelled' : 'programme-item.changed'),
    toAddress: options.formerEmail ?? link.email,
    locale: link.locale,
    eventId: link.eventId,
    payload: {
      template: 'partner-invitation',
      recipient: {
        type: 'partner-contact',
        partnerContactId: link.partnerContactId,
        programmeItemId: link.programmeItemId,
        formerEmail: options.formerEmail,
        removed: options.removed,
      },
      eventId: link.eventId,
      programmeItemId: link.programmeItemId,
      calendar: method,
      // A contact taken off the item has no link row left: the mail carries its calendar identity.
      data: options.withdrawn ? { change, calendarIdentity: { uid: link.calendarUid, sequence: link.calendarSequence } } : { change },
    },
  })
}

/**
 * CANCEL to one partner contact taken off a programme item (the link row is gone once this
 * commits). With `removed`, the contact itself is being deleted: the mail carries who they were.
 */
export async function queuePartnerCancel(tx: DbOrTx, link: PartnerLink, removed?: { name: string; email: string; locale: 'fr' | 'en' }) {
  return mailPartnerContact(tx, link, 'CANCEL', 'cancelled', { withdrawn: true, removed })
}

/**
 * Updated invitations (REQUEST, same UID, current SEQUENCE) or cancellations to everyone
 * concerned by an event or a programme item. Keys carry UID + SEQUENCE: one mail per version.
 */
export async function fanOutCalendarUpdate(
  tx: DbOrTx,
  input: { scope: 'event' | 'programme-item'; id: string; method: 'REQUEST' | 'CANCEL' },
) {
  let queued = 0
  if (input.scope === 'event') {
    for (const attendee of await concernedAttendees(tx, input.id)) {
      const id = await mailAttendee(tx, attendee, {
        key: `calendar:${attendee.calendarUid}:${attendee.calendarSequence}:${input.method}`,
        kind: input.method === 'CANCEL' ? 'event.cancelled' : 'event.changed',
        template: input.method === 'CANCEL' ? 'cancelled' : 'event-changed',
        calendar: input.method,
        data: input.method === 'CANCEL' ? { wholeEvent: true } : undefined,
      })
      if (id) queued++
    }
    if (input.method === 'CANCEL') {
      // The whole event is cancelled: so is every session a partner was invited to.
      for (const link of await concernedPartnerContacts(tx, { eventId: input.id })) {
        if (await mailPartnerContact(tx, link, 'CANCEL', 'cancelled')) queued++
      }
    }
  } else {
    for (const link of await concernedPartnerContacts(tx, { programmeItemId: input.id })) {
      const change = input.method === 'CANCEL' ? 'cancelled' : 'changed'
      if (await mailPartnerContact(tx, link, input.method, change)) queued++
    }
  }
  return queued
}

/** Invitations to a programme item for its partner contacts (all, or the ones named). */
export async function invitePartnerContacts(tx: DbOrTx, programmeItemId: string, partnerContactIds?: string[]) {
  const [item] = await tx.select({ cancelledAt: programmeItems.cancelledAt }).from(programmeItems).where(eq(programmeItems.id, programmeItemId))
  if (!item || item.cancelledAt) return 0
  let queued = 0
  for (const link of await concernedPartnerContacts(tx, { programmeItemId })) {
    if (partnerContactIds && !partnerContactIds.includes(link.partnerContactId)) continue
    if (await mailPartnerContact(tx, link, 'REQUEST', 'invite')) queued++
  }
  return queued
}

/**
 * Turns one notification into `email.send` jobs, one per recipient, in one transaction. Safe to
 * run twice: every message has its dedupe key.
 */
export async function dispatch(notification: Notification, db = getDb()) {
  await db.transaction(async (tx) => {
    const n = notification
    const version = n.version ?? 0
    const data = n.data ?? {}
    switch (n.kind) {
      case 'registration.received':
      case 'application.approved':
      case 'application.rejected': {
        const found = n.registrationId && (await registrationWithAttendees(tx, n.registrationId))
        if (!found) return
        const template: MailTemplateName =
          n.kind === 'registration.received' ? 'registration-received' : n.kind === 'application.approved' ? 'application-approved' : 'application-rejected'
        await mailContact(tx, found.registration, {
          key: `${n.kind}:contact:${found.registration.id}:${version}`,
          kind: n.kind,
          template,
          data: { note: str(data.note) ?? found.registration.decisionNote ?? undefined, actionUrl: str(data.actionUrl) },
        })
        return
      }
      case 'registration.confirmed': {
        const found = n.registrationId && (await registrationWithAttendees(tx, n.registrationId))
        if (!found) return
        // With an attendeeId, one delegate was added to a confirmed registration: only they are invited.
        const invited = found.people.filter((p) => p.status === 'active' && (!n.attendeeId || p.id === n.attendeeId))
        for (const attendee of invited) {
          await mailAttendee(tx, attendee, {
            key: `registration.confirmed:attendee:${attendee.id}:${version}`,
            kind: n.kind,
            template: 'registration-confirmed',
            calendar: 'REQUEST',
          })
        }
        if (!n.attendeeId && !contactIsAttendee(found.registration, found.people)) {
          await mailContact(tx, found.registration, {
            key: `registration.confirmed:contact:${found.registration.id}:${version}`,
            kind: n.kind,
            template: 'registration-confirmed',
          })
        }
        return
      }
      case 'registration.cancelled': {
        const found = n.registrationId && (await registrationWithAttendees(tx, n.registrationId))
        if (!found) return
        for (const attendee of found.people) {
          const id = await mailAttendee(tx, attendee, {
            key: `cancel:attendee:${attendee.id}`,
            kind: n.kind,
            template: 'cancelled',
            calendar: 'CANCEL',
          })
          if (id) await bumpAttendeeSequence(tx, attendee.id)
        }
        if (!found.people.some((p) => p.email.toLowerCase() === found.registration.contactEmail.toLowerCase())) {
          await mailContact(tx, found.registration, { key: `registration.cancelled:contact:${found.registration.id}`, kind: n.kind, template: 'cancelled' })
        }
        return
      }
      case 'attendee.cancelled': {
        if (!n.attendeeId) return
        const [attendee] = await tx.select().from(attendees).where(eq(attendees.id, n.attendeeId))
        if (!attendee) return
        const id = await mailAttendee(tx, attendee, { key: `cancel:attendee:${attendee.id}`, kind: n.kind, template: 'cancelled', calendar: 'CANCEL' })
        if (id) await bumpAttendeeSequence(tx, attendee.id)
        return
      }
      case 'attendee.changed': {
        if (!n.attendeeId) return
        const [attendee] = await tx.select().from(attendees).where(eq(attendees.id, n.attendeeId))
        if (!attendee || attendee.status !== 'active') return
        const changeKey = n.version ?? attendee.updatedAt.getTime()
        const formerEmail = str(data.previousEmail)
        if (formerEmail && formerEmail.toLowerCase() !== attendee.email.toLowerCase()) {
          // The old address's calendar holds the invitation: withdraw it there (same UID, CANCEL).
          await queueEmail(tx, {
            dedupeKey: `attendee.changed:former:${attendee.id}:${changeKey}`,
            kind: n.kind,
            toAddress: formerEmail,
            locale: attendee.locale,
            eventId: attendee.eventId,
            registrationId: attendee.registrationId,
            payload: {
              template: 'cancelled',
              recipient: { type: 'attendee', attendeeId: attendee.id, formerEmail },
              eventId: attendee.eventId,
              registrationId: attendee.registrationId,
              calendar: 'CANCEL',
            },
          })
        }
        await mailAttendee(tx, attendee, {
          key: `attendee.changed:attendee:${attendee.id}:${changeKey}`,
          kind: n.kind,
          template: 'registration-confirmed',
          calendar: 'REQUEST',
        })
        return
      }
      case 'waitlist.offer': {
        if (!n.waitlistEntryId) return
        const [entry] = await tx.select().from(waitlistEntries).where(eq(waitlistEntries.id, n.waitlistEntryId))
        if (!entry) return
        await queueEmail(tx, {
          dedupeKey: `waitlist.offer:${entry.id}:${version}`,
          kind: n.kind,
          toAddress: entry.email,
          locale: entry.locale,
          eventId: entry.eventId,
          payload: {
            template: 'waitlist-offer',
            recipient: { type: 'address', email: entry.email, name: entry.name, locale: entry.locale },
            eventId: entry.eventId,
            data: {
              actionUrl: str(data.url) ?? str(data.offerUrl) ?? str(data.actionUrl),
              expiresAt: str(data.offerExpiresAt) ?? entry.offerExpiresAt?.toISOString(),
            },
          },
        })
        return
      }
      case 'payment.receipt':
      case 'payment.refunded':
      case 'payment.late-refunded':
      case 'invoice.reminder': {
        const found = n.registrationId && (await registrationWithAttendees(tx, n.registrationId))
        if (!found) return
        const amountMinor = typeof data.amountMinor === 'number' ? data.amountMinor : found.registration.paidMinor
        const attachment =
          typeof data.attachmentBase64 === 'string' && typeof data.attachmentFilename === 'string'
            ? { filename: data.attachmentFilename, contentBase64: data.attachmentBase64 }
            : undefined
        await mailContact(tx, found.registration, {
          key: `${n.kind}:contact:${found.registration.id}:${n.paymentId ?? n.refundId ?? n.invoiceId ?? version}`,
          kind: n.kind,
          template: 'payment-receipt',
          data: { amountMinor, currency: found.registration.currency, attachment },
        })
        return
      }
      case 'event.changed':
      case 'event.cancelled': {
        if (!n.eventId) return
        await fanOutCalendarUpdate(tx, { scope: 'event', id: n.eventId, method: n.kind === 'event.cancelled' ? 'CANCEL' : 'REQUEST' })
        return
      }
      case 'programme-item.changed':
      case 'programme-item.cancelled': {
        if (!n.programmeItemId) return
        await fanOutCalendarUpdate(tx, {
          scope: 'programme-item',
          id: n.programmeItemId,
          method: n.kind === 'programme-item.cancelled' ? 'CANCEL' : 'REQUEST',
        })
        return
      }
      case 'partner.invitation': {
        if (!n.programmeItemId) return
        const only = Array.isArray(data.partnerContactIds) ? data.partnerContactIds.filter((x): x is string => typeof x === 'string') : undefined
        await invitePartnerContacts(tx, n.programmeItemId, only)
        return
      }
      case 'partner-contact.changed': {
        // A contact's own details changed (SEQUENCE already raised on their invitations): each
        // session gets an updated REQUEST; after an address change, a CANCEL (same UID) to the old one.
        const partnerContactId = str(data.partnerContactId)
        if (!partnerContactId) return
        const changeKey = String(version)
        const formerEmail = str(data.previousEmail)
        for (const link of await invitedSessionsOf(tx, [partnerContactId])) {
          const moved = Boolean(formerEmail && formerEmail.toLowerCase() !== link.email.toLowerCase())
          if (moved) {
            await mailPartnerContact(tx, link, 'CANCEL', 'cancelled', {
              withdrawn: true,
              formerEmail,
              kind: n.kind,
              key: `partner-contact.changed:former:${link.calendarUid}:${changeKey}`,
            })
          }
          await mailPartnerContact(tx, link, 'REQUEST', moved ? 'invite' : 'changed', {
            kind: n.kind,
            key: `partner-contact.changed:${link.calendarUid}:${changeKey}`,
          })
        }
        return
      }
      case 'organiser.message': {
        // A recorded message (organiser_message) carries both languages; older jobs carry plain strings.
        const messageKey = str(data.messageId) ?? String(version)
        const [stored] = UUID.test(messageKey) ? await tx.select().from(organiserMessages).where(eq(organiserMessages.id, messageKey)) : []
        const textIn = (locale: 'fr' | 'en') => ({
          subject: stored ? localized(stored.subject, locale) : inLocale(data.subject, locale),
          body: stored ? localized(stored.body, locale) : inLocale(data.body, locale),
        })
        const options = { kind: n.kind, template: 'organiser-message' as const, listUnsubscribe: true, organiserMessageId: stored?.id }
        if (n.attendeeId) {
          const [attendee] = await tx.select().from(attendees).where(eq(attendees.id, n.attendeeId))
          // For a recorded message the mail row is kept even for someone who cancelled meanwhile: the
          // sender marks it cancelled, so the message's progress still adds up to its total.
          if (attendee && (attendee.status === 'active' || stored))
            await mailAttendee(tx, attendee, { ...options, data: { message: textIn(attendee.locale) }, key: `organiser.message:attendee:${attendee.id}:${messageKey}` })
        } else if (n.registrationId) {
          const found = await registrationWithAttendees(tx, n.registrationId)
          if (found)
            await mailContact(tx, found.registration, { ...options, data: { message: textIn(found.registration.locale) }, key: `organiser.message:contact:${found.registration.id}:${messageKey}` })
        } else if (n.eventId) {
          for (const attendee of await concernedAttendees(tx, n.eventId)) {
            await mailAttendee(tx, attendee, { ...options, data: { message: textIn(attendee.locale) }, key: `organiser.message:attendee:${attendee.id}:${messageKey}` })
          }
        }
        return
      }
      case 'user.invitation':
      case 'user.password-reset':
      case 'company.sign-in-link': {
        // A one-use link mailed to an address: no attendee or registration behind it.
        const email = str(data.email)
        const url = str(data.url)
        if (!email || !url) return
        const locale = data.locale === 'en' ? 'en' : 'fr'
        await queueEmail(tx, {
          dedupeKey: `${n.kind}:${email.toLowerCase()}:${version}`,
          kind: n.kind,
          toAddress: email,
          locale,
          payload: {
            template: LINK_TEMPLATES[n.kind],
            organisationId: str(data.organisationId),
            recipient: { type: 'address', email, name: str(data.name), locale },
            data: { actionUrl: url, expiresAt: str(data.expiresAt) },
          },
        })
        return
      }
      default:
        logger.warn({ kind: n.kind }, 'notification kind without mails')
    }
  })
}

