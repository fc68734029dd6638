import { and, eq } from 'drizzle-orm'
import type { DbOrTx } from '#db/client'
import { events, partnerContacts, programmeItemContacts, programmeItems, registrations } from '#db/schema/index'
import { renderMailFor, type MailView } from '#emails/index'
import { localized, translate, type Locale } from '~/locales'
import { buildCalendar, type CalendarEntry } from '~/modules/calendar/ics.server'
import { invitationReplyTo } from '~/modules/calendar/rsvp-address.server'
import { qrCodePng } from '~/modules/checkin/checkin.server'
import {
  describeSpan,
  eventEntry,
  eventLinks,
  eventPlace,
  organiserOf,
  programmeItemEntry,
  type EventRow,
  type OrganisationRow,
} from '~/modules/calendar/entries.server'
import { getEnv } from '~/utils/env.server'
import { formatMoney } from '~/utils/money'
import { describeInstant } from '~/utils/time'
import type { MailPayload } from './payload'
import type { OutgoingMail } from './transport.server'
import { MailBatchContext, PermanentMailError } from './batch-context.server'
import { meetingEntryOf } from './meeting-entry.server'

/** Mails that carry the attendee's check-in QR code, as an inline image part. */
const TICKET_TEMPLATES = new Set<string>(['registration-confirmed', 'reminder'])
const TICKET_QR_CID = 'checkin-qr@passerelle'

function addressOf(from: string): string {
  return /<([^>]+)>/.exec(from)?.[1] ?? from.trim()
}

/** The From header: MAIL_FROM, else the organisation's name and contact address. */
export function fromHeader(org: Pick<OrganisationRow, 'name' | 'email'>) {
  const env = getEnv()
  return env.MAIL_FROM ?? `"${org.name.replace(/"/g, '')}" <${org.email}>`
}

/** Message-IDs are on the organisation's domain and derived from the email_message id (stable across retries). */
export function messageIdFor(emailMessageId: string, org: Pick<OrganisationRow, 'name' | 'email'>) {
  const domain = addressOf(fromHeader(org)).split('@')[1] ?? 'passerelle.invalid'
  return `<${emailMessageId}@${domain}>`
}

type Person = { email: string; name: string | null; locale: Locale }

type RegistrationRow = typeof registrations.$inferSelect

export type ComposedMail = { mail: OutgoingMail; subject: string; locale: Locale; toAddress: string }

/**
 * Builds the mail described by a stored payload: recipient, texts, calendar part, headers.
 * Alone, it reads what it needs and records its management link before returning; within a
 * batch, give the batch's context (and call its `flush()` before sending).
 */
export async function composeMail(db: DbOrTx, row: { id: string; payload: MailPayload }, context?: MailBatchContext): Promise<ComposedMail> {
  if (context) return composeWith(context, row)
  const own = new MailBatchContext(db)
  const composed = await composeWith(own, row)
  await own.flush()
  return composed
}

