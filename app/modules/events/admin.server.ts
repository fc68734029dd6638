import { and, asc, eq, inArray, sql } from 'drizzle-orm'
import { DateTime } from 'luxon'
import type { Database, DbOrTx, Transaction } from '#db/client'
import {
  attendees,
  capacityPoolTicketTypes,
  capacityPools,
  codeTicketTypes,
  codes,
  eventPartners,
  events,
  programmeItemContacts,
  programmeItems,
  questions,
  registrations,
  ticketTypes,
  holds,
  partnerContacts,
  partners,
} from '#db/schema/index'
import { recordAudit } from '~/modules/audit/audit.server'
import { moveProgrammeItem, refreshProgrammeItemInvitations, rescheduleEvent, withdrawPartnerContact } from '~/modules/calendar/changes.server'
import { notify } from '~/modules/notifications/notify.server'
import { AdminError } from '~/modules/admin/errors'
import { SEAT_IN_USE } from '~/modules/registration/availability.server'
import { lockAndCountSeats } from '~/modules/registration/seats.server'
import { randomToken } from '~/utils/tokens.server'
import type {
  CapacityPoolEditForm,
  CapacityPoolForm,
  CodeForm,
  EventForm,
  ProgrammeItemEditForm,
  TicketTypeEditForm, ProgrammeItemForm, QuestionForm, TicketTypeForm } from './admin-schemas'

export type Actor = { id: string; organisationId: string }

const HOURS_TO_MINUTES = 60

function toInstant(local: string, zone: string): Date {
  const dt = DateTime.fromISO(local, { zone })
  if (!dt.isValid) throw new AdminError('admin.errors.dateTime', 400, 'startsLocal')
  return dt.toUTC().toJSDate()
}

/** `yyyy-MM-ddTHH:mm` in the event's zone, for <input type="datetime-local">. */
export function toLocalInput(instant: Date, zone: string): string {
  return DateTime.fromJSDate(instant, { zone }).toFormat("yyyy-MM-dd'T'HH:mm")
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
  if (!event) throw new AdminError('admin.errors.notFound', 404)
  return event
}

