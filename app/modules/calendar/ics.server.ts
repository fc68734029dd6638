import ical, { ICalAttendeeRole, ICalAttendeeStatus, ICalCalendarMethod, ICalEventStatus } from 'ical-generator'
import { getVtimezoneComponent } from '@touch4it/ical-timezones'
import { DateTime } from 'luxon'

/** What goes in one VEVENT; times are instants, `zone` is the IANA zone they are shown in. */
export type CalendarEntry = {
  uid: string
  sequence: number
  startsAt: Date
  endsAt: Date
  zone: string
  summary: string
  description: string
  location: string
  url?: string
  /** Only for invitations (REQUEST / CANCEL): the one person the message is addressed to. */
  attendee?: { email: string; name: string }
  /** Others invited to the same VEVENT (a B2B meeting's other delegate), listed after `attendee`. */
  otherAttendees?: { email: string; name: string }[]
  cancelled?: boolean
}

export type CalendarMethod = 'REQUEST' | 'CANCEL' | 'PUBLISH'

export type CalendarDocument = {
  method: CalendarMethod
  /** The organiser's real mailbox (ORGANIZER). */
  organiser: { email: string; name: string }
  /** Calendar name for feeds (X-WR-CALNAME). */
  name?: string
  entries: CalendarEntry[]
  /** DTSTAMP; defaults to now. Always written in UTC. */
  stamp?: Date
}

/** VTIMEZONE blocks are static package files (read from disk on every call): kept once per zone. */
const vtimezones = new Map<string, string | null>()
function vtimezone(zone: string): string | null {
  if (!vtimezones.has(zone)) vtimezones.set(zone, getVtimezoneComponent(zone))
  return vtimezones.get(zone)!
}

const METHODS: Record<CalendarMethod, ICalCalendarMethod> = {
  REQUEST: ICalCalendarMethod.REQUEST,
  CANCEL: ICalCalendarMethod.CANCEL,
  PUBLISH: ICalCalendarMethod.PUBLISH,
}

/**
 * Builds an iCalendar text (RFC 5545, CRLF, folded at 75 octets) for an iMIP invitation
 * (REQUEST / CANCEL, one ATTENDEE) or a PUBLISH feed (no attendees). Times are luxon DateTimes
 * in the event's zone with a VTIMEZONE for each TZID; `timezone({ name: null })` keeps DTSTAMP
 * in UTC (STACK.md's two ical-generator traps).
 */
export function buildCalendar(document: CalendarDocument): string {
  return invitationFromShell(document) ?? renderCalendar(document)
}

/** `buildCalendar` always through ical-generator, never from a shell (what a shell must reproduce). */
export function renderCalendar(document: CalendarDocument): string {
  const calendar = ical({
    prodId: { company: 'Passerelle', product: 'Passerelle', language: 'FR' },
    method: METHODS[document.method],
    name: document.name ?? null,
  })
  calendar.timezone({ name: null, generator: vtimezone })
  const stamp = DateTime.fromJSDate(document.stamp ?? new Date(), { zone: 'utc' })
  for (const entry of document.entries) {
    const withAttendee = document.method !== 'PUBLISH' && entry.attendee
    const cancelled = document.method === 'CANCEL' || entry.cancelled
    calendar.createEvent({
      id: entry.uid,
      sequence: entry.sequence,
      stamp,
      start: DateTime.fromJSDate(entry.startsAt, { zone: entry.zone }),
      end: DateTime.fromJSDate(entry.endsAt, { zone: entry.zone }),
      timezone: entry.zone,
      summary: entry.summary,
      description: entry.description,
      location: entry.location || null,
      url: entry.url ?? null,
      status: cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
      organizer: { name: document.organiser.name, email: document.organiser.email },
      attendees: withAttendee
        ? [
            {
              email: entry.attendee!.email,
              name: entry.attendee!.name,
              rsvp: document.method === 'REQUEST',
              role: ICalAttendeeRole.REQ,
              status: ICalAttendeeStatus.NEEDSACTION,
            },
            ...(entry.otherAttendees ?? []).map((other) => ({
              email: other.email,
              name: other.name,
              rsvp: document.method === 'REQUEST',
              role: ICalAttendeeRole.REQ,
              status: ICalAttendeeStatus.NEEDSACTION,
            })),
          ]
        : [],
    })
  }
  const text = calendar.toString()
  return text.endsWith('\r\n') ? text : `${text}\r\n`
}

/**
 * ical-generator's line folding (`foldLines`: at most 75 octets a line, continued with CRLF and
 * a space, never inside a character), without its TextEncoder call per character.
 */
export function foldCalendarLines(text: string): string {
  return text.split('\r\n').map(foldLine).join('\r\n')
}

// eslint-disable-next-line no-control-regex
const SHORT_ASCII = /^[\x00-\x7f]{0,74}$/

