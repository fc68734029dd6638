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
          ]
        : [],
    })
  }
  const text = calendar.toString()
  return text.endsWith('\r\n') ? text : `${text}\r\n`
}
