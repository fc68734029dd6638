/** A registration's delegates: cancel one, change one's details, add some, move one to another ticket type. */
// Load the job queue (and its registry) before notify.server: notify → queue → registry → notify is a cycle
// that leaves `notificationJobs` undefined when notify.server is the first of them imported.
import { and, eq, sql } from 'drizzle-orm'
import { getDb } from '#db/client'
import { attendees, events, holds, ticketTypes } from '#db/schema/index'
import { recordAudit, type AuditActor } from '~/modules/audit/audit.server'
import { inLockedTransaction, lockEventForSeats } from '~/modules/locks/locks.server'
import { notify } from '~/modules/notifications/notify.server'
import { Refusal } from '~/utils/refusal'
import { findShortfall } from './capacity'
import { cancelRegistration } from './lifecycle.server'
import {
  activeAttendees,
  assertBeforeCutoff,
  CANCELLABLE,
  countByType,
  holdsSeats,
  lockRegistration,
  newAttendeeRow,
  offerFreedSeatsSafely,
  parseInput,
  reprice,
  type ServiceContext,
  type TicketTypeRow,
} from './registration-core.server'
import { addAttendeesSchema, attendeeChangeSchema, type AttendeeChange, type AttendeeInput } from './registration-schemas'
import { emailsAlreadyRegistered, lockAndCountSeats } from './seats.server'

/** Cancels one delegate; cancelling the last one cancels the registration. */
export async function cancelAttendee(attendeeId: string, actor: AuditActor, ctx: ServiceContext = {}) {
  const db = ctx.db ?? getDb()
  const now = ctx.now ?? new Date()
  const [found] = await db.select({ registrationId: attendees.registrationId }).from(attendees).where(eq(attendees.id, attendeeId))
  if (!found) throw new Refusal('registrationNotFound')
  const people = await db.select({ id: attendees.id }).from(attendees).where(and(eq(attendees.registrationId, found.registrationId), eq(attendees.status, 'active')))
  if (people.length === 1 && people[0].id === attendeeId) {
    await cancelRegistration(found.registrationId, actor, 'last attendee cancelled', ctx)
    return { attendeeId, registrationCancelled: true }
  }
  const eventId = await inLockedTransaction(db, async (tx) => {
    const registration = await lockRegistration(tx, found.registrationId)
    if (!CANCELLABLE.includes(registration.status)) throw new Refusal('invalidState')
    const [attendee] = await tx.select().from(attendees).where(eq(attendees.id, attendeeId)).for('update')
    if (attendee.status !== 'active') throw new Refusal('invalidState')
    await tx.update(attendees).set({ status: 'cancelled', cancelledAt: now }).where(eq(attendees.id, attendeeId))
    if (registration.paidMinor === 0 && registration.status !== 'confirmed') await reprice(tx, registration)
    await recordAudit(tx, { actor, action: 'attendee.cancelled', subjectType: 'attendee', subjectId: attendeeId, data: { registrationId: registration.id } })
    await notify(tx, { kind: 'attendee.cancelled', registrationId: registration.id, attendeeId })
    return registration.eventId
  })
  await offerFreedSeatsSafely(eventId, ctx)
  return { attendeeId, registrationCancelled: false }
}

/**
 * Change of a delegate's details: self-service until `event.changeCutoffHours` before the start;
 * organisers (`byOrganiser`) may still fix a name or an address after it, up to the end.
 */
export async function changeAttendee(attendeeId: string, rawChanges: AttendeeChange | unknown, actor: AuditActor, ctx: ServiceContext & { byOrganiser?: boolean } = {}) {
  const changes = parseInput<AttendeeChange>(attendeeChangeSchema, rawChanges)
  const db = ctx.db ?? getDb()
  const now = ctx.now ?? new Date()
  const [found] = await db.select({ registrationId: attendees.registrationId }).from(attendees).where(eq(attendees.id, attendeeId))
  if (!found) throw new Refusal('registrationNotFound')
  return inLockedTransaction(db, async (tx) => {
    const registration = await lockRegistration(tx, found.registrationId)
    if (!CANCELLABLE.includes(registration.status)) throw new Refusal('invalidState')
    const [event] = await tx.select().from(events).where(eq(events.id, registration.eventId))
    if (!ctx.byOrganiser) assertBeforeCutoff(event, now)
    else if (event.endsAt <= now) throw new Refusal('cutoffPassed')
    const [attendee] = await tx.select().from(attendees).where(eq(attendees.id, attendeeId)).for('update')
    if (attendee.status !== 'active') throw new Refusal('invalidState')
    if (changes.email !== attendee.email.toLowerCase()) {
      const [type] = await tx.select().from(ticketTypes).where(eq(ticketTypes.id, attendee.ticketTypeId))
      if (!type.allowMultiplePerPerson) {
        // Same lock as registering, so two changes cannot race one email into the event twice.
        await lockEventForSeats(tx, event.id)
        if ((await emailsAlreadyRegistered(tx, event.id, [changes.email], { excludeAttendeeId: attendeeId })).length > 0)
          throw new Refusal('duplicatePerson', { field: 'email' })
      }
    }
    const before = { firstName: attendee.firstName, lastName: attendee.lastName, email: attendee.email }
    await tx
      .update(attendees)
      .set({
        firstName: changes.firstName,
        lastName: changes.lastName,
        email: changes.email,
        jobTitle: changes.jobTitle ?? null,
        phone: changes.phone ?? null,
        locale: changes.locale,
        needs: changes.needs ?? null,
        calendarSequence: sql`${attendees.calendarSequence} + 1`,
      })
      .where(eq(attendees.id, attendeeId))
    await recordAudit(tx, { actor, action: 'attendee.changed', subjectType: 'attendee', subjectId: attendeeId, data: { before, after: { firstName: changes.firstName, lastName: changes.lastName, email: changes.email } } })
    await notify(tx, { kind: 'attendee.changed', registrationId: registration.id, attendeeId, data: before.email !== changes.email ? { previousEmail: before.email } : undefined })
    return { attendeeId }
  })
}

