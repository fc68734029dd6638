import { and, eq, inArray, isNull, sql } from 'drizzle-orm'
import { getDb, type DbOrTx } from '#db/client'
import { attendees, events, partnerContacts, programmeItemContacts, programmeItems } from '#db/schema/index'
import { enqueue } from '~/jobs/queue.server'
import { lockEventForChange } from '~/modules/locks/locks.server'
import { queuePartnerCancel } from '~/modules/notifications/deliver.server'
import { Refusal } from '~/utils/refusal'

/**
 * Changes that move a calendar entry. Each runs in ONE transaction: update the times / place,
 * bump SEQUENCE on every person concerned, enqueue `calendar.update` (which mails each person a
 * REQUEST with the same UID and the new SEQUENCE, or a CANCEL). Reminders need nothing: their
 * due time is computed from the current start. Callers may pass their own transaction.
 */

type Runner = DbOrTx

async function inTransaction<T>(db: Runner, work: (tx: DbOrTx) => Promise<T>): Promise<T> {
  // drizzle: a transaction inside a transaction is a savepoint, so callers can compose.
  return (db as ReturnType<typeof getDb>).transaction(work)
}

async function bumpEventAttendees(tx: DbOrTx, eventId: string) {
  await tx
    .update(attendees)
    .set({ calendarSequence: sql`${attendees.calendarSequence} + 1` })
    .where(and(eq(attendees.eventId, eventId), eq(attendees.status, 'active')))
}

async function bumpItemContacts(tx: DbOrTx, itemIds: string[]) {
  if (itemIds.length === 0) return
  await tx
    .update(programmeItemContacts)
    .set({ calendarSequence: sql`${programmeItemContacts.calendarSequence} + 1` })
    .where(inArray(programmeItemContacts.programmeItemId, itemIds))
}

async function itemsWithContacts(tx: DbOrTx, itemIds: string[]) {
  if (itemIds.length === 0) return []
  const rows = await tx
    .selectDistinct({ id: programmeItemContacts.programmeItemId })
    .from(programmeItemContacts)
    .where(inArray(programmeItemContacts.programmeItemId, itemIds))
  return rows.map((r) => r.id).sort()
}

export type EventMove = {
  eventId: string
  startsAt: Date
  endsAt: Date
  venueName?: string
  venueAddress?: string
  venueCity?: string
  /** Move the programme items by the same shift as the start (default true). */
  shiftProgramme?: boolean
}

/** Moves an event (time and/or place). Returns the new event SEQUENCE, or null when nothing changed. */
export async function rescheduleEvent(input: EventMove, db: Runner = getDb()) {
  if (input.endsAt < input.startsAt) throw new Refusal('endsBeforeStart')
  return inTransaction(db, async (tx) => {
    const event = await lockEventForChange(tx, input.eventId)
    if (!event) throw new Refusal('notFound')
    if (event.status === 'cancelled') throw new Refusal('alreadyCancelled')
    const place = {
      venueName: input.venueName ?? event.venueName,
      venueAddress: input.venueAddress ?? event.venueAddress,
      venueCity: input.venueCity ?? event.venueCity,
    }
    const moved = event.startsAt.getTime() !== input.startsAt.getTime() || event.endsAt.getTime() !== input.endsAt.getTime()
    const placeChanged =
      place.venueName !== event.venueName || place.venueAddress !== event.venueAddress || place.venueCity !== event.venueCity
    if (!moved && !placeChanged) return null
    const [updated] = await tx
      .update(events)
      .set({ startsAt: input.startsAt, endsAt: input.endsAt, ...place, calendarSequence: sql`${events.calendarSequence} + 1` })
      .where(eq(events.id, event.id))
      .returning({ calendarSequence: events.calendarSequence })
    await bumpEventAttendees(tx, event.id)
    await enqueue(tx, 'calendar.update', { scope: 'event', id: event.id, method: 'REQUEST' })

    const shift = input.startsAt.getTime() - event.startsAt.getTime()
    if (shift !== 0 && input.shiftProgramme !== false) {
      const items = await tx
        .update(programmeItems)
        .set({
          startsAt: sql`${programmeItems.startsAt} + make_interval(secs => ${shift / 1000})`,
          endsAt: sql`${programmeItems.endsAt} + make_interval(secs => ${shift / 1000})`,
          calendarSequence: sql`${programmeItems.calendarSequence} + 1`,
        })
        .where(and(eq(programmeItems.eventId, event.id), isNull(programmeItems.cancelledAt)))
        .returning({ id: programmeItems.id })
      const itemIds = items.map((i) => i.id)
      await bumpItemContacts(tx, itemIds)
      for (const id of await itemsWithContacts(tx, itemIds)) {
        await enqueue(tx, 'calendar.update', { scope: 'programme-item', id, method: 'REQUEST' })
      }
    }
    return updated.calendarSequence
  })
}

export type ProgrammeItemMove = { programmeItemId: string; startsAt: Date; endsAt: Date; place?: string | null; address?: string | null }