function foldLine(line: string): string {
  if (SHORT_ASCII.test(line)) return line
  let folded = ''
  let octets = 0
  for (let i = 0; i < line.length; i++) {
    const code = line.charCodeAt(i)
    let char = line.charAt(i)
    let size: number
    if (code < 0x80) size = 1
    else if (code < 0x800) size = 2
    else if (code < 0xd800 || code > 0xdfff) size = 3
    else {
      // a surrogate pair (or a lone surrogate, written as U+FFFD) is one character, as there
      if (code <= 0xdbff) char += line.charAt(++i)
      size = Buffer.byteLength(char)
    }
    octets += size
    if (octets > 74) {
      folded += '\r\n '
      octets = size
    }
    folded += char
  }
  return folded
}

/**
 * One-attendee invitations of a mailing differ only by UID, SEQUENCE, DTSTAMP and ATTENDEE: the
 * calendar is rendered once, unfolded, with a placeholder for each, then filled and folded per
 * recipient. A shell is kept only when, filled, it reproduces the full rendering of the first
 * invitation exactly, and it is used only for values ical-generator writes verbatim (nothing it
 * escapes, no control character).
 */
const SHELL_MARK = 'zqcal'
const SHELL_UID = `${SHELL_MARK}uid`
const SHELL_SEQUENCE = 918273645
const SHELL_NAME = `${SHELL_MARK}name`
const SHELL_EMAIL = `${SHELL_MARK}mail@${SHELL_MARK}.invalid`
const SHELL_STAMP = new Date(Date.UTC(2000, 0, 1))
const SHELL_TOKENS = {
  uid: `\r\nUID:${SHELL_UID}\r\n`,
  sequence: `\r\nSEQUENCE:${SHELL_SEQUENCE}\r\n`,
  stamp: '\r\nDTSTAMP:20000101T000000Z\r\n',
  attendee: `;CN="${SHELL_NAME}":MAILTO:${SHELL_EMAIL}\r\n`,
}
const VERBATIM_VALUE = /^[^\\;,"\p{C}]+$/u
const SHELL_LIMIT = 200
const shells = new Map<string, string | null>()

function icsStamp(stamp: Date): string | null {
  const iso = stamp.toISOString()
  if (iso.length !== 24) return null
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}T${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`
}

/** The unfolded text of a calendar with one placeholder per token, or null when one is not there exactly once. */
function unfoldedShell(document: CalendarDocument, entry: CalendarEntry): string | null {
  const text = renderCalendar({
    ...document,
    stamp: SHELL_STAMP,
    entries: [{ ...entry, uid: SHELL_UID, sequence: SHELL_SEQUENCE, attendee: { email: SHELL_EMAIL, name: SHELL_NAME } }],
  }).replace(/\r\n /g, '')
  const once = (token: string) => text.indexOf(token) >= 0 && text.indexOf(token) === text.lastIndexOf(token)
  return Object.values(SHELL_TOKENS).every(once) && text.split(SHELL_MARK).length === 5 ? text : null
}

function fillShell(shell: string, entry: CalendarEntry, stamp: string): string {
  const attendee = entry.attendee!
  const filled = shell
    .replace(SHELL_TOKENS.uid, () => `\r\nUID:${entry.uid}\r\n`)
    .replace(SHELL_TOKENS.sequence, () => `\r\nSEQUENCE:${entry.sequence}\r\n`)
    .replace(SHELL_TOKENS.stamp, () => `\r\nDTSTAMP:${stamp}\r\n`)
    .replace(SHELL_TOKENS.attendee, () => `;CN="${attendee.name}":MAILTO:${attendee.email}\r\n`)
  return foldCalendarLines(filled)
}

function invitationFromShell(document: CalendarDocument): string | null {
  const [entry, ...others] = document.entries
  if (!entry || others.length || document.method === 'PUBLISH' || !entry.attendee || entry.otherAttendees?.length) return null
  const values = [entry.uid, entry.attendee.name, entry.attendee.email]
  if (!values.every((value) => VERBATIM_VALUE.test(value)) || !Number.isSafeInteger(entry.sequence) || entry.sequence < 0) return null
  const stampDate = document.stamp ?? new Date()
  const stamp = icsStamp(stampDate)
  if (!stamp) return null
  const { uid: _uid, sequence: _sequence, attendee: _attendee, ...shared } = entry
  const key = JSON.stringify({ ...document, stamp: undefined, entries: [shared] })
  if (key.includes(SHELL_MARK)) return null
  const shell = shells.get(key)
  if (shell) return fillShell(shell, entry, stamp)
  const full = renderCalendar({ ...document, stamp: stampDate })
  if (shell === undefined) {
    const made = unfoldedShell(document, entry)
    if (shells.size >= SHELL_LIMIT) shells.clear()
    shells.set(key, made !== null && fillShell(made, entry, stamp) === full ? made : null)
  }
  return full
}
