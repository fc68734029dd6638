import { DateTime } from 'luxon'
import type { Locale } from '~/locales'

export const MARTINIQUE_ZONE = 'America/Martinique'

/** The city a reader recognises for a zone (used in "heure de Miami"). */
const ZONE_CITIES: Record<string, { fr: string; en: string }> = {
  'America/New_York': { fr: 'Miami', en: 'Miami' },
  'America/Martinique': { fr: 'Martinique', en: 'Martinique' },
  'America/Guadeloupe': { fr: 'Guadeloupe', en: 'Guadeloupe' },
  'Europe/Paris': { fr: 'Paris', en: 'Paris' },
}

export function zoneCity(zone: string, locale: Locale): string {
  return ZONE_CITIES[zone]?.[locale] ?? zone.split('/').pop()!.replace(/_/g, ' ')
}

export type ZonedTime = {
  /** ISO instant with offset, for <time datetime>. */
  iso: string
  zone: string
  date: string
  time: string
  /** Short zone name as the reader's locale writes it (EST, EDT, UTC−4…). */
  zoneAbbr: string
}

// luxon's `toFormat('ZZZZ')` builds a new Intl.DateTimeFormat on every call (about 2 % of a
// rendered back-office page's CPU): one formatter per zone and language, kept.
const zoneNameFormats = new Map<string, Intl.DateTimeFormat>()

/** The short zone name at that instant as the language writes it (EST, EDT, UTC−4…), as luxon's 'ZZZZ'. */
export function zoneAbbreviation(instant: Date, zone: string, intlLocale: string): string {
  const key = `${intlLocale} ${zone}`
  let format = zoneNameFormats.get(key)
  if (!format) {
    format = new Intl.DateTimeFormat(intlLocale, { timeZone: zone, timeZoneName: 'short', hour: '2-digit', hour12: false })
    zoneNameFormats.set(key, format)
  }
  return format.formatToParts(instant).find((part) => part.type === 'timeZoneName')?.value ?? ''
}

// An instant shown in a zone and a language always reads the same (the zone rules are fixed for
// the process's life), and pages show the same few instants to every visitor: luxon's formatting
// (an Intl look-up per part) was about 2 % of a rendered page. Kept per instant, zone and language,
// bounded: the map starts afresh when full.
const KEPT = 5000
const zonedKept = new Map<string, ZonedTime>()
const offsetsKept = new Map<string, boolean>()

function keep<T>(kept: Map<string, T>, key: string, compute: () => T): T {
  let found = kept.get(key)
  if (found === undefined) {
    if (kept.size >= KEPT) kept.clear()
    found = compute()
    kept.set(key, found)
  }
  return found
}

function zoned(instant: Date, zone: string, locale: Locale): ZonedTime {
  return keep(zonedKept, `${instant.getTime()} ${zone} ${locale}`, () => Object.freeze(zonedNow(instant, zone, locale)))
}

function zonedNow(instant: Date, zone: string, locale: Locale): ZonedTime {
  const intlLocale = locale === 'fr' ? 'fr-FR' : 'en-US'
  const dt = DateTime.fromJSDate(instant, { zone }).setLocale(intlLocale)
  return {
    iso: dt.toISO()!,
    zone,
    date: dt.toLocaleString({ weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }),
    time: dt.toLocaleString(DateTime.TIME_SIMPLE),
    zoneAbbr: zoneAbbreviation(instant, zone, intlLocale),
  }
}

export type ReaderTime = {
  /** In the event's zone: what the event's own clock says. */
  local: ZonedTime
  /** In Martinique, only when it differs from the event's zone on that date. */
  martinique: ZonedTime | null
}

/**
 * The one helper for showing an instant to a reader: the event's zone first, then Martinique's
 * beside it when the wall-clock differs on that date (Miami is one hour behind in northern
 * winter, equal in summer).
 */
export function formatForReader(instant: Date, eventZone: string, locale: Locale): ReaderTime {
  const local = zoned(instant, eventZone, locale)
  return { local, martinique: differsFromMartinique(instant, eventZone) ? zoned(instant, MARTINIQUE_ZONE, locale) : null }
}

/** True when the event's zone and Martinique differ at that instant. */
export function differsFromMartinique(instant: Date, eventZone: string): boolean {
  return keep(
    offsetsKept,
    `${instant.getTime()} ${eventZone}`,
    () => DateTime.fromJSDate(instant, { zone: eventZone }).offset !== DateTime.fromJSDate(instant, { zone: MARTINIQUE_ZONE }).offset,
  )
}

/** One line of text, e.g. "jeudi 15 mars 2018 · 18:00 heure de Miami (19:00 heure de Martinique)". */
export function describeInstant(instant: Date, eventZone: string, locale: Locale): string {
  const { local, martinique } = formatForReader(instant, eventZone, locale)
  const city = zoneCity(eventZone, locale)
  const here = locale === 'fr' ? `${local.time} heure de ${city}` : `${local.time} ${city} time`
  if (!martinique) {
    return `${local.date} · ${here}`
  }
  const there =
    locale === 'fr'
      ? `${martinique.time} heure de Martinique${martinique.date !== local.date ? `, ${martinique.date}` : ''}`
      : `${martinique.time} Martinique time${martinique.date !== local.date ? `, ${martinique.date}` : ''}`
  return `${local.date} · ${here} (${there})`
}

/** A calendar day key in the event's zone (groups a programme by day). */
export function dayKey(instant: Date, zone: string): string {
  return DateTime.fromJSDate(instant, { zone }).toISODate()!
}

export function formatDay(instant: Date, zone: string, locale: Locale): string {
  return DateTime.fromJSDate(instant, { zone })
    .setLocale(locale === 'fr' ? 'fr-FR' : 'en-US')
    .toLocaleString({ weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' })
}

/** `yyyy-MM-ddTHH:mm` in the event's zone, for <input type="datetime-local">. */
export function toLocalInput(instant: Date, zone: string): string {
  return DateTime.fromJSDate(instant, { zone }).toFormat("yyyy-MM-dd'T'HH:mm")
}
