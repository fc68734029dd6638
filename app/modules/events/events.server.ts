/** Events in the back office: list, create, edit, publish, duplicate. Ticketing and programme have their own services. */
import { and, asc, eq, sql } from 'drizzle-orm'
import { DateTime } from 'luxon'
import type { Database, DbOrTx, Transaction } from '#db/client'
import { attendees, capacityPoolTicketTypes, capacityPools, codeTicketTypes, codes, eventPartners, events, programmeItemContacts, programmeItems, questions, registrations, ticketTypes } from '#db/schema/index'
import { recordAudit } from '~/modules/audit/audit.server'
import { rescheduleEvent } from '~/modules/calendar/changes.server'
import { notify } from '~/modules/notifications/notify.server'
import { Refusal } from '~/utils/refusal'
import { randomToken } from '~/utils/tokens.server'
import type { EventForm } from './admin-schemas'
import { setLockTimeout, lockEventForChange } from '~/modules/locks/locks.server'

export type Actor = { id: string; organisationId: string }

const HOURS_TO_MINUTES = 60

export function toInstant(local: string, zone: string): Date {
  const dt = DateTime.fromISO(local, { zone })
  if (!dt.isValid) throw new Refusal('invalidDateTime', { field: 'startsLocal' })
  return dt.toUTC().toJSDate()
}

function eventValues(form: EventForm) {
  const reminders = (form.reminderHours ?? '')
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean)
    .map((v) => Number(v) * HOURS_TO_MINUTES)
  return {
    slug: form.slug,
    kind: form.kind,
    title: { fr: form.titleFr, en: form.titleEn },
    summary: { fr: form.summaryFr, en: form.summaryEn },
    description: { fr: form.descriptionFr, en: form.descriptionEn },
    timezone: form.timezone,
    startsAt: toInstant(form.startsLocal, form.timezone),
    endsAt: toInstant(form.endsLocal, form.timezone),
    venueName: form.venueName,
    venueAddress: form.venueAddress,
    venueCity: form.venueCity,
    venueCountry: form.venueCountry,
    currency: form.currency,
    taxRateBp: form.taxRatePercent,
    capacity: form.capacity ?? null,
    approvalRequired: form.approvalRequired,
    paymentMethods: form.paymentMethods,
    reminderOffsetsMinutes: [...new Set(reminders)].sort((a, b) => b - a),
    cancellationTerms:
      form.cancellationTermsFr && form.cancellationTermsEn ? { fr: form.cancellationTermsFr, en: form.cancellationTermsEn } : null,
  }
}

async function slugTaken(db: DbOrTx, organisationId: string, slug: string, exceptId?: string) {
  const rows = await db
    .select({ id: events.id })
    .from(events)
    .where(and(eq(events.organisationId, organisationId), eq(events.slug, slug)))
  return rows.some((r) => r.id !== exceptId)
}

export async function loadEventForAdmin(db: DbOrTx, actor: Actor, eventId: string) {
  const [event] = await db
    .select()
    .from(events)
    .where(and(eq(events.id, eventId), eq(events.organisationId, actor.organisationId)))
  if (!event) throw new Refusal('notFound')
  return event
}

/** The organisation's event, locked first (decision 007) for a change to it or its ticketing. */
export async function lockEvent(tx: Transaction, actor: Actor, eventId: string) {
  await setLockTimeout(tx, '5s')
  const event = await lockEventForChange(tx, eventId, actor.organisationId)
  if (!event) throw new Refusal('notFound')
  return event
}

/** Upcoming (published, not over), drafts, past and cancelled, for the events list. */
export async function listEventsForAdmin(db: DbOrTx, actor: Actor, now = new Date()) {
  const rows = await db
    .select({
      id: events.id,
      slug: events.slug,
      kind: events.kind,
      status: events.status,
      title: events.title,
      timezone: events.timezone,
      startsAt: events.startsAt,
      endsAt: events.endsAt,
      venueCity: events.venueCity,
      attendeeCount: sql<number>`(select count(*)::int from ${attendees} a join ${registrations} r on r.id = a.registration_id
        where a.event_id = "event"."id" and a.status = 'active' and r.status in ('confirmed','awaiting_payment','pending_approval'))`,
    })
    .from(events)
    .where(eq(events.organisationId, actor.organisationId))
    .orderBy(asc(events.startsAt))
  return {
    upcoming: rows.filter((e) => e.status === 'published' && e.endsAt >= now),
    drafts: rows.filter((e) => e.status === 'draft' && e.endsAt >= now),
    past: rows.filter((e) => e.endsAt < now || e.status === 'cancelled').reverse(),
  }
}

export async function createEvent(db: Database, actor: Actor, form: EventForm) {
  return db.transaction(async (tx) => {
    if (await slugTaken(tx, actor.organisationId, form.slug)) throw new Refusal('slugTaken', { field: 'slug' })
    const [event] = await tx
      .insert(events)
      .values({ organisationId: actor.organisationId, status: 'draft', ...eventValues(form) })
      .returning({ id: events.id })
    await recordAudit(tx, { actor: { userId: actor.id }, action: 'event.created', subjectType: 'event', subjectId: event.id, data: { slug: form.slug } })
    return event.id
  })
}

