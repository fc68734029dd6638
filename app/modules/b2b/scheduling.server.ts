/**
 * "Schedule all", publication and the organiser's changes to meetings. The engine
 * (`scheduler/schedule.ts`) is pure: this file builds its instance from the database, runs it,
 * and writes the outcome. Published and locked meetings go in as locks, so a re-run keeps them;
 * everything else comes out as a preliminary schedule participants do not see until published.
 * A published meeting that moves or goes gets SEQUENCE+1 and an update (or CANCEL) by mail.
 */
import crypto from 'node:crypto'
import { and, asc, eq, inArray, ne, sql } from 'drizzle-orm'
import { getDb, type Database, type DbOrTx, type Transaction } from '#db/client'
import {
  attendees,
  b2bParticipants,
  b2bSettings,
  meetingRequests,
  meetings,
  meetingSlots,
  meetingTables,
  registrations,
} from '#db/schema/index'
import { notify } from '~/modules/notifications/notify.server'
import { Refusal } from '~/utils/refusal'
import { scheduleMeetings, type ScheduleOutput } from './scheduler/schedule'
import { availabilityOf } from './sessions.server'

export type Meeting = typeof meetings.$inferSelect

/** Locks the event's settings row (created when missing): one schedule run or publication at a time. */
async function lockSchedule(tx: Transaction, eventId: string) {
  await tx.insert(b2bSettings).values({ eventId }).onConflictDoNothing()
  const [row] = await tx.select().from(b2bSettings).where(eq(b2bSettings.eventId, eventId)).for('update')
  return row
}

const pairOf = (x: string, y: string): [string, string] => (x < y ? [x, y] : [y, x])

/** The engine's instance for the event as it is in the database, and the rows behind its ids. */
export async function buildInstance(eventId: string, db: DbOrTx = getDb()) {
  const [slots, tables, participants, requests, kept] = await Promise.all([
    db.select().from(meetingSlots).where(eq(meetingSlots.eventId, eventId)).orderBy(asc(meetingSlots.startsAt), asc(meetingSlots.id)),
    db.select().from(meetingTables).where(eq(meetingTables.eventId, eventId)).orderBy(asc(meetingTables.number)),
    db.select().from(b2bParticipants).where(eq(b2bParticipants.eventId, eventId)).orderBy(asc(b2bParticipants.companyId)),
    db
      .select()
      .from(meetingRequests)
      .where(and(eq(meetingRequests.eventId, eventId), eq(meetingRequests.status, 'accepted')))
      .orderBy(asc(meetingRequests.createdAt), asc(meetingRequests.id)),
    db
      .select()
      .from(meetings)
      .where(and(eq(meetings.eventId, eventId), ne(meetings.status, 'cancelled'), sql`(${meetings.locked} or ${meetings.status} = 'published')`)),
  ])
  const registrationIds = participants.map((p) => p.registrationId)
  const delegates = registrationIds.length
    ? await db
        .select({ id: attendees.id, registrationId: attendees.registrationId, companyId: registrations.companyId })
        .from(attendees)
        .innerJoin(registrations, eq(registrations.id, attendees.registrationId))
        .where(and(inArray(attendees.registrationId, registrationIds), eq(attendees.status, 'active'), eq(registrations.status, 'confirmed')))
        .orderBy(asc(attendees.id))
    : []
  const stated = await availabilityOf(eventId, delegates.map((d) => d.id), db)
  const allSlots = slots.map((s) => s.id)
  const available = new Map(delegates.map((d) => [d.id, stated.get(d.id) ?? allSlots]))
  const companyIds = new Set(participants.map((p) => p.companyId))
  const fixed = new Map(tables.filter((t) => t.fixedCompanyId).map((t) => [t.fixedCompanyId!, t.id]))

  // A kept meeting becomes a lock on its first request, when both companies can still be there.
  const keptByPair = new Map(kept.map((m) => [`${m.companyAId}:${m.companyBId}`, m]))
  const companyFree = (companyId: string, slotId: string) => delegates.some((d) => d.companyId === companyId && available.get(d.id)!.includes(slotId))
  const lockedRequests = new Set<string>()
  const instanceRequests = requests
    .filter((r) => companyIds.has(r.fromCompanyId) && companyIds.has(r.toCompanyId))
    .map((r) => {
      const [a, b] = pairOf(r.fromCompanyId, r.toCompanyId)
      const keep = keptByPair.get(`${a}:${b}`)
      const lockable = keep && !lockedRequests.has(`${a}:${b}`) && companyFree(a, keep.slotId) && companyFree(b, keep.slotId)
      if (lockable) lockedRequests.add(`${a}:${b}`)
      return {
        id: r.id,
        from: r.fromCompanyId,
        to: r.toCompanyId,
        priority: Math.min(3, Math.max(1, r.priority)),
        lock: lockable ? { slot: keep.slotId, table: keep.tableId } : null,
      }
    })
  const instance = {
    slots: slots.map((s) => ({ id: s.id, start: s.startsAt.toISOString(), end: s.endsAt.toISOString() })),
    tables: tables.map((t) => ({ id: t.id })),
    companies: participants.map((p) => ({ id: p.companyId, fixedTable: fixed.get(p.companyId) ?? null })),
    delegates: delegates.map((d) => ({ id: d.id, company: d.companyId, available: available.get(d.id)! })),
    requests: instanceRequests,
    seed: 1,
  }
  return { instance, requests, kept }
}

