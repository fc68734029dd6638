/** An event's ticketing: ticket types, capacity pools, codes and questions, changed under the event's lock (decision 007). */
import { and, asc, eq, inArray, sql } from 'drizzle-orm'
import type { Database, DbOrTx } from '#db/client'
import { attendees, capacityPoolTicketTypes, capacityPools, codes, questions, ticketTypes, holds } from '#db/schema/index'
import { recordAudit } from '~/modules/audit/audit.server'
import { Refusal } from '~/utils/refusal'
import { SEAT_IN_USE } from '~/modules/registration/availability.server'
import { lockAndCountSeats } from '~/modules/registration/seats.server'
import type { CapacityPoolEditForm, CapacityPoolForm, CodeForm, TicketTypeEditForm, QuestionForm, TicketTypeForm } from './admin-schemas'
import { lockTicketType } from '~/modules/locks/locks.server'
import { lockEvent, toInstant, type Actor } from './events.server'

export async function loadTicketing(db: DbOrTx, eventId: string) {
  const types = await db.select().from(ticketTypes).where(eq(ticketTypes.eventId, eventId)).orderBy(asc(ticketTypes.position), asc(ticketTypes.createdAt))
  const pools = await db.select().from(capacityPools).where(eq(capacityPools.eventId, eventId)).orderBy(asc(capacityPools.createdAt))
  const links =
    pools.length === 0 ? [] : await db.select().from(capacityPoolTicketTypes).where(inArray(capacityPoolTicketTypes.capacityPoolId, pools.map((p) => p.id)))
  const eventCodes = await db.select().from(codes).where(eq(codes.eventId, eventId)).orderBy(asc(codes.code))
  const eventQuestions = await db.select().from(questions).where(eq(questions.eventId, eventId)).orderBy(asc(questions.position), asc(questions.createdAt))
  // Seats in use per pool, with the registration service's definition (read-only: it re-checks under lock).
  const used =
    pools.length === 0
      ? []
      : await db.execute<{ id: string; used: number }>(sql`
          select pt.capacity_pool_id as id, sum(u.n)::int as used
          from capacity_pool_ticket_type pt
          join (
            select a.ticket_type_id, count(*) as n from attendee a
            where a.event_id = ${eventId} and ${SEAT_IN_USE} group by a.ticket_type_id
            union all
            select w.ticket_type_id, sum(w.quantity) as n from waitlist_entry w
            where w.event_id = ${eventId} and w.status = 'offered' and w.offer_expires_at > now() group by w.ticket_type_id
          ) u on u.ticket_type_id = pt.ticket_type_id
          join capacity_pool p on p.id = pt.capacity_pool_id and p.event_id = ${eventId}
          group by pt.capacity_pool_id`)
  return {
    types,
    pools: pools.map((p) => ({
      ...p,
      ticketTypeIds: links.filter((l) => l.capacityPoolId === p.id).map((l) => l.ticketTypeId),
      inUse: Number(used.find((u) => u.id === p.id)?.used ?? 0),
    })),
    codes: eventCodes,
    questions: eventQuestions,
  }
}

export async function addTicketType(db: Database, actor: Actor, eventId: string, form: TicketTypeForm) {
  return db.transaction(async (tx) => {
    await lockEvent(tx, actor, eventId)
    const [{ n }] = await tx.execute<{ n: number }>(sql`select count(*)::int as n from ticket_type where event_id = ${eventId}`)
    const [row] = await tx
      .insert(ticketTypes)
      .values({
        eventId,
        name: { fr: form.nameFr, en: form.nameEn },
        priceMinor: form.price,
        maxPerOrder: form.maxPerOrder,
        hidden: form.hidden,
        position: n,
      })
      .returning({ id: ticketTypes.id })
    await recordAudit(tx, { actor: { userId: actor.id }, action: 'ticket_type.created', subjectType: 'ticket_type', subjectId: row.id, data: { eventId, priceMinor: form.price } })
    return row.id
  })
}

/**
 * Edits a ticket type. Its price applies to new registrations only: each attendee keeps the price
 * they registered at (stored on the attendee), so totals already computed never change.
 */
