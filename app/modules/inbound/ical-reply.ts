import type { RsvpPartstat } from '#db/schema/inbound'

/**
 * Reads what an iMIP REPLY (RFC 5546 §3.2.3) says, from the iCalendar text of a calendar part.
 * A small reader of our own: only unfolding, properties and their parameters are needed, and it
 * must accept what real clients write (lower-case values, quoted parameters, `MAILTO:` in any
 * case, Outlook.com's missing ORGANIZER).
 */
export type CalendarReply = {
  method: string | null
  uid: string
  sequence: number
  /** DTSTAMP of the reply (when the guest answered); null when the client left it out. */
  stamp: Date | null
  attendee: { address: string; partstat: RsvpPartstat | 'needs-action' | 'other'; delegatedTo: string | null }
  organiser: string | null
  recurrenceId: string | null
}

export type CalendarReading = { kind: 'reply'; reply: CalendarReply } | { kind: 'unusable'; reason: CalendarUnusableReason }

export type CalendarUnusableReason = 'not-a-reply' | 'no-event' | 'no-uid' | 'attendee-count'

type Property = { name: string; params: Record<string, string>; value: string }

/** RFC 5545 §3.1: a line starting with a space or tab continues the previous one. */
function unfold(text: string): string[] {
  return text.replace(/\r?\n[ \t]/g, '').split(/\r?\n/).filter((line) => line.length > 0)
}

function parseLine(line: string): Property | null {
  // name, then ;param=value (values may be quoted and contain ':' or ';'), then ':' value
  let i = 0
  while (i < line.length && line[i] !== ';' && line[i] !== ':') i++
  const name = line.slice(0, i).toUpperCase()
  const params: Record<string, string> = {}
  while (i < line.length && line[i] === ';') {
    i++
    const eq = line.indexOf('=', i)
    if (eq < 0) return null
    const key = line.slice(i, eq).toUpperCase()
    i = eq + 1
    let value = ''
    if (line[i] === '"') {
      const close = line.indexOf('"', i + 1)
      if (close < 0) return null
      value = line.slice(i + 1, close)
      i = close + 1
      // a list of quoted values: keep the first
      while (i < line.length && line[i] !== ';' && line[i] !== ':') i++
    } else {
      const start = i
      while (i < line.length && line[i] !== ';' && line[i] !== ':') i++
      value = line.slice(start, i)
    }
    params[key] = value
  }
  if (line[i] !== ':') return null
  return { name, params, value: line.slice(i + 1) }
}

/** `mailto:Someone@Example.org` → `someone@example.org`; anything else as written, lower-cased. */
export function calAddress(value: string): string {
  return value
    .trim()
    .replace(/^mailto:/i, '')
    .replace(/^"|"$/g, '')
    .toLowerCase()
}

function unescapeText(value: string) {
  return value.replace(/\\([,;\\nN])/g, (_, c: string) => (c === 'n' || c === 'N' ? '\n' : c))
}

/** A DATE-TIME in UTC (`20261205T101500Z`) or floating/zoned (read as UTC: only order matters). */
function parseStamp(value: string): Date | null {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z?$/.exec(value.trim())
  if (!m) return null
  return new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]))
}

const PARTSTATS: Record<string, CalendarReply['attendee']['partstat']> = {
  ACCEPTED: 'accepted',
  DECLINED: 'declined',
  TENTATIVE: 'tentative',
  DELEGATED: 'delegated',
  'NEEDS-ACTION': 'needs-action',
}