export type ScheduleRunResult = { placed: number; unplaced: ScheduleOutput['unplaced']; moved: number; cancelled: number }

/**
 * Runs the engine on the event and writes a preliminary schedule. Kept meetings (published or
 * locked) stay where they are when they still can; a published one the engine had to move is
 * updated at once and its delegates get the update; one it could not place is cancelled.
 */
export async function scheduleAll(eventId: string, db: Database = getDb()): Promise<ScheduleRunResult> {
  return db.transaction(async (tx) => {
    await lockSchedule(tx, eventId)
    const { instance, requests, kept } = await buildInstance(eventId, tx)
    if (!instance.slots.length || !instance.tables.length) throw new Refusal('b2bNoSlot')
    const output = scheduleMeetings(instance)
    const byRequest = new Map(requests.map((r) => [r.id, r]))

    // Preliminary meetings that are not locked were never seen: the new run replaces them.
    await tx.delete(meetings).where(and(eq(meetings.eventId, eventId), eq(meetings.status, 'preliminary'), eq(meetings.locked, false)))
    const keptByPair = new Map(kept.map((m) => [`${m.companyAId}:${m.companyBId}`, m]))
    const seen = new Set<string>()
    let moved = 0
    const inserts: (typeof meetings.$inferInsert)[] = []
    for (const placed of output.meetings) {
      const first = byRequest.get(placed.requests[0])!
      const [a, b] = pairOf(first.fromCompanyId, first.toCompanyId)
      const [delegateOfFrom, delegateOfTo] = placed.delegates
      const delegateA = first.fromCompanyId === a ? delegateOfFrom : delegateOfTo
      const delegateB = first.fromCompanyId === a ? delegateOfTo : delegateOfFrom
      const key = `${a}:${b}`
      seen.add(key)
      const existing = keptByPair.get(key)
      if (existing) {
        const same = existing.slotId === placed.slot && existing.tableId === placed.table && existing.delegateAId === delegateA && existing.delegateBId === delegateB
        if (same) continue
        await tx
          .update(meetings)
          .set({
            slotId: placed.slot,
            tableId: placed.table,
            delegateAId: delegateA,
            delegateBId: delegateB,
            requestIds: placed.requests,
            calendarSequence: existing.status === 'published' ? sql`${meetings.calendarSequence} + 1` : meetings.calendarSequence,
          })
          .where(eq(meetings.id, existing.id))
        if (existing.status === 'published') {
          moved++
          await notify(tx, { kind: 'b2b.meeting', meetingId: existing.id, version: existing.calendarSequence + 1, data: { method: 'REQUEST' } })
        }
        continue
      }
      inserts.push({
        eventId,
        slotId: placed.slot,
        tableId: placed.table,
        companyAId: a,
        companyBId: b,
        delegateAId: delegateA,
        delegateBId: delegateB,
        requestIds: placed.requests,
        status: 'preliminary',
        calendarUid: `meeting-${crypto.randomUUID()}@passerelle`,
      })
    }
    if (inserts.length) await tx.insert(meetings).values(inserts)
    let cancelled = 0
    for (const meeting of kept) {
      if (seen.has(`${meeting.companyAId}:${meeting.companyBId}`)) continue
      await cancelMeetingIn(tx, meeting)
      cancelled++
    }
    return { placed: output.meetings.length, unplaced: output.unplaced, moved, cancelled }
  })
}

/** Publishes every preliminary meeting: participants see them and each delegate gets an invitation. */
export async function publishSchedule(eventId: string, db: Database = getDb(), now = new Date()) {
  return db.transaction(async (tx) => {
    await lockSchedule(tx, eventId)
    const published = await tx
      .update(meetings)
      .set({ status: 'published', publishedAt: now })
      .where(and(eq(meetings.eventId, eventId), eq(meetings.status, 'preliminary')))
      .returning({ id: meetings.id, sequence: meetings.calendarSequence })
    await tx.update(b2bSettings).set({ schedulePublishedAt: now }).where(eq(b2bSettings.eventId, eventId))
    for (const m of published) await notify(tx, { kind: 'b2b.meeting', meetingId: m.id, version: m.sequence, data: { method: 'REQUEST' } })
    return published.length
  })
}