/**
 * Adds delegates to an existing registration if seats remain. Paid ticket types can be added
 * while the registration is unpaid (its total grows); once confirmed, only free types.
 */
export async function addAttendees(registrationId: string, raw: { attendees: AttendeeInput[] } | unknown, actor: AuditActor, ctx: ServiceContext = {}) {
  const input = parseInput<{ attendees: AttendeeInput[] }>(addAttendeesSchema, raw)
  const db = ctx.db ?? getDb()
  const now = ctx.now ?? new Date()
  const result = await inLockedTransaction(db, async (tx) => {
    const registration = await lockRegistration(tx, registrationId)
    if (!CANCELLABLE.includes(registration.status)) throw new Refusal('invalidState')
    const [event] = await tx.select().from(events).where(eq(events.id, registration.eventId))
    assertBeforeCutoff(event, now)
    const types = await tx.select().from(ticketTypes).where(eq(ticketTypes.eventId, event.id))
    const typeById = new Map(types.map((t) => [t.id, t]))
    const existing = await activeAttendees(tx, registrationId)
    const existingByType = countByType(existing)
    const requested = countByType(input.attendees)
    for (const [index, a] of input.attendees.entries()) {
      const type = typeById.get(a.ticketTypeId)
      const field = `attendees[${index}].ticketTypeId`
      if (!type || !type.active) throw new Refusal('invalidTicket', { field })
      if (type.hidden && !existingByType.has(type.id)) throw new Refusal('invalidTicket', { field })
      if ((type.salesStartAt && now < type.salesStartAt) || (type.salesEndAt && now >= type.salesEndAt)) throw new Refusal('salesClosed', { field })
      if ((existingByType.get(type.id) ?? 0) + (requested.get(type.id) ?? 0) > type.maxPerOrder) throw new Refusal('tooMany', { field, details: { max: type.maxPerOrder } })
      if (type.priceMinor > 0 && (registration.status === 'confirmed' || registration.paidMinor > 0)) throw new Refusal('addRequiresPayment', { field })
    }
    const seen = new Set(existing.filter((a) => !typeById.get(a.ticketTypeId)?.allowMultiplePerPerson).map((a) => a.email.toLowerCase()))
    for (const [index, a] of input.attendees.entries()) {
      if (typeById.get(a.ticketTypeId)?.allowMultiplePerPerson) continue
      if (seen.has(a.email)) throw new Refusal('duplicatePerson', { field: `attendees[${index}].email` })
      seen.add(a.email)
    }
    const seats = await lockAndCountSeats(tx, event.id)
    if (registration.status !== 'pending_approval') {
      const shortfall = findShortfall(seats, requested)
      if (shortfall) throw new Refusal('soldOut', { details: shortfall })
    }
    const strict = input.attendees.filter((a) => !typeById.get(a.ticketTypeId)?.allowMultiplePerPerson).map((a) => a.email)
    const taken = await emailsAlreadyRegistered(tx, event.id, strict)
    if (taken.length) throw new Refusal('duplicatePerson', { field: `attendees[${input.attendees.findIndex((a) => taken.includes(a.email))}].email` })
    const rows = input.attendees.map((a) => newAttendeeRow(a, registrationId, event.id, (typeById.get(a.ticketTypeId) as TicketTypeRow).priceMinor))
    await tx.insert(attendees).values(rows)
    if (registration.status !== 'confirmed' && registration.paidMinor === 0) await reprice(tx, registration)
    for (const a of rows) {
      await recordAudit(tx, { actor, action: 'attendee.added', subjectType: 'attendee', subjectId: a.id, data: { registrationId } })
      if (registration.status === 'confirmed') await notify(tx, { kind: 'registration.confirmed', registrationId, attendeeId: a.id })
    }
    return rows.map((r) => r.id)
  })
  return { registrationId, attendeeIds: result }
}

/**
 * Organiser moves one delegate to another ticket type of the same event. Locks like every path
 * that takes seats (registration → attendee → event → pools in id order), checks the target's
 * pools and the event cap with the delegate's current seat given back, then writes. A different
 * price is only accepted while nothing is paid and the registration is not confirmed (its total
 * is recomputed); otherwise the organiser cancels and re-registers, or refunds.
 */