export function readCalendarReply(text: string): CalendarReading {
  const lines = unfold(text)
  let method: string | null = null
  let depth: string[] = []
  let inEvent = false
  let seenEvent = false
  const event: Property[] = []
  for (const line of lines) {
    const prop = parseLine(line)
    if (!prop) continue
    if (prop.name === 'BEGIN') {
      depth = [...depth, prop.value.toUpperCase()]
      // the first VEVENT answers (a reply to one occurrence carries one VEVENT)
      if (prop.value.toUpperCase() === 'VEVENT' && depth.length === 2 && !seenEvent) inEvent = true
      continue
    }
    if (prop.name === 'END') {
      if (prop.value.toUpperCase() === 'VEVENT' && inEvent) {
        inEvent = false
        seenEvent = true
      }
      depth = depth.slice(0, -1)
      continue
    }
    if (depth.length === 1 && prop.name === 'METHOD') method = prop.value.trim().toUpperCase()
    else if (inEvent && depth.length === 2) event.push(prop)
  }
  if (method !== 'REPLY') return { kind: 'unusable', reason: 'not-a-reply' }
  if (!seenEvent) return { kind: 'unusable', reason: 'no-event' }
  const get = (name: string) => event.find((p) => p.name === name)
  const uid = get('UID')?.value.trim()
  if (!uid) return { kind: 'unusable', reason: 'no-uid' }
  const attendees = event.filter((p) => p.name === 'ATTENDEE')
  if (attendees.length !== 1) return { kind: 'unusable', reason: 'attendee-count' }
  const [attendee] = attendees
  const partstat = PARTSTATS[(attendee.params.PARTSTAT ?? '').toUpperCase()] ?? 'other'
  const sequence = Number.parseInt(get('SEQUENCE')?.value ?? '0', 10)
  const delegatedTo = attendee.params['DELEGATED-TO'] ? calAddress(attendee.params['DELEGATED-TO']) : null
  const organiser = get('ORGANIZER')
  return {
    kind: 'reply',
    reply: {
      method,
      uid: unescapeText(uid),
      sequence: Number.isFinite(sequence) ? sequence : 0,
      stamp: get('DTSTAMP') ? parseStamp(get('DTSTAMP')!.value) : null,
      attendee: { address: calAddress(attendee.value), partstat, delegatedTo },
      organiser: organiser ? calAddress(organiser.value) : null,
      recurrenceId: get('RECURRENCE-ID')?.value.trim() ?? null,
    },
  }
}

/**
 * A reply is stale when an answer already applied came from a newer invitation (higher
 * SEQUENCE), or from the same one but was written later (newer DTSTAMP). RFC 5546 §2.1.5.
 */
export function isStale(reply: { sequence: number; stamp: Date | null }, applied: { sequence: number; stamp: Date } | null): boolean {
  if (!applied) return false
  if (reply.sequence !== applied.sequence) return reply.sequence < applied.sequence
  if (!reply.stamp) return true
  return reply.stamp.getTime() <= applied.stamp.getTime()
}

/**
 * What a subject line seems to answer, when a mail has no calendar part (a forwarded or
 * rewritten reply). Only ever a suggestion for the review queue.
 */
export function partstatFromSubject(subject: string | null | undefined): RsvpPartstat | null {
  if (!subject) return null
  const s = subject.trim().normalize('NFC')
  if (/^(accepted|accepté|acceptée|accepte)\s*:/i.test(s)) return 'accepted'
  if (/^(declined|refusé|refusée|refuse|décliné)\s*:/i.test(s)) return 'declined'
  if (/^(tentative|provisoire|tentatively accepted|peut-être)\s*:/i.test(s)) return 'tentative'
  return null
}

/** What a REPLY must echo from the invitation it answers (RFC 5546 §3.2.3). */
export type InvitationEcho = {
  uid: string
  sequence: number
  summary: string
  organiser: { address: string; name: string | null } | null
  attendee: { address: string; name: string | null } | null
  /** DTSTART / DTEND lines as written (with their TZID). */
  timeLines: string[]
}

/** Reads the first VEVENT of an invitation (REQUEST): the part a calendar program answers. */
export function readInvitation(text: string): InvitationEcho | null {
  const lines = unfold(text)
  const props: { prop: Property; line: string }[] = []
  let depth = 0
  let inEvent = false
  for (const line of lines) {
    const prop = parseLine(line)
    if (!prop) continue
    if (prop.name === 'BEGIN') {
      depth++
      if (prop.value.toUpperCase() === 'VEVENT' && depth === 2 && props.length === 0) inEvent = true
      continue
    }
    if (prop.name === 'END') {
      if (prop.value.toUpperCase() === 'VEVENT' && inEvent) break
      depth--
      continue
    }
    if (inEvent && depth === 2) props.push({ prop, line })
  }
  const get = (name: string) => props.find((p) => p.prop.name === name)
  const uid = get('UID')?.prop.value
  if (!uid) return null
  const person = (p: { prop: Property } | undefined) => (p ? { address: calAddress(p.prop.value), name: p.prop.params.CN ?? null } : null)
  return {
    uid: unescapeText(uid),
    sequence: Number.parseInt(get('SEQUENCE')?.prop.value ?? '0', 10) || 0,
    summary: unescapeText(get('SUMMARY')?.prop.value ?? ''),
    organiser: person(get('ORGANIZER')),
    attendee: person(get('ATTENDEE')),
    timeLines: props.filter((p) => p.prop.name === 'DTSTART' || p.prop.name === 'DTEND').map((p) => p.line),
  }
}