async function composeWith(ctx: MailBatchContext, row: { id: string; payload: MailPayload }): Promise<ComposedMail> {
  const db = ctx.db
  const payload = row.payload
  let event: EventRow | undefined
  let registration: RegistrationRow | undefined
  const recipientLoadsContext = payload.recipient.type !== 'address'
  if (payload.eventId && !recipientLoadsContext) event = await ctx.event(payload.eventId)

  let person: Person
  let calendarEntry: ((locale: Locale) => CalendarEntry) | undefined
  let itemTitle: string | undefined
  let ticket: { secret: string; name: string; ticketTypeId: string } | undefined
  const recipient = payload.recipient
  if (recipient.type === 'attendee') {
    const found = await ctx.attendee(recipient.attendeeId)
    if (!found) throw new PermanentMailError(`attendee ${recipient.attendeeId} not found`)
    const attendee = found.attendee
    registration = found.registration
    event = found.event
    const name = `${attendee.firstName} ${attendee.lastName}`.trim()
    const email = recipient.formerEmail ?? attendee.email
    person = { email, name, locale: attendee.locale }
    if (!recipient.formerEmail && TICKET_TEMPLATES.has(payload.template) && attendee.status === 'active' && registration.status === 'confirmed') {
      ticket = { secret: attendee.checkInSecret, name, ticketTypeId: attendee.ticketTypeId }
    }
    const ev = event!
    if (payload.meetingId) {
      const meeting = await meetingEntryOf(db, payload.meetingId, attendee.id)
      if (!meeting) throw new PermanentMailError(`meeting ${payload.meetingId} not found`)
      calendarEntry = (locale) => ({
        uid: meeting.uid,
        sequence: meeting.sequence,
        startsAt: meeting.startsAt,
        endsAt: meeting.endsAt,
        zone: ev.timezone,
        summary: translate(locale, 'mail.calendar.meetingSummary', { company: meeting.otherCompany, event: localized(ev.title, locale) }),
        description: `${translate(locale, 'mail.calendar.meetingTable', { table: meeting.table })}\n${describeSpan(meeting.startsAt, meeting.endsAt, ev.timezone, locale).line}\n${eventPlace(ev)}`,
        location: translate(locale, 'mail.calendar.meetingTable', { table: meeting.table }),
        attendee: { email, name },
        otherAttendees: [meeting.other],
        cancelled: meeting.cancelled,
      })
    } else
    calendarEntry = (locale) => ({
      // the event's VEVENT in this language, with this attendee's own UID, SEQUENCE and ATTENDEE
      ...ctx.derive(ev, `entry:${locale}`, () => eventEntry(ev, locale, { uid: '', sequence: 0 })),
      uid: attendee.calendarUid,
      sequence: attendee.calendarSequence,
      attendee: { email, name },
    })
  } else if (recipient.type === 'contact') {
    const [found] = await db
      .select({ registration: registrations, event: events })
      .from(registrations)
      .innerJoin(events, eq(events.id, registrations.eventId))
      .where(eq(registrations.id, recipient.registrationId))
    if (!found) throw new PermanentMailError(`registration ${recipient.registrationId} not found`)
    registration = found.registration
    event = found.event
    person = { email: registration.contactEmail, name: registration.contactName, locale: registration.locale }
  } else if (recipient.type === 'partner-contact') {
    // A contact taken off the item has no link row any more: its CANCEL carries the identity.
    const identity = payload.calendar === 'CANCEL' ? payload.data?.calendarIdentity : undefined
    // A deleted contact has no row either: the payload carries who they were.
    const removed = identity ? recipient.removed : undefined
    const [link] = removed
      ? await db
          .select({ item: programmeItems, event: events })
          .from(programmeItems)
          .innerJoin(events, eq(events.id, programmeItems.eventId))
          .where(eq(programmeItems.id, recipient.programmeItemId))
          .then((rows) => rows.map((r) => ({ ...r, contact: removed, calendarUid: identity!.uid, sequence: identity!.sequence })))
      : identity
        ? await db
            .select({ contact: partnerContacts, item: programmeItems, event: events })
            .from(partnerContacts)
            .innerJoin(programmeItems, eq(programmeItems.id, recipient.programmeItemId))
            .innerJoin(events, eq(events.id, programmeItems.eventId))
            .where(eq(partnerContacts.id, recipient.partnerContactId))
            .then((rows) => rows.map((r) => ({ ...r, calendarUid: identity.uid, sequence: identity.sequence })))
        : await db
          .select({
            contact: partnerContacts,
            calendarUid: programmeItemContacts.calendarUid,
            sequence: programmeItemContacts.calendarSequence,
            item: programmeItems,
            event: events,
          })
          .from(programmeItemContacts)
          .innerJoin(partnerContacts, eq(partnerContacts.id, programmeItemContacts.partnerContactId))
          .innerJoin(programmeItems, eq(programmeItems.id, programmeItemContacts.programmeItemId))
          .innerJoin(events, eq(events.id, programmeItems.eventId))
          .where(
            and(
              eq(programmeItemContacts.partnerContactId, recipient.partnerContactId),
              eq(programmeItemContacts.programmeItemId, recipient.programmeItemId),
            ),
          )
    if (!link) throw new PermanentMailError('partner contact no longer on this programme item')
    event = link.event
    const email = recipient.formerEmail ?? link.contact.email
    person = { email, name: link.contact.name, locale: link.contact.locale }
    itemTitle = localized(link.item.title, person.locale)
    const ev = event!
    calendarEntry = (locale) => {
      const entry = programmeItemEntry(link.item, ev, locale, { uid: link.calendarUid, sequence: link.sequence }, { email, name: link.contact.name })
      return identity ? { ...entry, cancelled: true } : entry
    }
  } else {
    person = { email: recipient.email, name: recipient.name ?? null, locale: recipient.locale }
  }

  const locale = person.locale
  const org = await ctx.organisation(event?.organisationId ?? payload.organisationId)
  const env = getEnv()
  const data = payload.data ?? {}

  let managementUrl: string | undefined
  const formerAddress =
    (recipient.type === 'attendee' && Boolean(recipient.formerEmail)) ||
    (recipient.type === 'partner-contact' && Boolean(recipient.formerEmail || recipient.removed))
  // A former address is told its invitation moved away; it gets no way into the registration.
  if (!formerAddress && registration && registration.status !== 'cancelled' && registration.status !== 'rejected' && !(event && event.endsAt < new Date())) {
    // valid until the event ends (the registration's event; an attendee's is the same)
    const endsAt = event?.id === registration.eventId ? event.endsAt : (await ctx.event(registration.eventId))?.endsAt
    if (!endsAt) throw new PermanentMailError(`event ${registration.eventId} not found`)
    managementUrl = ctx.managementLink(registration.id, endsAt, locale)
  }

  const ev = event
  const links = ev ? ctx.derive(ev, `links:${locale}`, () => eventLinks(ev, locale)) : null
  const view: MailView = {
    locale,
    org: {
      name: org.name,
      primaryColor: org.primaryColor,
      accentColor: org.accentColor,
      logoUrl: org.logoUrl ? new URL(org.logoUrl, env.PUBLIC_URL).toString() : null,
      contactEmail: org.email,
    },
    recipientName: person.name,
    event:
      event && links
        ? {
            title: localized(event.title, locale),
            when: ctx.derive(event, `when:${locale}`, () => describeSpan(event!.startsAt, event!.endsAt, event!.timezone, locale).line),
            where: eventPlace(event),
            ...links,
          }
        : null,
    itemTitle,
    reference: registration?.reference,
    managementUrl,
    hasInvitation: Boolean(payload.calendar && calendarEntry),
    showUnsubscribe: payload.listUnsubscribe,
    amount:
      data.amountMinor !== undefined ? formatMoney(data.amountMinor, data.currency ?? event?.currency ?? 'EUR', locale) : undefined,
    note: data.note,
    expires: data.expiresAt ? describeInstant(new Date(data.expiresAt), event?.timezone ?? org.timezone, locale) : undefined,
    actionUrl: data.actionUrl,
    message: data.message,
    change: data.change,
    wholeEvent: data.wholeEvent,
    invoiceAttached: Boolean(data.attachment),
    formerAddress,
    b2b: data.b2b,
  }
  let qrPng: Buffer | undefined
  if (ticket && event) {
    const typeName = await ctx.ticketTypeName(ticket.ticketTypeId)
    qrPng = await qrCodePng(event.id, ticket.secret)
    view.ticket = { qrSrc: `cid:${TICKET_QR_CID}`, name: ticket.name, ticketType: typeName ? localized(typeName, locale) : undefined }
  }
  if ((recipient.type === 'partner-contact' || payload.meetingId) && view.event && calendarEntry) {
    // A partner's mail is about the session: show its own time and place.
    const entry = calendarEntry(locale)
    view.event.when = describeSpan(entry.startsAt, entry.endsAt, entry.zone, locale).line
    view.event.where = entry.location
  }
  const rendered = await renderMailFor(payload.template, view)

  const headers: Record<string, string> = {
    'X-Passerelle-Template': payload.template,
    'Content-Language': locale,
  }
  if (payload.template !== 'organiser-message') headers['Auto-Submitted'] = 'auto-generated'
  if (payload.listUnsubscribe) {
    headers['List-Unsubscribe'] = [
      `<mailto:${org.email}?subject=${encodeURIComponent('unsubscribe')}>`,
      managementUrl ? `<${managementUrl}>` : null,
    ]
      .filter(Boolean)
      .join(', ')
  }

  const mail: OutgoingMail = {
    from: fromHeader(org),
    to: person.name ? { name: person.name, address: person.email } : person.email,
    replyTo: env.MAIL_REPLY_TO ?? org.organiserMailbox,
    subject: rendered.subject,
    html: rendered.html,
    text: rendered.text,
    messageId: messageIdFor(row.id, org),
    date: new Date(),
    headers,
    meta: { locale, template: payload.template },
  }
  if (payload.calendar && calendarEntry) {
    const entry = calendarEntry(locale)
    const content = buildCalendar({ method: payload.calendar, organiser: organiserOf(org), entries: [entry] })
    mail.icalEvent = { method: payload.calendar, filename: 'invitation.ics', content }
    // An answer by plain mail (or a gateway that loses the UID) still finds its invitation.
    const rsvp = payload.calendar === 'REQUEST' ? invitationReplyTo(entry.uid, org.organiserMailbox) : null
    if (rsvp) mail.replyTo = rsvp
  }
  mail.attachments = []
  if (data.attachment) {
    mail.attachments.push({ filename: data.attachment.filename, content: Buffer.from(data.attachment.contentBase64, 'base64'), contentType: 'application/pdf' })
  }
  if (qrPng) mail.attachments.push({ filename: 'qr-code.png', content: qrPng, contentType: 'image/png', cid: TICKET_QR_CID, contentDisposition: 'inline' })
  return { mail, subject: rendered.subject, locale, toAddress: person.email }
}
