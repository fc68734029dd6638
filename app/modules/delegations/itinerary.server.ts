/**
 * One live itinerary per delegate: programme sessions, flights, the transfer wave and hotel
 * check-in/out, merged and sorted, each in its own zone (Martinique beside it on the page). The
 * same entries make the delegate's calendar feed (PUBLISH, VTIMEZONEs from the calendar module).
 */
import crypto from 'node:crypto'
import { and, asc, eq, gte, isNull, lte } from 'drizzle-orm'
import { DateTime } from 'luxon'
import type { DbOrTx } from '#db/client'
import { attendees, delegates, events, flightSegments, hotelBlocks, hotelRooms, organisations, programmeItems, roomAssignments, transferWaves } from '#db/schema/index'
import { localized, translate, type Locale } from '~/locales'
import { buildCalendar, type CalendarEntry } from '~/modules/calendar/ics.server'
import { organiserOf } from '~/modules/calendar/entries.server'
import { getEnv } from '~/utils/env.server'
import { isUuid } from '~/utils/ids'
import { airportOf } from './airports'

export type ItineraryKind = 'flight' | 'transfer' | 'hotelIn' | 'hotelOut' | 'session'
export type ItineraryEntry = { id: string; kind: ItineraryKind; title: string; startsAt: Date; endsAt: Date; zone: string; location: string; detail: string }

const CHECK_IN_HOUR = 15
const CHECK_OUT_HOUR = 11

/** The itinerary of one delegate (attendee of a delegation event), sorted by start. */
export async function itineraryOf(db: DbOrTx, attendeeId: string, locale: Locale): Promise<ItineraryEntry[]> {
  const [found] = await db.select({ attendee: attendees, event: events }).from(attendees).innerJoin(events, eq(events.id, attendees.eventId)).where(eq(attendees.id, attendeeId))
  if (!found) return []
  const { event } = found
  const t = (key: Parameters<typeof translate>[1], vars?: Record<string, string | number>) => translate(locale, key, vars)
  const entries: ItineraryEntry[] = []

  const items = await db.select().from(programmeItems).where(and(eq(programmeItems.eventId, event.id), isNull(programmeItems.cancelledAt))).orderBy(asc(programmeItems.startsAt))
  for (const item of items)
    entries.push({ id: `item-${item.id}`, kind: 'session', title: localized(item.title, locale), startsAt: item.startsAt, endsAt: item.endsAt, zone: event.timezone, location: [item.place, item.address].filter(Boolean).join(', '), detail: '' })

  const flights = await db.select().from(flightSegments).where(eq(flightSegments.attendeeId, attendeeId)).orderBy(asc(flightSegments.departsAt))
  for (const f of flights) {
    const from = airportOf(f.fromAirport)
    const to = airportOf(f.toAirport)
    entries.push({
      id: `flight-${f.id}`,
      kind: 'flight',
      title: t('delegations.itinerary.flightTitle', { flight: f.flightNumber, from: f.fromAirport, to: f.toAirport }),
      startsAt: f.departsAt,
      endsAt: f.arrivesAt,
      zone: from?.zone ?? event.timezone,
      location: from ? `${from.name} (${from.code})` : f.fromAirport,
      detail: [
        t('delegations.itinerary.flightDetail', { carrier: f.carrier, arrival: DateTime.fromJSDate(f.arrivesAt, { zone: to?.zone ?? event.timezone }).toFormat('HH:mm'), to: to ? to.city : f.toAirport }),
        f.bookingReference ? t('delegations.itinerary.booking', { reference: f.bookingReference }) : '',
      ].filter(Boolean).join(' · '),
    })
    const waves = await db
      .select()
      .from(transferWaves)
      .where(and(eq(transferWaves.eventId, event.id), eq(transferWaves.airport, f.toAirport), lte(transferWaves.windowStart, f.arrivesAt), gte(transferWaves.windowEnd, f.arrivesAt)))
    for (const wave of waves)
      entries.push({
        id: `transfer-${wave.id}-${f.id}`,
        kind: 'transfer',
        title: t('delegations.itinerary.transferTitle', { wave: wave.label }),
        startsAt: wave.windowEnd,
        endsAt: new Date(wave.windowEnd.getTime() + 60 * 60_000),
        zone: airportOf(wave.airport)?.zone ?? event.timezone,
        location: airportOf(wave.airport)?.name ?? wave.airport,
        detail: wave.vehicle ? t('delegations.itinerary.vehicle', { vehicle: wave.vehicle }) : '',
      })
  }

  const stays = await db
    .select({ stay: roomAssignments, room: hotelRooms, block: hotelBlocks })
    .from(roomAssignments)
    .innerJoin(hotelRooms, eq(hotelRooms.id, roomAssignments.roomId))
    .innerJoin(hotelBlocks, eq(hotelBlocks.id, hotelRooms.blockId))
    .where(eq(roomAssignments.attendeeId, attendeeId))
  for (const { stay, room, block } of stays) {
    const at = (date: string, hour: number) => DateTime.fromISO(date, { zone: event.timezone }).set({ hour }).toJSDate()
    const base = { zone: event.timezone, location: `${block.hotelName}, ${block.address}` }
    entries.push({ ...base, id: `hotel-in-${stay.id}`, kind: 'hotelIn', title: t('delegations.itinerary.checkIn', { hotel: block.hotelName }), startsAt: at(stay.arrivalDate, CHECK_IN_HOUR), endsAt: at(stay.arrivalDate, CHECK_IN_HOUR + 1), detail: t('delegations.itinerary.room', { room: room.label, type: room.roomType }) })
    entries.push({ ...base, id: `hotel-out-${stay.id}`, kind: 'hotelOut', title: t('delegations.itinerary.checkOut', { hotel: block.hotelName }), startsAt: at(stay.departureDate, CHECK_OUT_HOUR - 1), endsAt: at(stay.departureDate, CHECK_OUT_HOUR), detail: '' })
  }
  return entries.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime() || a.id.localeCompare(b.id))
}