export async function updateTicketType(db: Database, actor: Actor, eventId: string, ticketTypeId: string, form: Omit<TicketTypeEditForm, 'id'>) {
  return db.transaction(async (tx) => {
    // The registration service's order: event first; the type row after it.
    const event = await lockEvent(tx, actor, eventId)
    const current = await lockTicketType(tx, eventId, ticketTypeId)
    if (!current) throw new Refusal('notFound')
    const next = {
      name: { fr: form.nameFr, en: form.nameEn },
      description: form.descriptionFr && form.descriptionEn ? { fr: form.descriptionFr, en: form.descriptionEn } : null,
      priceMinor: form.price,
      minPerOrder: form.minPerOrder,
      maxPerOrder: form.maxPerOrder,
      hidden: form.hidden,
      salesStartAt: form.salesStartLocal ? toInstant(form.salesStartLocal, event.timezone) : null,
      salesEndAt: form.salesEndLocal ? toInstant(form.salesEndLocal, event.timezone) : null,
      active: form.active,
      allowMultiplePerPerson: form.allowMultiplePerPerson,
      position: form.position,
    }
    if (current.allowMultiplePerPerson && !next.allowMultiplePerPerson) {
      // One seat per person from now on: refused while someone already holds two (the event row lock keeps new ones out).
      const [twice] = await tx.execute<{ email: string }>(sql`
        select lower(a.email) as email from attendee a
        join registration r on r.id = a.registration_id
        join attendee b on b.event_id = a.event_id and lower(b.email) = lower(a.email) and b.id <> a.id and b.status = 'active'
        join registration rb on rb.id = b.registration_id
        where a.ticket_type_id = ${ticketTypeId} and a.status = 'active'
          and r.status not in ('cancelled', 'rejected', 'expired') and rb.status not in ('cancelled', 'rejected', 'expired')
        limit 1`)
      if (twice) throw new Refusal('severalSeatsHeld', { field: 'allowMultiplePerPerson' })
    }
    await tx.update(ticketTypes).set(next).where(eq(ticketTypes.id, ticketTypeId))
    await recordAudit(tx, {
      actor: { userId: actor.id },
      action: 'ticket_type.updated',
      subjectType: 'ticket_type',
      subjectId: ticketTypeId,
      data: {
        eventId,
        before: { priceMinor: current.priceMinor, minPerOrder: current.minPerOrder, maxPerOrder: current.maxPerOrder, hidden: current.hidden, active: current.active, allowMultiplePerPerson: current.allowMultiplePerPerson, position: current.position },
        after: { priceMinor: next.priceMinor, minPerOrder: next.minPerOrder, maxPerOrder: next.maxPerOrder, hidden: next.hidden, active: next.active, allowMultiplePerPerson: next.allowMultiplePerPerson, position: next.position },
      },
    })
  })
}

export async function deleteTicketType(db: Database, actor: Actor, eventId: string, ticketTypeId: string) {
  return db.transaction(async (tx) => {
    await lockEvent(tx, actor, eventId)
    const [{ n }] = await tx.execute<{ n: number }>(sql`
      select ((select count(*) from ${attendees} where ticket_type_id = ${ticketTypeId})
            + (select count(*) from ${holds} where ticket_type_id = ${ticketTypeId}))::int as n`)
    if (n > 0) throw new Refusal('ticketTypeInUse')
    const deleted = await tx
      .delete(ticketTypes)
      .where(and(eq(ticketTypes.id, ticketTypeId), eq(ticketTypes.eventId, eventId)))
      .returning({ id: ticketTypes.id })
    if (deleted.length === 0) throw new Refusal('notFound')
    await recordAudit(tx, { actor: { userId: actor.id }, action: 'ticket_type.deleted', subjectType: 'ticket_type', subjectId: ticketTypeId, data: { eventId } })
  })
}

export async function addCapacityPool(db: Database, actor: Actor, eventId: string, form: CapacityPoolForm) {
  return db.transaction(async (tx) => {
    await lockEvent(tx, actor, eventId)
    const owned = await tx
      .select({ id: ticketTypes.id })
      .from(ticketTypes)
      .where(and(eq(ticketTypes.eventId, eventId), inArray(ticketTypes.id, form.ticketTypeIds)))
    if (owned.length !== new Set(form.ticketTypeIds).size) throw new Refusal('pickTicketType', { field: 'ticketTypeIds' })
    const [pool] = await tx.insert(capacityPools).values({ eventId, name: { fr: form.nameFr, en: form.nameEn }, size: form.size }).returning({ id: capacityPools.id })
    await tx.insert(capacityPoolTicketTypes).values(owned.map((t) => ({ capacityPoolId: pool.id, ticketTypeId: t.id })))
    await recordAudit(tx, { actor: { userId: actor.id }, action: 'capacity_pool.created', subjectType: 'capacity_pool', subjectId: pool.id, data: { eventId, size: form.size } })
    return pool.id
  })
}

/**
 * Resizes (and renames) a pool. It may not go below the seats it already has in use: counted
 * under the registration service's locks (event, then every pool in id order) with its one
 * definition of a seat in use, so no registration can slip in between the count and the write.
 */