export async function moveAttendee(attendeeId: string, targetTicketTypeId: string, actor: AuditActor, ctx: ServiceContext = {}) {
  const db = ctx.db ?? getDb()
  const now = ctx.now ?? new Date()
  const [found] = await db.select({ registrationId: attendees.registrationId }).from(attendees).where(eq(attendees.id, attendeeId))
  if (!found) throw new Refusal('registrationNotFound')
  return inLockedTransaction(db, async (tx) => {
    const registration = await lockRegistration(tx, found.registrationId)
    if (!CANCELLABLE.includes(registration.status)) throw new Refusal('invalidState')
    const [attendee] = await tx.select().from(attendees).where(eq(attendees.id, attendeeId)).for('update')
    if (attendee.status !== 'active') throw new Refusal('invalidState')
    if (attendee.ticketTypeId === targetTicketTypeId) throw new Refusal('sameTicketType', { field: 'ticketTypeId' })
    const types = await tx.select().from(ticketTypes).where(eq(ticketTypes.eventId, registration.eventId))
    const target = types.find((t) => t.id === targetTicketTypeId)
    if (!target || !target.active) throw new Refusal('invalidTicket', { field: 'ticketTypeId' })
    const from = types.find((t) => t.id === attendee.ticketTypeId)
    const priceChanges = target.priceMinor !== attendee.priceMinor
    if (priceChanges && (registration.paidMinor > 0 || registration.status === 'confirmed'))
      throw new Refusal('movePriceDiffers', { details: { fromMinor: attendee.priceMinor, toMinor: target.priceMinor } })
    const people = await activeAttendees(tx, registration.id)
    if (people.filter((p) => p.ticketTypeId === target.id).length + 1 > target.maxPerOrder)
      throw new Refusal('tooMany', { field: 'ticketTypeId', details: { max: target.maxPerOrder } })
    if (from?.allowMultiplePerPerson && !target.allowMultiplePerPerson) {
      if (people.some((p) => p.id !== attendee.id && p.email.toLowerCase() === attendee.email.toLowerCase()))
        throw new Refusal('duplicatePerson', { field: 'ticketTypeId' })
    }
    const seats = await lockAndCountSeats(tx, registration.eventId)
    if (!target.allowMultiplePerPerson && from?.allowMultiplePerPerson) {
      if ((await emailsAlreadyRegistered(tx, registration.eventId, [attendee.email], { excludeRegistrationId: registration.id })).length > 0)
        throw new Refusal('duplicatePerson', { field: 'ticketTypeId' })
    }
    if (registration.status !== 'pending_approval') {
      // The delegate's own seat is given back before the target is checked: a shared pool or the event cap is not taken twice.
      if (holdsSeats(registration, now)) seats.usedByType.set(attendee.ticketTypeId, Math.max(0, (seats.usedByType.get(attendee.ticketTypeId) ?? 0) - 1))
      const shortfall = findShortfall(seats, new Map([[target.id, 1]]))
      if (shortfall) throw new Refusal('soldOut', { field: 'ticketTypeId', details: shortfall })
    }
    const [moved] = await tx
      .update(attendees)
      .set({ ticketTypeId: target.id, priceMinor: priceChanges ? target.priceMinor : attendee.priceMinor, calendarSequence: sql`${attendees.calendarSequence} + 1` })
      .where(eq(attendees.id, attendeeId))
      .returning({ calendarSequence: attendees.calendarSequence })
    // An open hold (checkout running) follows the seat to its new type.
    const [hold] = await tx
      .select()
      .from(holds)
      .where(and(eq(holds.registrationId, registration.id), eq(holds.ticketTypeId, attendee.ticketTypeId), sql`${holds.releasedAt} is null`))
      .limit(1)
    if (hold && hold.quantity <= 1) await tx.update(holds).set({ ticketTypeId: target.id }).where(eq(holds.id, hold.id))
    else if (hold) {
      await tx.update(holds).set({ quantity: hold.quantity - 1 }).where(eq(holds.id, hold.id))
      await tx.insert(holds).values({ eventId: hold.eventId, registrationId: registration.id, ticketTypeId: target.id, quantity: 1, expiresAt: hold.expiresAt })
    }
    const totals = priceChanges ? await reprice(tx, registration) : null
    await recordAudit(tx, {
      actor,
      action: 'attendee.moved',
      subjectType: 'attendee',
      subjectId: attendeeId,
      data: {
        registrationId: registration.id,
        from: attendee.ticketTypeId,
        to: target.id,
        ...(priceChanges ? { priceBefore: attendee.priceMinor, priceAfter: target.priceMinor, totalBefore: registration.totalMinor, totalAfter: totals?.totalMinor } : {}),
      },
    })
    await notify(tx, { kind: 'attendee.changed', registrationId: registration.id, attendeeId, version: `moved:${moved.calendarSequence}` })
    return { attendeeId, ticketTypeId: target.id, totalMinor: totals?.totalMinor ?? registration.totalMinor }
  })
}