/** The feed token of a delegate: their id and an HMAC of it (nothing to store, nothing to guess). */
export function feedToken(attendeeId: string): string {
  const sig = crypto.createHmac('sha256', getEnv().SESSION_SECRET).update(`delegate-feed:${attendeeId}`).digest('base64url').slice(0, 32)
  return `${attendeeId}.${sig}`
}

export function feedUrl(attendeeId: string): string {
  return `${getEnv().PUBLIC_URL}/delegations/feed/${feedToken(attendeeId)}.ics`
}

/** The attendee a feed token opens, or null. */
export function attendeeOfFeedToken(token: string): string | null {
  const [id] = token.split('.')
  if (!isUuid(id)) return null
  const expected = Buffer.from(feedToken(id))
  const given = Buffer.from(token)
  return expected.length === given.length && crypto.timingSafeEqual(expected, given) ? id : null
}

/** The delegate's calendar feed (PUBLISH): every itinerary entry, stable UIDs; null when the token is wrong. */
export async function itineraryFeed(db: DbOrTx, token: string): Promise<string | null> {
  const attendeeId = attendeeOfFeedToken(token)
  if (!attendeeId) return null
  const [found] = await db
    .select({ attendee: attendees, event: events, org: organisations })
    .from(delegates)
    .innerJoin(attendees, eq(attendees.id, delegates.attendeeId))
    .innerJoin(events, eq(events.id, attendees.eventId))
    .innerJoin(organisations, eq(organisations.id, events.organisationId))
    .where(eq(delegates.attendeeId, attendeeId))
  if (!found || found.attendee.status !== 'active') return null
  const locale = found.attendee.locale
  const entries = await itineraryOf(db, attendeeId, locale)
  const host = new URL(getEnv().PUBLIC_URL).hostname
  const calendarEntries: CalendarEntry[] = entries.map((e) => ({
    uid: `itinerary-${attendeeId}-${e.id}@${host}`,
    sequence: 0,
    startsAt: e.startsAt,
    endsAt: e.endsAt,
    zone: e.zone,
    summary: e.title,
    description: e.detail,
    location: e.location,
  }))
  return buildCalendar({
    method: 'PUBLISH',
    organiser: organiserOf(found.org),
    name: translate(locale, 'delegations.itinerary.feedName', { event: localized(found.event.title, locale) }),
    entries: calendarEntries,
  })
}

/** The delegates of a registration (its active attendees on a delegation event) with their itineraries. */
export async function itinerariesOfRegistration(db: DbOrTx, registrationId: string, locale: Locale) {
  const rows = await db
    .select({ attendee: attendees, event: events })
    .from(attendees)
    .innerJoin(events, eq(events.id, attendees.eventId))
    .where(and(eq(attendees.registrationId, registrationId), eq(attendees.status, 'active'), eq(events.kind, 'delegation')))
    .orderBy(asc(attendees.lastName))
  const out = []
  for (const { attendee, event } of rows) {
    await db.insert(delegates).values({ attendeeId: attendee.id, eventId: event.id }).onConflictDoNothing()
    const [delegate] = await db.select({ complete: delegates.identityComplete }).from(delegates).where(eq(delegates.attendeeId, attendee.id))
    out.push({ identityComplete: delegate?.complete === 1, attendeeId: attendee.id, name: `${attendee.firstName} ${attendee.lastName}`, event, entries: await itineraryOf(db, attendee.id, locale), feedUrl: feedUrl(attendee.id) })
  }
  return out
}
