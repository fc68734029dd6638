import { placeLine } from '~/utils/place'
import { DateTime } from 'luxon'
import type { events, organisations, programmeItems } from '#db/schema/index'
import { localized, translate, type Locale } from '~/locales'
import { googleCalendarUrl, outlookCalendarUrl, eventIcsPath } from '~/utils/calendar-links'
import { getEnv } from '~/utils/env.server'
import { describeInstant, differsFromMartinique, formatForReader, MARTINIQUE_ZONE, zoneCity } from '~/utils/time'
import type { CalendarEntry } from './ics.server'

export type EventRow = typeof events.$inferSelect
export type ProgrammeItemRow = typeof programmeItems.$inferSelect
export type OrganisationRow = typeof organisations.$inferSelect

export function eventPageUrl(event: Pick<EventRow, 'slug'>, locale: Locale) {
  return `${getEnv().PUBLIC_URL}/${locale}/events/${event.slug}`
}

export function eventIcsUrl(event: Pick<EventRow, 'slug'>, locale: Locale) {
  return `${getEnv().PUBLIC_URL}${eventIcsPath(locale, event.slug)}`
}

export function eventPlace(event: Pick<EventRow, 'venueName' | 'venueAddress' | 'venueCity'>) {
  return placeLine(event.venueName, event.venueAddress, event.venueCity)
}

export function itemPlace(item: Pick<ProgrammeItemRow, 'place' | 'address'>, event: EventRow) {
  const own = [item.place, item.address].filter(Boolean).join(', ')
  return own || eventPlace(event)
}

/** "jeudi 14 janvier 2027 · 18:00 heure de Miami (19:00 heure de Martinique) → 20:00" */
export function describeSpan(startsAt: Date, endsAt: Date, zone: string, locale: Locale) {
  const start = describeInstant(startsAt, zone, locale)
  const sameDay =
    DateTime.fromJSDate(startsAt, { zone }).toISODate() === DateTime.fromJSDate(endsAt, { zone }).toISODate()
  const end = sameDay ? formatForReader(endsAt, zone, locale).local.time : describeInstant(endsAt, zone, locale)
  return { start, end, line: `${start} → ${end}${sameDay ? ` (${zoneCity(zone, locale)})` : ''}` }
}

/**
 * Readers in Martinique always see their clock: `describeInstant` adds it when it differs (northern
 * winter); when it is the same (summer), a line says so.
 */
function martiniqueLine(startsAt: Date, zone: string, locale: Locale) {
  if (zone === MARTINIQUE_ZONE || differsFromMartinique(startsAt, zone)) return null
  const there = formatForReader(startsAt, MARTINIQUE_ZONE, locale).local
  return translate(locale, 'mail.calendar.martiniqueSame', { time: there.time })
}

function describe(locale: Locale, parts: { intro: string; startsAt: Date; endsAt: Date; zone: string; place: string; url: string }) {
  const span = describeSpan(parts.startsAt, parts.endsAt, parts.zone, locale)
  const martinique = martiniqueLine(parts.startsAt, parts.zone, locale)
  return [
    parts.intro,
    '',
    translate(locale, 'mail.calendar.when', { time: span.start }),
    ...(martinique ? [martinique] : []),
    translate(locale, 'mail.calendar.until', { time: span.end }),
    translate(locale, 'mail.calendar.where', { place: parts.place }),
    translate(locale, 'mail.calendar.details', { url: parts.url }),
  ]
    .join('\n')
    .trim()
}

/** The VEVENT text of a whole event in the reader's language (UID / SEQUENCE given by the caller). */
export function eventEntry(
  event: EventRow,
  locale: Locale,
  identity: { uid: string; sequence: number },
  attendee?: { email: string; name: string },
): CalendarEntry {
  const url = eventPageUrl(event, locale)
  return {
    uid: identity.uid,
    sequence: identity.sequence,
    startsAt: event.startsAt,
    endsAt: event.endsAt,
    zone: event.timezone,
    summary: localized(event.title, locale),
    description: describe(locale, {
      intro: localized(event.summary, locale),
      startsAt: event.startsAt,
      endsAt: event.endsAt,
      zone: event.timezone,
      place: eventPlace(event),
      url,
    }),
    location: eventPlace(event),
    url,
    attendee,
    cancelled: event.status === 'cancelled',
  }
}

/** The VEVENT text of one programme item (session) in the reader's language. */
export function programmeItemEntry(
  item: ProgrammeItemRow,
  event: EventRow,
  locale: Locale,
  identity: { uid: string; sequence: number },
  attendee?: { email: string; name: string },
): CalendarEntry {
  const url = eventPageUrl(event, locale)
  const place = itemPlace(item, event)
  return {
    uid: identity.uid,
    sequence: identity.sequence,
    startsAt: item.startsAt,
    endsAt: item.endsAt,
    zone: event.timezone,
    summary: translate(locale, 'mail.calendar.itemSummary', {
      item: localized(item.title, locale),
      event: localized(event.title, locale),
    }),
    description: describe(locale, {
      intro: localized(item.description, locale) || localized(event.summary, locale),
      startsAt: item.startsAt,
      endsAt: item.endsAt,
      zone: event.timezone,
      place,
      url,
    }),
    location: place,
    url,
    attendee,
    cancelled: Boolean(item.cancelledAt) || event.status === 'cancelled',
  }
}

/** The "add to calendar" links of an event for a mail or a page. */
export function eventLinks(event: EventRow, locale: Locale) {
  const input = {
    title: localized(event.title, locale),
    description: `${localized(event.summary, locale)}\n${eventPageUrl(event, locale)}`,
    location: eventPlace(event),
    startsAt: event.startsAt,
    endsAt: event.endsAt,
  }
  return {
    url: eventPageUrl(event, locale),
    googleUrl: googleCalendarUrl(input),
    outlookUrl: outlookCalendarUrl(input),
    icsUrl: eventIcsUrl(event, locale),
  }
}

/** The organiser of invitations: a real mailbox, never no-reply. */
export function organiserOf(org: Pick<OrganisationRow, 'name' | 'organiserMailbox'>) {
  return { name: org.name, email: getEnv().MAIL_ORGANIZER ?? org.organiserMailbox }
}
