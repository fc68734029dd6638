import crypto from 'node:crypto'
import MailComposer from 'nodemailer/lib/mail-composer'
import type { RsvpPartstat } from '#db/schema/inbound'
import type { Locale } from '~/locales'
import { readInvitation, type InvitationEcho } from './ical-reply'
import { REPLY_CLIENTS, type ReplyClient } from './reply-clients'

/**
 * Calendar replies as five real clients write them, for the dev mailbox's "reply as…" buttons
 * and the tests. What differs is what breaks naive readers: where the calendar part sits
 * (alternative, attachment, both, or inside a TNEF `winmail.dat`), PRODID, the case of
 * `MAILTO:`, whether ORGANIZER is echoed (Outlook.com drops it), and the subject's language.
 */
export { REPLY_CLIENTS, type ReplyClient }
export type ReplyAnswer = Exclude<RsvpPartstat, 'delegated'>

const PRODID: Record<ReplyClient, string> = {
  gmail: '-//Google Inc//Google Calendar 70.9054//EN',
  outlook: 'Microsoft Exchange Server 2010',
  'outlook-tnef': 'Microsoft Exchange Server 2010',
  'outlook-com': '-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN',
  apple: '-//Apple Inc.//macOS 14.5//EN',
  thunderbird: '-//Mozilla.org/NONSGML Mozilla Calendar V1.1//EN',
}

const SUBJECT_PREFIX: Record<Locale, Record<ReplyAnswer, string>> = {
  en: { accepted: 'Accepted: ', declined: 'Declined: ', tentative: 'Tentative: ' },
  fr: { accepted: 'Accepté : ', declined: 'Refusé : ', tentative: 'Provisoire : ' },
}

const ICAL_PARTSTAT: Record<ReplyAnswer, string> = { accepted: 'ACCEPTED', declined: 'DECLINED', tentative: 'TENTATIVE' }

const stampOf = (date: Date) => date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '')

export type ClientReplyInput = {
  invitation: InvitationEcho
  client: ReplyClient
  answer: ReplyAnswer
  locale: Locale
  /** The address the reply comes from (default: the invited ATTENDEE). */
  from?: string
  /** The ATTENDEE written in the reply (default: the invited one). */
  attendee?: string
  stamp?: Date
  /** Where it is sent (default: the ORGANIZER). */
  to?: string
}

export function replyCalendar(input: ClientReplyInput): string {
  const { invitation, client, answer } = input
  const attendee = input.attendee ?? invitation.attendee?.address ?? input.from ?? ''
  const name = invitation.attendee?.name ?? attendee
  const mailto = client === 'outlook-com' || client.startsWith('outlook') ? 'MAILTO:' : 'mailto:'
  const lines = ['BEGIN:VCALENDAR', `PRODID:${PRODID[client]}`, 'VERSION:2.0', 'METHOD:REPLY', 'BEGIN:VEVENT']
  if (client === 'apple' || client === 'thunderbird') lines.push('CREATED:' + stampOf(new Date()))
  lines.push(`UID:${invitation.uid}`, `SEQUENCE:${invitation.sequence}`, `DTSTAMP:${stampOf(input.stamp ?? new Date())}`, ...invitation.timeLines)
  if (client !== 'outlook-com' && invitation.organiser) {
    const cn = invitation.organiser.name ? `;CN=${client === 'thunderbird' ? `"${invitation.organiser.name}"` : invitation.organiser.name}` : ''
    lines.push(`ORGANIZER${cn}:${mailto}${invitation.organiser.address}`)
  }
  const params =
    client === 'gmail'
      ? `;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=${ICAL_PARTSTAT[answer]};CN=${name};X-NUM-GUESTS=0`
      : client === 'apple'
        ? `;CN="${name}";EMAIL=${attendee};PARTSTAT=${ICAL_PARTSTAT[answer]};ROLE=REQ-PARTICIPANT`
        : client === 'thunderbird'
          ? `;RSVP=TRUE;CN="${name}";PARTSTAT=${ICAL_PARTSTAT[answer]};ROLE=REQ-PARTICIPANT`
          : `;PARTSTAT=${ICAL_PARTSTAT[answer]};CN="${name}"`
  lines.push(`ATTENDEE${params}:${mailto}${attendee}`)
  const prefix = SUBJECT_PREFIX[input.locale][answer]
  lines.push(`SUMMARY:${client.startsWith('outlook') ? prefix : ''}${invitation.summary.replace(/[,;]/g, (c) => `\\${c}`)}`)
  lines.push('END:VEVENT', 'END:VCALENDAR')
  // Fold at 75 octets as every client does (RFC 5545 §3.1).
  return lines.map((line) => line.replace(/(.{74})(?=.)/g, '$1\r\n ')).join('\r\n') + '\r\n'
}