/** Who receives an update when the event's time or place changes. */
export async function changeRecipients(db: DbOrTx, eventId: string) {
  const [row] = await db.execute<{ attendees: number; companies: number; contacts: number }>(sql`
    select
      (select count(*)::int from attendee a join registration r on r.id = a.registration_id
        where a.event_id = ${eventId} and a.status = 'active' and r.status in ('confirmed','awaiting_payment','pending_approval')) as attendees,
      (select count(distinct r.company_id)::int from registration r
        where r.event_id = ${eventId} and r.status in ('confirmed','awaiting_payment','pending_approval')) as companies,
      (select count(distinct pic.partner_contact_id)::int from programme_item_contact pic
        join programme_item pi on pi.id = pic.programme_item_id where pi.event_id = ${eventId} and pi.cancelled_at is null) as contacts`)
  return row
}

export type UpdateEventResult =
  | { kind: 'updated'; timeOrPlaceChanged: boolean }
  | { kind: 'confirm'; recipients: { attendees: number; companies: number; contacts: number }; changes: string[] }

/**
 * Saves the event form. A change of time or place on a published event needs the
 * organiser's confirmation first (they see who will receive an update).
 */
export async function updateEvent(db: Database, actor: Actor, eventId: string, form: EventForm): Promise<UpdateEventResult> {
  return db.transaction(async (tx) => {
    const current = await lockEvent(tx, actor, eventId)
    if (current.status === 'cancelled') throw new Refusal('eventCancelled')
    if (await slugTaken(tx, actor.organisationId, form.slug, eventId)) throw new Refusal('slugTaken', { field: 'slug' })
    const next = eventValues(form)
    const changes: string[] = []
    if (next.startsAt.getTime() !== current.startsAt.getTime() || next.endsAt.getTime() !== current.endsAt.getTime()) changes.push('time')
    if (next.venueName !== current.venueName || next.venueAddress !== current.venueAddress || next.venueCity !== current.venueCity) {
      changes.push('place')
    }
    if (changes.length > 0 && current.status === 'published' && !form.confirmChange) {
      return { kind: 'confirm', recipients: await changeRecipients(tx, eventId), changes }
    }
    if (changes.length > 0 && current.status === 'published') {
      // The calendar service moves it: SEQUENCE up for every attendee and partner contact,
      // updated invitations enqueued in this transaction, programme shifted with the start.
      await rescheduleEvent(
        { eventId, startsAt: next.startsAt, endsAt: next.endsAt, venueName: next.venueName, venueAddress: next.venueAddress, venueCity: next.venueCity },
        tx,
      )
    }
    await tx.update(events).set(next).where(eq(events.id, eventId))
    await recordAudit(tx, {
      actor: { userId: actor.id },
      action: changes.length > 0 ? 'event.rescheduled' : 'event.updated',
      subjectType: 'event',
      subjectId: eventId,
      data:
        changes.length > 0
          ? {
              changes,
              before: { startsAt: current.startsAt, endsAt: current.endsAt, venueName: current.venueName, venueAddress: current.venueAddress },
              after: { startsAt: next.startsAt, endsAt: next.endsAt, venueName: next.venueName, venueAddress: next.venueAddress },
            }
          : undefined,
    })
    return { kind: 'updated', timeOrPlaceChanged: changes.length > 0 }
  })
}

export async function publishEvent(db: Database, actor: Actor, eventId: string) {
  return db.transaction(async (tx) => {
    const event = await lockEvent(tx, actor, eventId)
    if (event.status !== 'draft') throw new Refusal('notDraft')
    const [{ n }] = await tx.execute<{ n: number }>(
      sql`select count(*)::int as n from ticket_type where event_id = ${eventId} and active`,
    )
    if (n === 0) throw new Refusal('noTicketType')
    await tx.update(events).set({ status: 'published', publishedAt: new Date() }).where(eq(events.id, eventId))
    await recordAudit(tx, { actor: { userId: actor.id }, action: 'event.published', subjectType: 'event', subjectId: eventId })
    // Partner contacts of its sessions get their invitations now. Republishing sends nothing new:
    // each invitation's mail is keyed by UID + SEQUENCE.
    const invited = await tx
      .selectDistinct({ id: programmeItemContacts.programmeItemId })
      .from(programmeItemContacts)
      .innerJoin(programmeItems, eq(programmeItems.id, programmeItemContacts.programmeItemId))
      .where(and(eq(programmeItems.eventId, eventId), sql`${programmeItems.cancelledAt} is null`))
    for (const item of invited) await notify(tx, { kind: 'partner.invitation', programmeItemId: item.id })
  })
}

export async function unpublishEvent(db: Database, actor: Actor, eventId: string) {
  return db.transaction(async (tx) => {
    const event = await lockEvent(tx, actor, eventId)
    if (event.status !== 'published') throw new Refusal('notPublished')
    await tx.update(events).set({ status: 'draft' }).where(eq(events.id, eventId))
    await recordAudit(tx, { actor: { userId: actor.id }, action: 'event.unpublished', subjectType: 'event', subjectId: eventId })
  })
}

