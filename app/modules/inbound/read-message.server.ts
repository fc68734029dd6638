import { createRequire } from 'node:module'
import { simpleParser, type AddressObject, type Attachment } from 'mailparser'
import type { RsvpPartstat } from '#db/schema/inbound'
import { calAddress, partstatFromSubject, readCalendarReply, type CalendarReading } from './ical-reply'

/**
 * What one received message holds, as far as replies go. The HTML body is never kept nor
 * rendered: only addresses, the subject, calendar parts (inline, attached, or inside an Outlook
 * `winmail.dat`) and authentication headers are read.
 */
export type ReadMessage = {
  from: string | null
  /** Reply-To, To and Cc addresses: where a `rsvp+TOKEN@…` address can be found. */
  recipients: string[]
  subject: string | null
  date: Date | null
  readings: CalendarReading[]
  /** What the subject line seems to say ("Accepted:", "Refusé :"…), for the review queue only. */
  subjectPartstat: RsvpPartstat | null
  /** `Authentication-Results` headers written by our own receiving server. */
  authenticationResults: string[]
  hadTnef: boolean
}

const CALENDAR_TYPES = ['text/calendar', 'application/ics', 'text/x-vcalendar', 'application/x-ics']

function isCalendar(part: Attachment) {
  const type = part.contentType.toLowerCase()
  return CALENDAR_TYPES.some((t) => type.startsWith(t)) || /\.(ics|vcs)$/i.test(part.filename ?? '')
}

function isTnef(part: Attachment) {
  return part.contentType.toLowerCase() === 'application/ms-tnef' || /^(winmail|win)\.dat$/i.test(part.filename ?? '')
}

function addresses(value: AddressObject | AddressObject[] | undefined): string[] {
  if (!value) return []
  const list = Array.isArray(value) ? value : [value]
  return list.flatMap((a) => a.value.map((v) => (v.address ?? '').toLowerCase()).filter(Boolean))
}

const PARTSTAT_OF_CLASS: Record<string, RsvpPartstat> = { pos: 'accepted', neg: 'declined', tent: 'tentative' }

/**
 * An Outlook TNEF (`winmail.dat`) meeting response carries no iCalendar text: its message class
 * says the answer (`IPM.Schedule.Meeting.Resp.Pos|Neg|Tent`) and, for a meeting that came from
 * an iCalendar invitation, its GlobalObjectId embeds the original UID after a `vCal-Uid` marker
 * (MS-OXOCAL §2.2.1.27). An attached .ics inside it is read as any calendar part.
 */
export function readTnef(data: Buffer, from: string | null, date: Date | null): CalendarReading[] {
  const readings: CalendarReading[] = []
  // node-tnef is only needed for attachments inside the TNEF (an attAttachRendData attribute)
  const decoded = data.includes(Buffer.from([0x02, 0x02, 0x90])) ? decodeTnef(data) : null
  for (const attachment of decoded?.Attachments ?? []) {
    const bytes = Buffer.from(attachment.Data ?? [])
    if (/\.ics$/i.test(attachment.Title ?? '') || bytes.subarray(0, 200).toString('utf8').includes('BEGIN:VCALENDAR')) {
      readings.push(readCalendarReply(bytes.toString('utf8')))
    }
  }
  if (readings.length > 0) return readings
  const text = data.toString('latin1')
  const klass = /IPM\.Schedule\.Meeting\.Resp\.(Pos|Neg|Tent)/i.exec(text)
  const marker = text.indexOf('vCal-Uid\x01\x00\x00\x00')
  if (!klass || marker < 0 || !from) return readings
  const start = marker + 'vCal-Uid'.length + 4
  const end = text.indexOf('\x00', start)
  const uid = Buffer.from(text.slice(start, end < 0 ? undefined : end), 'latin1').toString('utf8')
  if (!uid) return readings
  readings.push({
    kind: 'reply',
    reply: {
      method: 'REPLY',
      uid,
      // TNEF does not say which SEQUENCE it answers: compared by its date only.
      sequence: -1,
      stamp: date,
      attendee: { address: from, partstat: PARTSTAT_OF_CLASS[klass[1].toLowerCase()], delegatedTo: null },
      organiser: null,
      recurrenceId: null,
    },
  })
  return readings
}

type TnefResult = { Attachments?: { Title?: string; Data?: number[] }[] } | null
type TnefModule = { parseBuffer: (data: Buffer, callback: (failed: boolean, content: unknown) => void) => void }
let tnefModule: TnefModule | undefined

/**
 * node-tnef replaces `String.prototype.replaceAll` for the whole process when it loads (with a
 * RegExp-based one that breaks on `\\`, e.g. Vite's own calls). It is loaded only when a TNEF
 * attachment must be unpacked, synchronously, and the native method is put back at once.
 */
function loadTnef(): TnefModule {
  if (tnefModule) return tnefModule
  const native = String.prototype.replaceAll
  try {
    tnefModule = createRequire(import.meta.url)('node-tnef') as TnefModule
  } finally {
    String.prototype.replaceAll = native
  }
  return tnefModule
}

function decodeTnef(data: Buffer): TnefResult {
  const tnef = loadTnef()
  let result: TnefResult = null
  try {
    // parseBuffer calls back synchronously
    tnef.parseBuffer(data, (failed: boolean, content: unknown) => {
      if (!failed) result = content as TnefResult
    })
  } catch {
    result = null
  }
  return result
}

export async function readMessage(raw: Buffer): Promise<ReadMessage> {
  const parsed = await simpleParser(raw, { skipHtmlToText: true, skipTextToHtml: true, skipImageLinks: true })
  const from = addresses(parsed.from)[0] ?? null
  const replyTo = addresses(parsed.replyTo)
  const date = parsed.date && !Number.isNaN(parsed.date.getTime()) ? parsed.date : null
  const readings: CalendarReading[] = []
  let hadTnef = false
  for (const part of parsed.attachments) {
    if (isCalendar(part)) readings.push(readCalendarReply(part.content.toString('utf8')))
    else if (isTnef(part)) {
      hadTnef = true
      readings.push(...readTnef(part.content, from, date))
    }
  }
  const auth = parsed.headers.get('authentication-results')
  const authenticationResults = (Array.isArray(auth) ? auth : auth ? [auth] : []).map(String)
  return {
    from: from ? calAddress(from) : null,
    recipients: [...replyTo, ...addresses(parsed.to), ...addresses(parsed.cc)],
    subject: parsed.subject ?? null,
    date,
    readings,
    subjectPartstat: partstatFromSubject(parsed.subject),
    authenticationResults,
    hadTnef,
  }
}