/**
 * A minimal TNEF stream (MS-OXTNEF) of an Outlook meeting response: signature, key, the
 * message class attribute, and the GlobalObjectId that embeds an iCalendar UID after
 * `vCal-Uid` (MS-OXOCAL §2.2.1.27). What Outlook sends when "Rich Text" wraps the reply.
 */
export function tnefMeetingResponse(uid: string, answer: ReplyAnswer): Buffer {
  const klass = { accepted: 'Pos', declined: 'Neg', tentative: 'Tent' }[answer]
  const attribute = (level: number, id: number, type: number, data: Buffer) => {
    const head = Buffer.alloc(9)
    head.writeUInt8(level, 0)
    head.writeUInt16LE(id, 1)
    head.writeUInt16LE(type, 3)
    head.writeUInt32LE(data.length, 5)
    let checksum = 0
    for (const byte of data) checksum = (checksum + byte) & 0xffff
    const tail = Buffer.alloc(2)
    tail.writeUInt16LE(checksum, 0)
    return Buffer.concat([head, data, tail])
  }
  const goid = Buffer.concat([
    Buffer.from('040000008200E00074C5B7101A82E008', 'hex'),
    Buffer.alloc(4 + 8 + 8),
    Buffer.alloc(4),
    Buffer.from('vCal-Uid\x01\x00\x00\x00', 'latin1'),
    Buffer.from(`${uid}\x00`, 'utf8'),
  ])
  const signature = Buffer.alloc(6)
  signature.writeUInt32LE(0x223e9f78, 0)
  signature.writeUInt16LE(0x0001, 4)
  return Buffer.concat([
    signature,
    attribute(1, 0x9006, 0x0008, Buffer.from([0x00, 0x00, 0x01, 0x00])),
    attribute(1, 0x8008, 0x0007, Buffer.from(`IPM.Schedule.Meeting.Resp.${klass}\x00`, 'latin1')),
    attribute(1, 0x800b, 0x0006, goid),
  ])
}

/** The raw RFC 822 reply, as the client would send it. */
export async function buildClientReply(input: ClientReplyInput): Promise<Buffer> {
  const { invitation, client, answer, locale } = input
  const from = input.from ?? invitation.attendee?.address ?? ''
  const to = input.to ?? invitation.organiser?.address ?? ''
  const subject = `${SUBJECT_PREFIX[locale][answer]}${invitation.summary}`
  const calendar = replyCalendar(input)
  const text =
    locale === 'fr'
      ? `${invitation.attendee?.name ?? from} a répondu à cette invitation.`
      : `${invitation.attendee?.name ?? from} has responded to this invitation.`
  const domain = from.split('@')[1] ?? 'example.org'
  const mail: ConstructorParameters<typeof MailComposer>[0] = {
    from: invitation.attendee?.name ? { name: invitation.attendee.name, address: from } : from,
    to,
    subject,
    messageId: `<${crypto.randomUUID()}@${domain}>`,
    date: input.stamp ?? new Date(),
    text,
    headers: { 'Content-Language': locale === 'fr' ? 'fr-FR' : 'en-US' },
  }
  if (client === 'gmail') {
    mail.html = `<p>${text}</p>`
    mail.icalEvent = { method: 'REPLY', content: calendar }
    mail.attachments = [{ filename: 'invite.ics', content: calendar, contentType: 'application/ics; name="invite.ics"' }]
  } else if (client === 'outlook' || client === 'outlook-com') {
    mail.html = `<html><body><p>${text}</p></body></html>`
    mail.icalEvent = { method: 'REPLY', content: calendar }
    mail.headers = { ...(mail.headers as object), 'Thread-Topic': invitation.summary, 'X-MS-Has-Attach': '' }
  } else if (client === 'outlook-tnef') {
    mail.attachments = [{ filename: 'winmail.dat', content: tnefMeetingResponse(invitation.uid, answer), contentType: 'application/ms-tnef' }]
    mail.headers = { ...(mail.headers as object), 'X-MS-TNEF-Correlator': `<${crypto.randomUUID()}@${domain}>` }
  } else if (client === 'apple') {
    mail.attachments = [{ filename: `iCal-${stampOf(new Date())}.ics`, content: calendar, contentType: 'text/calendar; method=REPLY; charset=utf-8' }]
  } else {
    mail.icalEvent = { method: 'REPLY', content: calendar }
    mail.attachments = [{ filename: 'invite.ics', content: calendar, contentType: 'application/ics' }]
  }
  return new MailComposer(mail).compile().build()
}

/** A reply to an invitation's calendar text (what the dev mailbox holds). */
export async function buildReplyToInvitation(invitationIcs: string, options: Omit<ClientReplyInput, 'invitation'>) {
  const invitation = readInvitation(invitationIcs)
  if (!invitation) return null
  return buildClientReply({ ...options, invitation })
}
