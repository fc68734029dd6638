/**
 * Flights and arrival waves. Times are typed as the airport's local wall-clock and stored as
 * instants; a flight must land after it took off in absolute time.
 */
import { and, asc, eq, gte, lte } from 'drizzle-orm'
import { DateTime } from 'luxon'
import type { DbOrTx } from '#db/client'
import { attendees, delegates, flightSegments, transferWaves } from '#db/schema/index'
import { Refusal } from '~/utils/refusal'
import { isUuid } from '~/utils/ids'
import { airportOf } from './airports'
import type { FlightInput, WaveInput } from './delegation-schemas'

/** A local wall-clock time at an airport → the instant; a time that does not exist there (DST gap) is refused. */
export function localToInstant(local: string, zone: string, field: string): Date {
  const dt = DateTime.fromISO(local, { zone })
  if (!dt.isValid) throw new Refusal('impossibleDate', { field })
  // A wall-clock time skipped by a DST change (02:30 on the March change in Miami) moves: refuse it.
  if (dt.toFormat("yyyy-MM-dd'T'HH:mm") !== local.slice(0, 16)) throw new Refusal('impossibleDate', { field })
  return dt.toJSDate()
}

function airport(code: string, field: string) {
  const found = airportOf(code)
  if (!found) throw new Refusal('unknownAirport', { field, vars: { code } })
  return found
}

export async function addFlight(db: DbOrTx, eventId: string, input: FlightInput) {
  const from = airport(input.fromAirport, 'fromAirport')
  const to = airport(input.toAirport, 'toAirport')
  if (from.code === to.code) throw new Refusal('sameAirport', { field: 'toAirport' })
  const departsAt = localToInstant(input.departsLocal, from.zone, 'departsLocal')
  const arrivesAt = localToInstant(input.arrivesLocal, to.zone, 'arrivesLocal')
  if (arrivesAt <= departsAt) throw new Refusal('flightLandsBeforeTakeOff', { field: 'arrivesLocal' })
  if (arrivesAt.getTime() - departsAt.getTime() > 24 * 3600_000) throw new Refusal('flightTooLong', { field: 'arrivesLocal' })
  const [delegate] = await db.select({ id: delegates.attendeeId }).from(delegates).where(and(eq(delegates.eventId, eventId), eq(delegates.attendeeId, input.attendeeId)))
  if (!delegate) throw new Refusal('delegateNotFound', { field: 'attendeeId' })
  const [row] = await db
    .insert(flightSegments)
    .values({
      eventId,
      attendeeId: input.attendeeId,
      carrier: input.carrier,
      flightNumber: input.flightNumber.replace(/\s+/g, ''),
      fromAirport: from.code,
      toAirport: to.code,
      departsAt,
      arrivesAt,
      bookingReference: input.bookingReference ?? null,
    })
    .returning()
  return row
}

export async function deleteFlight(db: DbOrTx, eventId: string, flightId: string) {
  if (!isUuid(flightId)) throw new Refusal('notFound')
  const deleted = await db.delete(flightSegments).where(and(eq(flightSegments.id, flightId), eq(flightSegments.eventId, eventId))).returning({ id: flightSegments.id })
  if (!deleted.length) throw new Refusal('notFound')
}

export async function flightsOf(db: DbOrTx, eventId: string, attendeeId?: string) {
  return db
    .select()
    .from(flightSegments)
    .where(attendeeId ? and(eq(flightSegments.eventId, eventId), eq(flightSegments.attendeeId, attendeeId)) : eq(flightSegments.eventId, eventId))
    .orderBy(asc(flightSegments.departsAt))
}

export async function addWave(db: DbOrTx, eventId: string, input: WaveInput) {
  const at = airport(input.airport, 'airport')
  const windowStart = localToInstant(input.windowStartLocal, at.zone, 'windowStartLocal')
  const windowEnd = localToInstant(input.windowEndLocal, at.zone, 'windowEndLocal')
  if (windowEnd <= windowStart) throw new Refusal('windowEndsBeforeStart', { field: 'windowEndLocal' })
  const [row] = await db
    .insert(transferWaves)
    .values({ eventId, label: input.label, airport: at.code, windowStart, windowEnd, vehicle: input.vehicle ?? null })
    .returning()
  return row
}

export async function deleteWave(db: DbOrTx, eventId: string, waveId: string) {
  if (!isUuid(waveId)) throw new Refusal('notFound')
  const deleted = await db.delete(transferWaves).where(and(eq(transferWaves.id, waveId), eq(transferWaves.eventId, eventId))).returning({ id: transferWaves.id })
  if (!deleted.length) throw new Refusal('notFound')
}

/** The event's waves, each with the delegates whose flight lands at its airport inside its window. */
export async function wavesWithMembers(db: DbOrTx, eventId: string) {
  const waves = await db.select().from(transferWaves).where(eq(transferWaves.eventId, eventId)).orderBy(asc(transferWaves.windowStart))
  const result = []
  for (const wave of waves) {
    const members = await db
      .select({ attendeeId: attendees.id, firstName: attendees.firstName, lastName: attendees.lastName, flightNumber: flightSegments.flightNumber, arrivesAt: flightSegments.arrivesAt })
      .from(flightSegments)
      .innerJoin(attendees, eq(attendees.id, flightSegments.attendeeId))
      .where(and(eq(flightSegments.eventId, eventId), eq(flightSegments.toAirport, wave.airport), gte(flightSegments.arrivesAt, wave.windowStart), lte(flightSegments.arrivesAt, wave.windowEnd)))
      .orderBy(asc(flightSegments.arrivesAt))
    result.push({ ...wave, members })
  }
  return result
}