async function lockEvent(tx: Transaction, actor: Actor, eventId: string) {
  await tx.execute(sql`set local lock_timeout = '5s'`)
  const [event] = await tx
    .select()
    .from(events)
    .where(and(eq(events.id, eventId), eq(events.organisationId, actor.organisationId)))
    .for('update')
  if (!event) throw new AdminError('admin.errors.notFound', 404)
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
    if (await slugTaken(tx, actor.organisationId, form.slug)) throw new AdminError('admin.errors.slugTaken', 400, 'slug')
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
    if (current.status === 'cancelled') throw new AdminError('admin.errors.eventCancelled', 409)
    if (await slugTaken(tx, actor.organisationId, form.slug, eventId)) throw new AdminError('admin.errors.slugTaken', 400, 'slug')
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
    if (event.status !== 'draft') throw new AdminError('admin.errors.notDraft', 409)
    const [{ n }] = await tx.execute<{ n: number }>(
      sql`select count(*)::int as n from ticket_type where event_id = ${eventId} and active`,
    )
    if (n === 0) throw new AdminError('admin.errors.noTicketType', 409)
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
    if (event.status !== 'published') throw new AdminError('admin.errors.notPublished', 409)
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

// ---------------------------------------------------------------- programme

export async function listProgramme(db: DbOrTx, eventId: string) {
  const items = await db
    .select()
    .from(programmeItems)
    .where(eq(programmeItems.eventId, eventId))
    .orderBy(asc(programmeItems.startsAt), asc(programmeItems.position))
  const contacts =
    items.length === 0
      ? []
      : await db.execute<{ programme_item_id: string; id: string; name: string; partner: string }>(sql`
          select pic.programme_item_id, pc.id, pc.name, p.name as partner
          from programme_item_contact pic join partner_contact pc on pc.id = pic.partner_contact_id join partner p on p.id = pc.partner_id
          where pic.programme_item_id in ${sql.raw(`(${items.map((i) => `'${i.id}'`).join(',')})`)}
          order by pc.name`)
  return items.map((item) => ({
    ...item,
    contacts: contacts.filter((c) => c.programme_item_id === item.id).map((c) => ({ id: c.id, name: c.name, partner: c.partner })),
  }))
}

/** Partner contacts named in a form must be people of the organiser's own partners. */
async function assertOwnContacts(tx: DbOrTx, actor: Actor, contactIds: string[]) {
  const wanted = [...new Set(contactIds)]
  if (wanted.length === 0) return wanted
  const owned = await tx
    .select({ id: partnerContacts.id })
    .from(partnerContacts)
    .innerJoin(partners, eq(partners.id, partnerContacts.partnerId))
    .where(and(eq(partners.organisationId, actor.organisationId), inArray(partnerContacts.id, wanted)))
  if (owned.length !== wanted.length) throw new AdminError('admin.errors.unknownContact', 400, 'contactIds')
  return wanted
}

export async function addProgrammeItem(db: Database, actor: Actor, eventId: string, form: ProgrammeItemForm) {
  return db.transaction(async (tx) => {
    const event = await lockEvent(tx, actor, eventId)
    if (event.status === 'cancelled') throw new AdminError('admin.errors.eventCancelled', 409)
    const contactIds = await assertOwnContacts(tx, actor, form.contactIds)
    const startsAt = toInstant(`${form.day}T${form.startTime}`, event.timezone)
    const endsAt = toInstant(`${form.day}T${form.endTime}`, event.timezone)
    const [item] = await tx
      .insert(programmeItems)
      .values({
        eventId,
        kind: form.kind,
        title: { fr: form.titleFr, en: form.titleEn },
        description: form.descriptionFr && form.descriptionEn ? { fr: form.descriptionFr, en: form.descriptionEn } : null,
        startsAt,
        endsAt,
        place: form.place || null,
        address: form.address || null,
      })
      .returning({ id: programmeItems.id })
    await attachContacts(tx, item.id, contactIds)
    await recordAudit(tx, { actor: { userId: actor.id }, action: 'programme_item.created', subjectType: 'programme_item', subjectId: item.id, data: { eventId } })
    if (event.status === 'published' && contactIds.length > 0) {
      await notify(tx, { kind: 'partner.invitation', programmeItemId: item.id, data: { partnerContactIds: contactIds } })
    }
    return item.id
  })
}

async function attachContacts(tx: DbOrTx, programmeItemId: string, contactIds: string[]) {
  if (contactIds.length === 0) return
  await tx
    .insert(programmeItemContacts)
    .values(contactIds.map((partnerContactId) => ({ programmeItemId, partnerContactId, calendarUid: `${randomToken(16)}@passerelle` })))
}

/** One programme item as the edit form shows it (times in the event's zone). */
export async function loadProgrammeItemForEdit(db: DbOrTx, event: { id: string; timezone: string }, itemId: string) {
  if (!/^[0-9a-f-]{36}$/i.test(itemId)) throw new AdminError('admin.errors.notFound', 404)
  const [item] = await db
    .select()
    .from(programmeItems)
    .where(and(eq(programmeItems.id, itemId), eq(programmeItems.eventId, event.id)))
  if (!item) throw new AdminError('admin.errors.notFound', 404)
  const contacts = await db
    .select({ id: programmeItemContacts.partnerContactId })
    .from(programmeItemContacts)
    .where(eq(programmeItemContacts.programmeItemId, item.id))
  const local = (d: Date) => DateTime.fromJSDate(d, { zone: event.timezone })
  return {
    id: item.id,
    cancelled: Boolean(item.cancelledAt),
    values: {
      kind: item.kind,
      titleFr: item.title.fr,
      titleEn: item.title.en,
      descriptionFr: item.description?.fr ?? '',
      descriptionEn: item.description?.en ?? '',
      day: local(item.startsAt).toFormat('yyyy-MM-dd'),
      startTime: local(item.startsAt).toFormat('HH:mm'),
      endTime: local(item.endsAt).toFormat('HH:mm'),
      place: item.place ?? '',
      address: item.address ?? '',
      contactIds: contacts.map((c) => c.id),
    },
  }
}

export type UpdateProgrammeItemResult =
  | { kind: 'updated'; timeOrPlaceChanged: boolean; invited: number; withdrawn: number }
  | {
      kind: 'confirm'
      changes: string[]
      /** Partner contacts who get an updated invitation; attendees, whose invitation is the whole event's, see it on the programme. */
      recipients: { contacts: number; invited: number; withdrawn: number; attendees: number }
    }

/**
 * Saves the programme item form. On a published event a change of time or place is confirmed
 * first (the organiser sees who will be told); then, in this one transaction, the texts are
 * saved, the calendar service moves the item (SEQUENCE up, updated invitations queued), contacts
 * taken off get a CANCEL and new ones an invitation.
 */
export async function updateProgrammeItem(db: Database, actor: Actor, eventId: string, itemId: string, form: Omit<ProgrammeItemEditForm, 'itemId'>): Promise<UpdateProgrammeItemResult> {
  return db.transaction(async (tx) => {
    const event = await lockEvent(tx, actor, eventId)
    if (event.status === 'cancelled') throw new AdminError('admin.errors.eventCancelled', 409)
    if (!/^[0-9a-f-]{36}$/i.test(itemId)) throw new AdminError('admin.errors.notFound', 404)
    const [item] = await tx
      .select()
      .from(programmeItems)
      .where(and(eq(programmeItems.id, itemId), eq(programmeItems.eventId, eventId)))
      .for('update')
    if (!item) throw new AdminError('admin.errors.notFound', 404)
    if (item.cancelledAt) throw new AdminError('admin.errors.itemCancelled', 409)
    const firstDay = DateTime.fromJSDate(event.startsAt, { zone: event.timezone }).toISODate()!
    const lastDay = DateTime.fromJSDate(event.endsAt, { zone: event.timezone }).toISODate()!
    if (form.day < firstDay || form.day > lastDay) throw new AdminError('admin.errors.dayOutsideEvent', 400, 'day')
    const startsAt = toInstant(`${form.day}T${form.startTime}`, event.timezone)
    const endsAt = toInstant(`${form.day}T${form.endTime}`, event.timezone)
    if (endsAt <= startsAt) throw new AdminError('admin.errors.endsBeforeStart', 400, 'endTime')
    const contactIds = await assertOwnContacts(tx, actor, form.contactIds)
    const current = (await tx.select({ id: programmeItemContacts.partnerContactId }).from(programmeItemContacts).where(eq(programmeItemContacts.programmeItemId, itemId))).map((c) => c.id)
    const added = contactIds.filter((id) => !current.includes(id))
    const removed = current.filter((id) => !contactIds.includes(id))
    const place = form.place || null
    const address = form.address || null

    const changes: string[] = []
    if (startsAt.getTime() !== item.startsAt.getTime() || endsAt.getTime() !== item.endsAt.getTime()) changes.push('time')
    if (place !== item.place || address !== item.address) changes.push('place')
    const published = event.status === 'published'
    if (changes.length > 0 && published && !form.confirmChange) {
      const [{ attendees: attendeeCount }] = await tx.execute<{ attendees: number }>(sql`
        select count(*)::int as attendees from attendee a join registration r on r.id = a.registration_id
        where a.event_id = ${eventId} and a.status = 'active' and r.status in ('confirmed','awaiting_payment','pending_approval')`)
      return {
        kind: 'confirm',
        changes,
        recipients: { contacts: current.length - removed.length, invited: added.length, withdrawn: removed.length, attendees: attendeeCount },
      }
    }

    const description = form.descriptionFr && form.descriptionEn ? { fr: form.descriptionFr, en: form.descriptionEn } : null
    // Title and description travel in the partners' invitations (SUMMARY, DESCRIPTION).
    const textChanged =
      item.title.fr !== form.titleFr || item.title.en !== form.titleEn || (item.description?.fr ?? null) !== (description?.fr ?? null) || (item.description?.en ?? null) !== (description?.en ?? null)
    await tx
      .update(programmeItems)
      .set({ kind: form.kind, title: { fr: form.titleFr, en: form.titleEn }, description })
      .where(eq(programmeItems.id, itemId))
    let withdrawn = 0
    for (const partnerContactId of removed) {
      if (await withdrawPartnerContact({ programmeItemId: itemId, partnerContactId, invited: published }, tx)) withdrawn++
    }
    if (changes.length > 0 && published) {
      // The calendar service moves it: SEQUENCE up for its contacts, updated invitations queued here.
      await moveProgrammeItem({ programmeItemId: itemId, startsAt, endsAt, place, address }, tx)
    } else if (changes.length > 0) {
      // A draft has sent no invitation yet: nothing to update in anyone's calendar.
      await tx.update(programmeItems).set({ startsAt, endsAt, place, address }).where(eq(programmeItems.id, itemId))
    } else if (published && textChanged) {
      await refreshProgrammeItemInvitations({ programmeItemId: itemId }, tx)
    }
    await attachContacts(tx, itemId, added)
    if (published && added.length > 0) await notify(tx, { kind: 'partner.invitation', programmeItemId: itemId, data: { partnerContactIds: added } })
    await recordAudit(tx, {
      actor: { userId: actor.id },
      action: changes.length > 0 ? 'programme_item.moved' : 'programme_item.updated',
      subjectType: 'programme_item',
      subjectId: itemId,
      data: {
        eventId,
        changes,
        contactsAdded: added,
        contactsRemoved: removed,
        ...(changes.length > 0
          ? { before: { startsAt: item.startsAt, endsAt: item.endsAt, place: item.place, address: item.address }, after: { startsAt, endsAt, place, address } }
          : {}),
      },
    })
    return { kind: 'updated', timeOrPlaceChanged: changes.length > 0, invited: published ? added.length : 0, withdrawn }
  })
}

/** Removing an item is only for drafts: once published, people hold invitations (the calendar service cancels them). */
export async function deleteProgrammeItem(db: Database, actor: Actor, eventId: string, itemId: string) {
  return db.transaction(async (tx) => {
    const event = await lockEvent(tx, actor, eventId)
    if (event.status !== 'draft') throw new AdminError('admin.errors.onlyDraft', 409)
    const deleted = await tx
      .delete(programmeItems)
      .where(and(eq(programmeItems.id, itemId), eq(programmeItems.eventId, eventId)))
      .returning({ id: programmeItems.id })
    if (deleted.length === 0) throw new AdminError('admin.errors.notFound', 404)
    await recordAudit(tx, { actor: { userId: actor.id }, action: 'programme_item.deleted', subjectType: 'programme_item', subjectId: itemId, data: { eventId } })
  })
}

// ---------------------------------------------------------------- tickets, pools, codes, questions

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
            select a.ticket_type_id, count(*) as n from attendee a join registration r on r.id = a.registration_id
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
    const [current] = await tx
      .select()
      .from(ticketTypes)
      .where(and(eq(ticketTypes.id, ticketTypeId), eq(ticketTypes.eventId, eventId)))
      .for('update')
    if (!current) throw new AdminError('admin.errors.notFound', 404)
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
      if (twice) throw new AdminError('admin.errors.severalSeatsHeld', 409, 'allowMultiplePerPerson')
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
    if (n > 0) throw new AdminError('admin.errors.ticketTypeInUse', 409)
    const deleted = await tx
      .delete(ticketTypes)
      .where(and(eq(ticketTypes.id, ticketTypeId), eq(ticketTypes.eventId, eventId)))
      .returning({ id: ticketTypes.id })
    if (deleted.length === 0) throw new AdminError('admin.errors.notFound', 404)
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
    if (owned.length !== new Set(form.ticketTypeIds).size) throw new AdminError('admin.errors.pickTicketType', 400, 'ticketTypeIds')
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
    if (!pool) throw new AdminError('admin.errors.notFound', 404)
    const inUse = pool.ticketTypeIds.reduce((n, id) => n + (seats.usedByType.get(id) ?? 0), 0)
    if (form.size < inUse) throw new AdminError('admin.errors.poolBelowInUse', 409, 'size')
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
    if (deleted.length === 0) throw new AdminError('admin.errors.notFound', 404)
    await recordAudit(tx, { actor: { userId: actor.id }, action: 'capacity_pool.deleted', subjectType: 'capacity_pool', subjectId: poolId, data: { eventId } })
  })
}

export async function addCode(db: Database, actor: Actor, eventId: string, form: CodeForm) {
  return db.transaction(async (tx) => {
    await lockEvent(tx, actor, eventId)
    const existing = await tx.execute(sql`select 1 from code where event_id = ${eventId} and upper(code) = ${form.code}`)
    if (existing.length > 0) throw new AdminError('admin.errors.codeTaken', 400, 'code')
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
    if (used.length > 0) throw new AdminError('admin.errors.codeInUse', 409)
    const deleted = await tx.delete(codes).where(and(eq(codes.id, codeId), eq(codes.eventId, eventId))).returning({ id: codes.id })
    if (deleted.length === 0) throw new AdminError('admin.errors.notFound', 404)
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
    if (deleted.length === 0) throw new AdminError('admin.errors.notFound', 404)
    await recordAudit(tx, { actor: { userId: actor.id }, action: 'question.deleted', subjectType: 'question', subjectId: questionId, data: { eventId } })
  })
}
