/**
 * The organiser's frame of a meetup: settings, meeting sessions cut into slots (skipping
 * breaks), numbered tables and sellers' fixed tables; and each delegate's availability.
 */
import { and, asc, eq, inArray } from 'drizzle-orm'
import { DateTime } from 'luxon'
import { getDb, type Database, type DbOrTx } from '#db/client'
import { attendees, b2bSettings, delegateAvailability, meetingSessions, meetingSlots, meetingTables } from '#db/schema/index'
import { Refusal } from '~/utils/refusal'
import type { SessionInput, SettingsInput } from './b2b-schemas'
import type { ParticipantContext } from './participants.server'

export async function saveSettings(eventId: string, input: SettingsInput, db: DbOrTx = getDb()) {
  await db
    .insert(b2bSettings)
    .values({ eventId, ...input })
    .onConflictDoUpdate({ target: b2bSettings.eventId, set: { ...input, updatedAt: new Date() } })
}

/** Slot boundaries of a block: fixed-length slots from the start, none overlapping a break or passing the end. */
export function cutSlots(startsAt: Date, endsAt: Date, slotMinutes: number, breaks: { startsAt: Date; endsAt: Date }[]) {
  const slots: { startsAt: Date; endsAt: Date }[] = []
  const length = slotMinutes * 60_000
  let cursor = startsAt.getTime()
  while (cursor + length <= endsAt.getTime()) {
    const end = cursor + length
    const inBreak = breaks.find((b) => cursor < b.endsAt.getTime() && end > b.startsAt.getTime())
    if (inBreak) {
      cursor = inBreak.endsAt.getTime()
      continue
    }
    slots.push({ startsAt: new Date(cursor), endsAt: new Date(end) })
    cursor = end
  }
  return slots
}

/** Adds a session on one day (times in the event's zone) with its slots, and tables up to its table count. */
export async function addSession(event: { id: string; timezone: string }, input: SessionInput, db: Database = getDb()) {
  const at = (time: string) => DateTime.fromISO(`${input.day}T${time}`, { zone: event.timezone }).toJSDate()
  const startsAt = at(input.startTime)
  const endsAt = at(input.endTime)
  if (!(endsAt > startsAt)) throw new Refusal('endsBeforeStart', { field: 'endTime' })
  const breaks = input.breaks.map((b) => {
    const [from, to] = b.split('-')
    return { startsAt: at(from), endsAt: at(to) }
  })
  const slots = cutSlots(startsAt, endsAt, input.slotMinutes, breaks)
  if (!slots.length) throw new Refusal('b2bNoSlot', { field: 'endTime' })
  return db.transaction(async (tx) => {
    const [session] = await tx
      .insert(meetingSessions)
      .values({
        eventId: event.id,
        startsAt,
        endsAt,
        slotMinutes: input.slotMinutes,
        tableCount: input.tableCount,
        breaks: breaks.map((b) => ({ startsAt: b.startsAt.toISOString(), endsAt: b.endsAt.toISOString() })),
      })
      .returning()
    await tx.insert(meetingSlots).values(slots.map((s) => ({ sessionId: session.id, eventId: event.id, ...s })))
    const existing = await tx.select({ number: meetingTables.number }).from(meetingTables).where(eq(meetingTables.eventId, event.id))
    const have = new Set(existing.map((t) => t.number))
    const missing = Array.from({ length: input.tableCount }, (_, i) => i + 1).filter((n) => !have.has(n))
    if (missing.length) await tx.insert(meetingTables).values(missing.map((number) => ({ eventId: event.id, number })))
    return session
  })
}

export async function sessionsOf(eventId: string, db: DbOrTx = getDb()) {
  const [sessions, slots, tables] = await Promise.all([
    db.select().from(meetingSessions).where(eq(meetingSessions.eventId, eventId)).orderBy(asc(meetingSessions.startsAt)),
    db.select().from(meetingSlots).where(eq(meetingSlots.eventId, eventId)).orderBy(asc(meetingSlots.startsAt)),
    db.select().from(meetingTables).where(eq(meetingTables.eventId, eventId)).orderBy(asc(meetingTables.number)),
  ])
  return { sessions, slots, tables }
}

/** Gives a seller a fixed table (or takes it back with null). */
export async function setFixedTable(eventId: string, tableId: string, companyId: string | null, db: DbOrTx = getDb()) {
  const updated = await db
    .update(meetingTables)
    .set({ fixedCompanyId: companyId })
    .where(and(eq(meetingTables.id, tableId), eq(meetingTables.eventId, eventId)))
    .returning({ id: meetingTables.id })
  if (!updated.length) throw new Refusal('notFound')
}

/**
 * A delegate's availability. A delegate with no row has not said: they count as available in
 * every slot (so a company that never opens the page still gets meetings); once rows exist, only
 * those slots count.
 */
export async function availabilityOf(eventId: string, attendeeIds: string[], db: DbOrTx = getDb()) {
  if (!attendeeIds.length) return new Map<string, string[]>()
  const rows = await db
    .select({ attendeeId: delegateAvailability.attendeeId, slotId: delegateAvailability.slotId })
    .from(delegateAvailability)
    .innerJoin(meetingSlots, eq(meetingSlots.id, delegateAvailability.slotId))
    .where(and(inArray(delegateAvailability.attendeeId, attendeeIds), eq(meetingSlots.eventId, eventId)))
  const map = new Map<string, string[]>()
  for (const row of rows) map.set(row.attendeeId, [...(map.get(row.attendeeId) ?? []), row.slotId])
  return map
}

/** Replaces one delegate's availability with the slots given (of this event). At least one slot. */
export async function setAvailability(ctx: ParticipantContext, attendeeId: string, slotIds: string[], db: Database = getDb()) {
  const [delegate] = await db
    .select({ id: attendees.id })
    .from(attendees)
    .where(and(eq(attendees.id, attendeeId), eq(attendees.registrationId, ctx.registration.id), eq(attendees.status, 'active')))
  if (!delegate) throw new Refusal('notFound')
  const slots = slotIds.length
    ? await db.select({ id: meetingSlots.id }).from(meetingSlots).where(and(eq(meetingSlots.eventId, ctx.event.id), inArray(meetingSlots.id, slotIds)))
    : []
  if (!slots.length) throw new Refusal('b2bNoSlot', { field: 'slots' })
  await db.transaction(async (tx) => {
    await tx.delete(delegateAvailability).where(eq(delegateAvailability.attendeeId, attendeeId))
    await tx.insert(delegateAvailability).values(slots.map((s) => ({ attendeeId, slotId: s.id })))
  })
}
