/** An event's programme items; changes fan out to attendees' and partners' calendars (calendar/changes). */
import { and, asc, eq, inArray, sql } from 'drizzle-orm'
import { DateTime } from 'luxon'
import type { Database, DbOrTx } from '#db/client'
import { programmeItemContacts, programmeItems, partnerContacts, partners } from '#db/schema/index'
import { recordAudit } from '~/modules/audit/audit.server'
import { moveProgrammeItem, refreshProgrammeItemInvitations, withdrawPartnerContact } from '~/modules/calendar/changes.server'
import { notify } from '~/modules/notifications/notify.server'
import { Refusal } from '~/utils/refusal'
import { randomToken } from '~/utils/tokens.server'
import type { ProgrammeItemEditForm, ProgrammeItemForm } from './admin-schemas'
import { lockEvent, toInstant, type Actor } from './events.server'

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
  if (owned.length !== wanted.length) throw new Refusal('unknownContact', { field: 'contactIds' })
  return wanted
}

export async function addProgrammeItem(db: Database, actor: Actor, eventId: string, form: ProgrammeItemForm) {
  return db.transaction(async (tx) => {
    const event = await lockEvent(tx, actor, eventId)
    if (event.status === 'cancelled') throw new Refusal('eventCancelled')
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
  if (!/^[0-9a-f-]{36}$/i.test(itemId)) throw new Refusal('notFound')
  const [item] = await db
    .select()
    .from(programmeItems)
    .where(and(eq(programmeItems.id, itemId), eq(programmeItems.eventId, event.id)))
  if (!item) throw new Refusal('notFound')
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
    if (event.status === 'cancelled') throw new Refusal('eventCancelled')
    if (!/^[0-9a-f-]{36}$/i.test(itemId)) throw new Refusal('notFound')
    const [item] = await tx
      .select()
      .from(programmeItems)
      .where(and(eq(programmeItems.id, itemId), eq(programmeItems.eventId, eventId)))
      .for('update')
    if (!item) throw new Refusal('notFound')
    if (item.cancelledAt) throw new Refusal('itemCancelled')
    const firstDay = DateTime.fromJSDate(event.startsAt, { zone: event.timezone }).toISODate()!
    const lastDay = DateTime.fromJSDate(event.endsAt, { zone: event.timezone }).toISODate()!
    if (form.day < firstDay || form.day > lastDay) throw new Refusal('dayOutsideEvent', { field: 'day' })
    const startsAt = toInstant(`${form.day}T${form.startTime}`, event.timezone)
    const endsAt = toInstant(`${form.day}T${form.endTime}`, event.timezone)
    if (endsAt <= startsAt) throw new Refusal('endsBeforeStart', { field: 'endTime' })
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
    if (event.status !== 'draft') throw new Refusal('onlyDraft')
    const deleted = await tx
      .delete(programmeItems)
      .where(and(eq(programmeItems.id, itemId), eq(programmeItems.eventId, eventId)))
      .returning({ id: programmeItems.id })
    if (deleted.length === 0) throw new Refusal('notFound')
    await recordAudit(tx, { actor: { userId: actor.id }, action: 'programme_item.deleted', subjectType: 'programme_item', subjectId: itemId, data: { eventId } })
  })
}