const plusYear = (d: Date | null) => (d ? DateTime.fromJSDate(d).plus({ years: 1 }).toJSDate() : null)

/** "Same mission next year": a draft one year later with the same tickets, pools, programme, questions, codes and partners. */
export async function duplicateEvent(db: Database, actor: Actor, eventId: string) {
  return db.transaction(async (tx) => {
    const source = await loadEventForAdmin(tx, actor, eventId)
    const nextYear = DateTime.fromJSDate(source.startsAt, { zone: source.timezone }).plus({ years: 1 }).year
    const base = source.slug.replace(/-\d{4}$/, '')
    let slug = `${base}-${nextYear}`
    for (let n = 2; await slugTaken(tx, actor.organisationId, slug); n++) slug = `${base}-${nextYear}-${n}`

    const { id: _id, createdAt: _c, updatedAt: _u, publishedAt: _p, cancelledAt: _x, ...fields } = source
    const [copy] = await tx
      .insert(events)
      .values({
        ...fields,
        slug,
        status: 'draft',
        calendarSequence: 0,
        startsAt: plusYear(source.startsAt)!,
        endsAt: plusYear(source.endsAt)!,
        registrationOpensAt: plusYear(source.registrationOpensAt),
        registrationClosesAt: plusYear(source.registrationClosesAt),
      })
      .returning({ id: events.id })

    const typeIds = new Map<string, string>()
    for (const t of await tx.select().from(ticketTypes).where(eq(ticketTypes.eventId, eventId)).orderBy(asc(ticketTypes.position))) {
      const { id, createdAt: _tc, updatedAt: _tu, ...rest } = t
      const [row] = await tx
        .insert(ticketTypes)
        .values({ ...rest, eventId: copy.id, salesStartAt: plusYear(t.salesStartAt), salesEndAt: plusYear(t.salesEndAt) })
        .returning({ id: ticketTypes.id })
      typeIds.set(id, row.id)
    }
    for (const pool of await tx.select().from(capacityPools).where(eq(capacityPools.eventId, eventId))) {
      const [row] = await tx.insert(capacityPools).values({ eventId: copy.id, name: pool.name, size: pool.size }).returning({ id: capacityPools.id })
      const links = await tx.select().from(capacityPoolTicketTypes).where(eq(capacityPoolTicketTypes.capacityPoolId, pool.id))
      if (links.length > 0) {
        await tx.insert(capacityPoolTicketTypes).values(links.map((l) => ({ capacityPoolId: row.id, ticketTypeId: typeIds.get(l.ticketTypeId)! })))
      }
    }
    for (const item of await tx.select().from(programmeItems).where(and(eq(programmeItems.eventId, eventId), sql`${programmeItems.cancelledAt} is null`))) {
      const { id, createdAt: _pc, updatedAt: _pu, ...rest } = item
      const [row] = await tx
        .insert(programmeItems)
        .values({ ...rest, eventId: copy.id, calendarSequence: 0, startsAt: plusYear(item.startsAt)!, endsAt: plusYear(item.endsAt)! })
        .returning({ id: programmeItems.id })
      const contacts = await tx.select().from(programmeItemContacts).where(eq(programmeItemContacts.programmeItemId, id))
      if (contacts.length > 0) {
        await tx.insert(programmeItemContacts).values(
          contacts.map((c) => ({ programmeItemId: row.id, partnerContactId: c.partnerContactId, calendarUid: `${randomToken(16)}@passerelle` })),
        )
      }
    }
    const sourceQuestions = await tx.select().from(questions).where(eq(questions.eventId, eventId))
    if (sourceQuestions.length > 0) {
      await tx.insert(questions).values(
        sourceQuestions.map(({ id: _qid, createdAt: _qc, updatedAt: _qu, ...q }) => ({ ...q, eventId: copy.id })),
      )
    }
    for (const code of await tx.select().from(codes).where(eq(codes.eventId, eventId))) {
      const { id, createdAt: _cc, updatedAt: _cu, ...rest } = code
      const [row] = await tx
        .insert(codes)
        .values({ ...rest, eventId: copy.id, uses: 0, validFrom: plusYear(code.validFrom), validUntil: plusYear(code.validUntil) })
        .returning({ id: codes.id })
      const links = await tx.select().from(codeTicketTypes).where(eq(codeTicketTypes.codeId, id))
      if (links.length > 0) {
        await tx.insert(codeTicketTypes).values(links.map((l) => ({ codeId: row.id, ticketTypeId: typeIds.get(l.ticketTypeId)! })))
      }
    }
    const partnerLinks = await tx.select().from(eventPartners).where(eq(eventPartners.eventId, eventId))
    if (partnerLinks.length > 0) await tx.insert(eventPartners).values(partnerLinks.map((p) => ({ ...p, eventId: copy.id })))

    await recordAudit(tx, { actor: { userId: actor.id }, action: 'event.duplicated', subjectType: 'event', subjectId: copy.id, data: { from: eventId, slug } })
    return copy.id
  })
}
