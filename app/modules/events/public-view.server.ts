import { placeLine } from '~/utils/place'
/**
 * Turns public event rows into what the pages show, in the reader's language: times through the
 * one time helper (event zone, Martinique beside it when different), money through the one money
 * formatter. Runs in loaders only, so luxon never reaches the browser.
 */
import { translate, localized, type Locale } from '~/locales'
import type {
  DisplayRange,
  DisplayTime,
  EventCard,
  PartnerEntry,
  ProgrammeDay,
  RegistrationState,
  TicketOffer,
} from '~/components/events/types'
import { eventIcsPath, googleCalendarUrl, outlookCalendarUrl } from '~/utils/calendar-links'
import { formatMoney } from '~/utils/money'
import { dayKey, formatDay, formatForReader, zoneCity } from '~/utils/time'
import type { EventCardRow, PublicEventPartnerRow, PublicEventRow, PublicProgrammeItemRow, PublicTicketTypeRow } from './public.server'

/**
 * Formatting an instant in two zones costs about a millisecond of CPU (luxon builds Intl
 * formatters for zone names), a price a fresh Intl.NumberFormat; an event page shows a dozen
 * of them, the same ones on every request.
 * Bounded memo per process: the output depends only on (instant, zone, locale).
 */
const MEMO_LIMIT = 5000
const memo = new Map<string, unknown>()
function remember<T>(key: string, compute: () => T): T {
  if (memo.has(key)) return memo.get(key) as T
  if (memo.size >= MEMO_LIMIT) memo.clear()
  const value = compute()
  memo.set(key, value)
  return value
}

export function displayTime(instant: Date, zone: string, locale: Locale): DisplayTime {
  return remember(`t|${instant.getTime()}|${zone}|${locale}`, () => formatDisplayTime(instant, zone, locale))
}

function formatDisplayTime(instant: Date, zone: string, locale: Locale): DisplayTime {
  const { local, martinique } = formatForReader(instant, zone, locale)
  return {
    iso: local.iso,
    date: local.date,
    time: local.time,
    zoneLabel: translate(locale, 'events.time.zoneTime', { city: zoneCity(zone, locale) }),
    martinique: martinique ? { iso: martinique.iso, date: martinique.date, time: martinique.time } : null,
  }
}

export function displayRange(startsAt: Date, endsAt: Date, zone: string, locale: Locale): DisplayRange {
  return {
    sameDay: eventDay(startsAt, zone) === eventDay(endsAt, zone),
    start: displayTime(startsAt, zone, locale),
    end: displayTime(endsAt, zone, locale),
  }
}

function eventDay(instant: Date, zone: string): string {
  return remember(`d|${instant.getTime()}|${zone}`, () => dayKey(instant, zone))
}

export function eventCard(row: EventCardRow, locale: Locale): EventCard {
  return {
    slug: row.slug,
    kind: row.kind,
    kindLabel: translate(locale, `events.kinds.${row.kind}`),
    title: localized(row.title, locale),
    summary: localized(row.summary, locale),
    venueCity: row.venueCity,
    cancelled: row.status === 'cancelled',
    dates: displayRange(row.startsAt, row.endsAt, row.timezone, locale),
  }
}

/** OpenStreetMap: a pin when the venue has coordinates, else a search for its address. */
export function mapUrl(venue: { latitude: string | null; longitude: string | null; venueName: string; venueAddress: string; venueCity: string }) {
  const lat = Number(venue.latitude)
  const lon = Number(venue.longitude)
  if (venue.latitude && venue.longitude && Number.isFinite(lat) && Number.isFinite(lon)) {
    return `https://www.openstreetmap.org/?mlat=${lat}&mlon=${lon}#map=17/${lat}/${lon}`
  }
  const query = placeLine(null, venue.venueAddress, venue.venueCity) || venue.venueName
  return `https://www.openstreetmap.org/search?query=${encodeURIComponent(query)}`
}

/**
 * Whether a visitor may start a registration now, and if not, why. Upcoming means not yet
 * started; the registration service re-checks everything under lock.
 */
export function registrationState(
  event: Pick<PublicEventRow, 'status' | 'startsAt' | 'registrationOpensAt' | 'registrationClosesAt'>,
  offers: Pick<TicketOffer, 'seatsLeft'>[],
  now: Date,
): RegistrationState {
  if (event.status === 'cancelled') return 'cancelled'
  if (event.status !== 'published') return 'closed'
  if (event.startsAt.getTime() <= now.getTime()) return 'past'
  if (event.registrationOpensAt && now.getTime() < event.registrationOpensAt.getTime()) return 'not_yet_open'
  if (event.registrationClosesAt && now.getTime() >= event.registrationClosesAt.getTime()) return 'closed'
  if (offers.length === 0) return 'no_tickets'
  if (offers.every((offer) => offer.seatsLeft === 0)) return 'full'
  return 'open'
}