export async function updateCapacityPool(db: Database, actor: Actor, eventId: string, poolId: string, form: Omit<CapacityPoolEditForm, 'id'>) {
  return db.transaction(async (tx) => {
    await lockEvent(tx, actor, eventId)
    const seats = await lockAndCountSeats(tx, eventId, { eventLocked: true })
    const pool = seats.pools.find((p) => p.id === poolId)
    if (!pool) throw new Refusal('notFound')
    const inUse = pool.ticketTypeIds.reduce((n, id) => n + (seats.usedByType.get(id) ?? 0), 0)
    if (form.size < inUse) throw new Refusal('poolBelowInUse', { field: 'size' })
    await tx.update(capacityPools).set({ name: { fr: form.nameFr, en: form.nameEn }, size: form.size }).where(eq(capacityPools.id, poolId))
    await recordAudit(tx, {
      actor: { userId: actor.id },
      action: 'capacity_pool.updated',
      subjectType: 'capacity_pool',
      subjectId: poolId,
      data: { eventId, before: { size: pool.size }, after: { size: form.size }, inUse },
    })
  })
}

export async function deleteCapacityPool(db: Database, actor: Actor, eventId: string, poolId: string) {
  return db.transaction(async (tx) => {
    await lockEvent(tx, actor, eventId)
    const deleted = await tx
      .delete(capacityPools)
      .where(and(eq(capacityPools.id, poolId), eq(capacityPools.eventId, eventId)))
      .returning({ id: capacityPools.id })
    if (deleted.length === 0) throw new Refusal('notFound')
    await recordAudit(tx, { actor: { userId: actor.id }, action: 'capacity_pool.deleted', subjectType: 'capacity_pool', subjectId: poolId, data: { eventId } })
  })
}

export async function addCode(db: Database, actor: Actor, eventId: string, form: CodeForm) {
  return db.transaction(async (tx) => {
    await lockEvent(tx, actor, eventId)
    const existing = await tx.execute(sql`select 1 from code where event_id = ${eventId} and upper(code) = ${form.code}`)
    if (existing.length > 0) throw new Refusal('codeTaken', { field: 'code' })
    const [row] = await tx
      .insert(codes)
      .values({
        eventId,
        code: form.code,
        kind: form.kind,
        percentOffBp: form.percentOff === undefined ? (form.kind === 'invitation' ? 0 : null) : Math.round(form.percentOff * 100),
        maxUses: form.maxUses ?? null,
        funderPartnerId: form.kind === 'funder' ? (form.funderPartnerId ?? null) : null,
      })
      .returning({ id: codes.id })
    await recordAudit(tx, { actor: { userId: actor.id }, action: 'code.created', subjectType: 'code', subjectId: row.id, data: { eventId, code: form.code, kind: form.kind } })
    return row.id
  })
}

export async function deleteCode(db: Database, actor: Actor, eventId: string, codeId: string) {
  return db.transaction(async (tx) => {
    await lockEvent(tx, actor, eventId)
    const used = await tx.execute(sql`select 1 from registration where code_id = ${codeId} limit 1`)
    if (used.length > 0) throw new Refusal('codeInUse')
    const deleted = await tx.delete(codes).where(and(eq(codes.id, codeId), eq(codes.eventId, eventId))).returning({ id: codes.id })
    if (deleted.length === 0) throw new Refusal('notFound')
    await recordAudit(tx, { actor: { userId: actor.id }, action: 'code.deleted', subjectType: 'code', subjectId: codeId, data: { eventId } })
  })
}

export async function addQuestion(db: Database, actor: Actor, eventId: string, form: QuestionForm) {
  return db.transaction(async (tx) => {
    await lockEvent(tx, actor, eventId)
    const [{ n }] = await tx.execute<{ n: number }>(sql`select count(*)::int as n from question where event_id = ${eventId}`)
    const [row] = await tx
      .insert(questions)
      .values({ eventId, kind: form.kind, label: { fr: form.labelFr, en: form.labelEn }, required: form.required, position: n })
      .returning({ id: questions.id })
    await recordAudit(tx, { actor: { userId: actor.id }, action: 'question.created', subjectType: 'question', subjectId: row.id, data: { eventId } })
    return row.id
  })
}

export async function deleteQuestion(db: Database, actor: Actor, eventId: string, questionId: string) {
  return db.transaction(async (tx) => {
    await lockEvent(tx, actor, eventId)
    const deleted = await tx.delete(questions).where(and(eq(questions.id, questionId), eq(questions.eventId, eventId))).returning({ id: questions.id })
    if (deleted.length === 0) throw new Refusal('notFound')
    await recordAudit(tx, { actor: { userId: actor.id }, action: 'question.deleted', subjectType: 'question', subjectId: questionId, data: { eventId } })
  })
}