async function cancelMeetingIn(tx: DbOrTx, meeting: Meeting) {
  const wasPublished = meeting.status === 'published'
  await tx
    .update(meetings)
    .set({ status: 'cancelled', cancelledAt: new Date(), locked: false, calendarSequence: wasPublished ? meeting.calendarSequence + 1 : meeting.calendarSequence })
    .where(eq(meetings.id, meeting.id))
  if (wasPublished) await notify(tx, { kind: 'b2b.meeting', meetingId: meeting.id, version: meeting.calendarSequence + 1, data: { method: 'CANCEL' } })
}

async function lockedMeeting(tx: Transaction, eventId: string, meetingId: string) {
  const [meeting] = await tx.select().from(meetings).where(and(eq(meetings.id, meetingId), eq(meetings.eventId, eventId))).for('update')
  if (!meeting) throw new Refusal('notFound')
  if (meeting.status === 'cancelled') throw new Refusal('alreadyCancelled')
  return meeting
}

/**
 * The organiser removes a meeting: a published one is withdrawn from both calendars (CANCEL), and
 * its requests are cancelled so that the next "schedule all" does not place it again.
 */
export async function cancelMeeting(eventId: string, meetingId: string, db: Database = getDb()) {
  return db.transaction(async (tx) => {
    const meeting = await lockedMeeting(tx, eventId, meetingId)
    await cancelMeetingIn(tx, meeting)
    if (meeting.requestIds.length)
      await tx
        .update(meetingRequests)
        .set({ status: 'cancelled', decidedAt: new Date() })
        .where(and(inArray(meetingRequests.id, meeting.requestIds), eq(meetingRequests.status, 'accepted')))
  })
}

/** Locks or releases a meeting: a locked one is kept by "schedule all". */
export async function setMeetingLock(eventId: string, meetingId: string, locked: boolean, db: Database = getDb()) {
  return db.transaction(async (tx) => {
    await lockedMeeting(tx, eventId, meetingId)
    await tx.update(meetings).set({ locked }).where(eq(meetings.id, meetingId))
  })
}

const meetingColumns = {
  id: meetings.id,
  status: meetings.status,
  locked: meetings.locked,
  startsAt: meetingSlots.startsAt,
  endsAt: meetingSlots.endsAt,
  tableNumber: meetingTables.number,
  tableLabel: meetingTables.label,
  companyAId: meetings.companyAId,
  companyBId: meetings.companyBId,
  companyA: sql<string>`(select name from company where id = ${meetings.companyAId})`,
  companyB: sql<string>`(select name from company where id = ${meetings.companyBId})`,
  delegateA: sql<string>`(select first_name || ' ' || last_name from attendee where id = ${meetings.delegateAId})`,
  delegateB: sql<string>`(select first_name || ' ' || last_name from attendee where id = ${meetings.delegateBId})`,
  delegateAId: meetings.delegateAId,
  delegateBId: meetings.delegateBId,
}

/** Every live meeting of the event (preliminary and published), by slot then table. */
export async function meetingsOfEvent(eventId: string, db: DbOrTx = getDb()) {
  return db
    .select(meetingColumns)
    .from(meetings)
    .innerJoin(meetingSlots, eq(meetingSlots.id, meetings.slotId))
    .innerJoin(meetingTables, eq(meetingTables.id, meetings.tableId))
    .where(and(eq(meetings.eventId, eventId), ne(meetings.status, 'cancelled')))
    .orderBy(asc(meetingSlots.startsAt), asc(meetingTables.number))
}

/** A company's agenda: its published meetings only (a preliminary schedule is the organiser's). */
export async function agendaOf(eventId: string, companyId: string, db: DbOrTx = getDb()) {
  const rows = await db
    .select(meetingColumns)
    .from(meetings)
    .innerJoin(meetingSlots, eq(meetingSlots.id, meetings.slotId))
    .innerJoin(meetingTables, eq(meetingTables.id, meetings.tableId))
    .where(and(eq(meetings.eventId, eventId), eq(meetings.status, 'published'), sql`${companyId} in (${meetings.companyAId}, ${meetings.companyBId})`))
    .orderBy(asc(meetingSlots.startsAt))
  return rows.map((m) => {
    const mine = m.companyAId === companyId
    return {
      id: m.id,
      startsAt: m.startsAt,
      endsAt: m.endsAt,
      table: m.tableLabel ?? String(m.tableNumber),
      otherCompany: mine ? m.companyB : m.companyA,
      ownDelegate: mine ? m.delegateA : m.delegateB,
      otherDelegate: mine ? m.delegateB : m.delegateA,
    }
  })
}