export function ticketOffers(
  tickets: PublicTicketTypeRow[],
  availability: Map<string, number | null>,
  currency: string,
  locale: Locale,
  now: Date,
): TicketOffer[] {
  return tickets
    .filter((t) => !t.salesEndAt || t.salesEndAt.getTime() > now.getTime())
    .map((t) => ({
      id: t.id,
      name: localized(t.name, locale),
      description: t.description ? localized(t.description, locale) || null : null,
      price:
        t.priceMinor === 0
          ? translate(locale, 'events.page.free')
          : remember(`m|${t.priceMinor}|${currency}|${locale}`, () => formatMoney(t.priceMinor, currency, locale)),
      free: t.priceMinor === 0,
      seatsLeft: availability.get(t.id) ?? null,
    }))
}

export function programmeByDay(items: PublicProgrammeItemRow[], zone: string, locale: Locale): ProgrammeDay[] {
  const days = new Map<string, ProgrammeDay>()
  for (const item of items) {
    const key = eventDay(item.startsAt, zone)
    let day = days.get(key)
    if (!day) {
      const label = remember(`l|${key}|${zone}|${locale}`, () => formatDay(item.startsAt, zone, locale))
      day = { key, label, iso: key, items: [] }
      days.set(key, day)
    }
    day.items.push({
      id: item.id,
      kindLabel: translate(locale, `events.programmeKinds.${item.kind}`),
      title: localized(item.title, locale),
      description: item.description ? localized(item.description, locale) || null : null,
      place: item.place,
      address: item.address,
      dates: displayRange(item.startsAt, item.endsAt, zone, locale),
    })
  }
  return [...days.values()]
}

export function partnerEntries(rows: PublicEventPartnerRow[], locale: Locale): PartnerEntry[] {
  return rows.map((p) => ({
    id: p.id,
    name: p.name,
    website: p.website,
    role: p.role,
    roleLabel: translate(locale, `events.partnerRoles.${p.role}`),
  }))
}

/** Everything the event page shows, as strings for the reader. */
export function eventPageView(
  event: PublicEventRow,
  availability: Map<string, number | null>,
  locale: Locale,
  options: { now: Date; pageUrl: string },
) {
  const { now } = options
  const title = localized(event.title, locale)
  const summary = localized(event.summary, locale)
  const offers = ticketOffers(event.ticketTypes, availability, event.currency, locale, now)
  const computed = registrationState(event, offers, now)
  // Ticket types exist but their sales have all ended: registration is closed, not absent.
  const state = computed === 'no_tickets' && event.ticketTypes.length > 0 ? 'closed' : computed
  // "Seats left" only means something while one could still register.
  const tickets = state === 'open' || state === 'full' ? offers : offers.map((offer) => ({ ...offer, seatsLeft: null }))
  const location = [event.venueName, event.venueAddress].filter(Boolean).join(', ')
  const calendarInput = {
    title,
    description: `${summary}\n\n${options.pageUrl}`,
    location,
    startsAt: event.startsAt,
    endsAt: event.endsAt,
  }
  const stateDate = (instant: Date | null) => {
    if (!instant) return ''
    const t = displayTime(instant, event.timezone, locale)
    return `${t.date} · ${t.time} ${t.zoneLabel}`
  }
  return {
    slug: event.slug,
    kind: event.kind,
    kindLabel: translate(locale, `events.kinds.${event.kind}`),
    title,
    summary,
    description: localized(event.description, locale),
    cancelled: event.status === 'cancelled',
    dates: displayRange(event.startsAt, event.endsAt, event.timezone, locale),
    zoneCity: zoneCity(event.timezone, locale),
    venue: {
      name: event.venueName,
      address: event.venueAddress,
      city: event.venueCity,
      mapUrl: mapUrl(event),
    },
    programme: programmeByDay(event.programme, event.timezone, locale),
    partners: partnerEntries(event.partners, locale),
    tickets,
    registration: {
      state,
      approvalRequired: event.approvalRequired,
      opensOn: state === 'not_yet_open' ? stateDate(event.registrationOpensAt) : null,
      closesOn: state === 'open' && event.registrationClosesAt ? stateDate(event.registrationClosesAt) : null,
    },
    cancellationTerms: event.cancellationTerms ? localized(event.cancellationTerms, locale) || null : null,
    calendar: {
      google: googleCalendarUrl(calendarInput),
      outlook: outlookCalendarUrl(calendarInput),
      ics: eventIcsPath(locale, event.slug),
    },
  }
}

export type EventPageView = ReturnType<typeof eventPageView>