/** Moves one programme item; its partner contacts get an updated invitation. */
export async function moveProgrammeItem(input: ProgrammeItemMove, db: Runner = getDb()) {
  if (input.endsAt < input.startsAt) throw new Refusal('endsBeforeStart')
  return inTransaction(db, async (tx) => {
    const [item] = await tx.select().from(programmeItems).where(eq(programmeItems.id, input.programmeItemId)).for('update')
    if (!item) throw new Refusal('notFound')
    if (item.cancelledAt) throw new Refusal('alreadyCancelled')
    const place = input.place === undefined ? item.place : input.place
    const address = input.address === undefined ? item.address : input.address
    const changed =
      item.startsAt.getTime() !== input.startsAt.getTime() ||
      item.endsAt.getTime() !== input.endsAt.getTime() ||
      place !== item.place ||
      address !== item.address
    if (!changed) return null
    const [updated] = await tx
      .update(programmeItems)
      .set({ startsAt: input.startsAt, endsAt: input.endsAt, place, address, calendarSequence: sql`${programmeItems.calendarSequence} + 1` })
      .where(eq(programmeItems.id, item.id))
      .returning({ calendarSequence: programmeItems.calendarSequence })
    await bumpItemContacts(tx, [item.id])
    await enqueue(tx, 'calendar.update', { scope: 'programme-item', id: item.id, method: 'REQUEST' })
    return updated.calendarSequence
  })
}

/** A session's title or description changed (not its time or place): its partner contacts get the updated invitation. */
export async function refreshProgrammeItemInvitations(input: { programmeItemId: string }, db: Runner = getDb()) {
  return inTransaction(db, async (tx) => {
    const [updated] = await tx
      .update(programmeItems)
      .set({ calendarSequence: sql`${programmeItems.calendarSequence} + 1` })
      .where(and(eq(programmeItems.id, input.programmeItemId), isNull(programmeItems.cancelledAt)))
      .returning({ calendarSequence: programmeItems.calendarSequence })
    if (!updated) return null
    await bumpItemContacts(tx, [input.programmeItemId])
    await enqueue(tx, 'calendar.update', { scope: 'programme-item', id: input.programmeItemId, method: 'REQUEST' })
    return updated.calendarSequence
  })
}

/** Cancels a whole event: CANCEL to every attendee and every partner contact of its sessions. */
export async function cancelEvent(input: { eventId: string }, db: Runner = getDb()) {
  return inTransaction(db, async (tx) => {
    const event = await lockEventForChange(tx, input.eventId)
    if (!event) throw new Refusal('notFound')
    if (event.status === 'cancelled') return false
    const now = new Date()
    await tx
      .update(events)
      .set({ status: 'cancelled', cancelledAt: now, calendarSequence: sql`${events.calendarSequence} + 1` })
      .where(eq(events.id, event.id))
    await bumpEventAttendees(tx, event.id)
    const items = await tx
      .update(programmeItems)
      .set({ calendarSequence: sql`${programmeItems.calendarSequence} + 1` })
      .where(and(eq(programmeItems.eventId, event.id), isNull(programmeItems.cancelledAt)))
      .returning({ id: programmeItems.id })
    await bumpItemContacts(tx, items.map((i) => i.id))
    await enqueue(tx, 'calendar.update', { scope: 'event', id: event.id, method: 'CANCEL' })
    return true
  })
}

/** Cancels one programme item: CANCEL to its partner contacts. */
export async function cancelProgrammeItem(input: { programmeItemId: string }, db: Runner = getDb()) {
  return inTransaction(db, async (tx) => {
    const [item] = await tx.select().from(programmeItems).where(eq(programmeItems.id, input.programmeItemId)).for('update')
    if (!item) throw new Refusal('notFound')
    if (item.cancelledAt) return false
    await tx
      .update(programmeItems)
      .set({ cancelledAt: new Date(), calendarSequence: sql`${programmeItems.calendarSequence} + 1` })
      .where(eq(programmeItems.id, item.id))
    await bumpItemContacts(tx, [item.id])
    await enqueue(tx, 'calendar.update', { scope: 'programme-item', id: item.id, method: 'CANCEL' })
    return true
  })
}

/**
 * Takes one partner contact off a programme item. When they held an invitation (the event is
 * published and the item not cancelled), they get a CANCEL with the same UID and SEQUENCE+1; the
 * link row goes, so the mail carries that identity itself. Returns whether a CANCEL was queued.
 */
export async function withdrawPartnerContact(input: { programmeItemId: string; partnerContactId: string; invited: boolean }, db: Runner = getDb()) {
  return inTransaction(db, async (tx) => {
    const [link] = await tx
      .select({
        calendarUid: programmeItemContacts.calendarUid,
        calendarSequence: programmeItemContacts.calendarSequence,
        email: partnerContacts.email,
        locale: partnerContacts.locale,
        eventId: programmeItems.eventId,
        cancelledAt: programmeItems.cancelledAt,
      })
      .from(programmeItemContacts)
      .innerJoin(partnerContacts, eq(partnerContacts.id, programmeItemContacts.partnerContactId))
      .innerJoin(programmeItems, eq(programmeItems.id, programmeItemContacts.programmeItemId))
      .where(and(eq(programmeItemContacts.programmeItemId, input.programmeItemId), eq(programmeItemContacts.partnerContactId, input.partnerContactId)))
      .for('update', { of: programmeItemContacts })
    if (!link) return false
    await tx
      .delete(programmeItemContacts)
      .where(and(eq(programmeItemContacts.programmeItemId, input.programmeItemId), eq(programmeItemContacts.partnerContactId, input.partnerContactId)))
    if (!input.invited || link.cancelledAt) return false
    await queuePartnerCancel(tx, {
      partnerContactId: input.partnerContactId,
      programmeItemId: input.programmeItemId,
      calendarUid: link.calendarUid,
      calendarSequence: link.calendarSequence + 1,
      email: link.email,
      locale: link.locale,
      eventId: link.eventId,
    })
    return true
  })
}
