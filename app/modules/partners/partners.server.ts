import { and, asc, eq, inArray, ne, sql } from 'drizzle-orm'
import type { Database, DbOrTx } from '#db/client'
import { partnerContacts, partners, programmeItemContacts, users } from '#db/schema/index'
import { Refusal } from '~/utils/refusal'
import { recordAudit } from '~/modules/audit/audit.server'
import { queuePartnerCancel } from '~/modules/notifications/deliver.server'
import { invitedSessionsOf } from '~/modules/partners/recipients.server'
import { notify } from '~/modules/notifications/notify.server'
import type { PartnerContactEditForm, PartnerContactForm, PartnerEditForm, PartnerForm } from './partner-schemas'

type Actor = { id: string; organisationId: string }

/** What a change would do to invitations people already hold; the organiser confirms it first. */
export type InvitationImpact = { kind: 'confirm'; sessions: number; invitations: number }

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** A unique index refusing a row (postgres.js reports it; drizzle wraps it in `cause`). */
function violates(error: unknown, constraint: string) {
  const e = error as { code?: string; constraint_name?: string; cause?: { code?: string; constraint_name?: string } }
  const pg = e?.cause?.code ? e.cause : e
  return pg?.code === '23505' && pg.constraint_name === constraint
}

/** Runs a write; a duplicate slug or contact address that slipped past the checks (a race) is still a 4xx. */
async function refusingDuplicates<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work()
  } catch (error) {
    if (violates(error, 'partner_contact_partner_email_key')) throw new Refusal('contactTaken', { field: 'email' })
    if (violates(error, 'partner_org_slug_key')) throw new Refusal('partnerSlugTaken', { field: 'slug' })
    throw error
  }
}

/** The organisation's partner, locked: contact writes of one partner (here and in imports) take turns. */
async function lockPartner(tx: DbOrTx, actor: Actor, partnerId: string) {
  if (!UUID.test(partnerId)) throw new Refusal('notFound')
  const [partner] = await tx
    .select()
    .from(partners)
    .where(and(eq(partners.id, partnerId), eq(partners.organisationId, actor.organisationId)))
    .for('update')
  if (!partner) throw new Refusal('notFound')
  return partner
}

/** The organisation's contact, with its partner locked first (the import's order), then the contact. */
async function lockContact(tx: DbOrTx, actor: Actor, contactId: string) {
  if (!UUID.test(contactId)) throw new Refusal('notFound')
  const [owner] = await tx
    .select({ partnerId: partnerContacts.partnerId })
    .from(partnerContacts)
    .innerJoin(partners, eq(partners.id, partnerContacts.partnerId))
    .where(and(eq(partnerContacts.id, contactId), eq(partners.organisationId, actor.organisationId)))
  if (!owner) throw new Refusal('notFound')
  await lockPartner(tx, actor, owner.partnerId)
  const [contact] = await tx.select().from(partnerContacts).where(eq(partnerContacts.id, contactId)).for('update')
  if (!contact) throw new Refusal('notFound')
  return contact
}

async function assertAddressFree(tx: DbOrTx, partnerId: string, email: string, exceptContactId?: string) {
  const [taken] = await tx
    .select({ id: partnerContacts.id })
    .from(partnerContacts)
    .where(
      and(
        eq(partnerContacts.partnerId, partnerId),
        eq(sql`lower(${partnerContacts.email})`, email.toLowerCase()),
        exceptContactId ? ne(partnerContacts.id, exceptContactId) : undefined,
      ),
    )
  if (taken) throw new Refusal('contactTaken', { field: 'email' })
}

function impactOf(links: { programmeItemId: string }[]): InvitationImpact {
  return { kind: 'confirm', sessions: new Set(links.map((l) => l.programmeItemId)).size, invitations: links.length }
}

/** CANCEL (same UID, SEQUENCE+1) for every invitation of contacts about to be deleted; returns how many. */
async function withdrawInvitations(tx: DbOrTx, contactIds: string[]) {
  const links = await invitedSessionsOf(tx, contactIds)
  for (const link of links) {
    await queuePartnerCancel(tx, { ...link, calendarSequence: link.calendarSequence + 1 }, { name: link.name, email: link.email, locale: link.locale })
  }
  return links.length
}

export async function listPartners(db: DbOrTx, organisationId: string) {
  const rows = await db.select().from(partners).where(eq(partners.organisationId, organisationId)).orderBy(asc(partners.position), asc(partners.name))
  const contacts = await db
    .select({ id: partnerContacts.id, partnerId: partnerContacts.partnerId, name: partnerContacts.name, email: partnerContacts.email, locale: partnerContacts.locale, roleTitle: partnerContacts.roleTitle })
    .from(partnerContacts)
    .innerJoin(partners, eq(partners.id, partnerContacts.partnerId))
    .where(eq(partners.organisationId, organisationId))
    .orderBy(asc(partnerContacts.name))
  return rows.map((p) => ({ id: p.id, name: p.name, slug: p.slug, kind: p.kind, website: p.website, contacts: contacts.filter((c) => c.partnerId === p.id) }))
}

export async function createPartner(db: Database, actor: Actor, form: PartnerForm) {
  return refusingDuplicates(() =>
    db.transaction(async (tx) => {
      const existing = await tx.select({ id: partners.id }).from(partners).where(and(eq(partners.organisationId, actor.organisationId), eq(partners.slug, form.slug)))
      if (existing.length > 0) throw new Refusal('partnerSlugTaken', { field: 'slug' })
      const [row] = await tx
        .insert(partners)
        .values({ organisationId: actor.organisationId, name: form.name, slug: form.slug, kind: form.kind, website: form.website ?? null, isFunder: form.kind === 'funder', legalName: form.name })
        .returning({ id: partners.id })
      await recordAudit(tx, { actor: { userId: actor.id }, action: 'partner.created', subjectType: 'partner', subjectId: row.id, data: { name: form.name } })
      return row.id
    }),
  )
}

/** Edits a partner's name, kind, website and slug (unique within the organisation). */
export async function updatePartner(db: Database, actor: Actor, form: PartnerEditForm) {
  return refusingDuplicates(() =>
    db.transaction(async (tx) => {
      const partner = await lockPartner(tx, actor, form.id)
      if (form.slug !== partner.slug) {
        const [taken] = await tx
          .select({ id: partners.id })
          .from(partners)
          .where(and(eq(partners.organisationId, actor.organisationId), eq(partners.slug, form.slug), ne(partners.id, partner.id)))
        if (taken) throw new Refusal('partnerSlugTaken', { field: 'slug' })
      }
      const before = { name: partner.name, slug: partner.slug, kind: partner.kind, website: partner.website }
      const after = { name: form.name, slug: form.slug, kind: form.kind, website: form.website ?? null }
      await tx
        .update(partners)
        // The funder flag follows the kind only when the kind changes (it may have been set apart).
        .set({ ...after, ...(form.kind !== partner.kind ? { isFunder: form.kind === 'funder' } : {}), updatedAt: new Date() })
        .where(eq(partners.id, partner.id))
      await recordAudit(tx, { actor: { userId: actor.id }, action: 'partner.updated', subjectType: 'partner', subjectId: partner.id, data: { before, after } })
    }),
  )
}

/**
 * Deletes a partner and its contacts. Contacts holding invitations (sessions of published events
 * not over yet) get a CANCEL each, once the organiser has confirmed how many.
 */
export async function deletePartner(db: Database, actor: Actor, partnerId: string, confirmed = false) {
  return db.transaction(async (tx): Promise<InvitationImpact | { kind: 'deleted'; withdrawn: number }> => {
    const partner = await lockPartner(tx, actor, partnerId)
    // Partner viewers' accounts point at their partner: they are removed (or moved) first, on the users page.
    if ((await tx.$count(users, eq(users.partnerId, partner.id))) > 0) throw new Refusal('partnerHasUsers')
    const contacts = await tx.select({ id: partnerContacts.id }).from(partnerContacts).where(eq(partnerContacts.partnerId, partner.id)).orderBy(partnerContacts.id).for('update')
    const contactIds = contacts.map((c) => c.id)
    if (!confirmed) {
      const links = await invitedSessionsOf(tx, contactIds)
      if (links.length > 0) return impactOf(links)
    }
    const withdrawn = await withdrawInvitations(tx, contactIds)
    await tx.delete(partners).where(eq(partners.id, partner.id))
    await recordAudit(tx, { actor: { userId: actor.id }, action: 'partner.deleted', subjectType: 'partner', subjectId: partnerId, data: { name: partner.name, contacts: contactIds.length, withdrawn } })
    return { kind: 'deleted', withdrawn }
  })
}

export async function addPartnerContact(db: Database, actor: Actor, form: PartnerContactForm) {
  return refusingDuplicates(() =>
    db.transaction(async (tx) => {
      const partner = await lockPartner(tx, actor, form.partnerId).catch((error: unknown) => {
        throw error
      })
      await assertAddressFree(tx, partner.id, form.email)
      const [row] = await tx
        .insert(partnerContacts)
        .values({ partnerId: partner.id, name: form.name, email: form.email, locale: form.locale, roleTitle: form.roleTitle ?? null })
        .returning({ id: partnerContacts.id })
      await recordAudit(tx, { actor: { userId: actor.id }, action: 'partner_contact.created', subjectType: 'partner_contact', subjectId: row.id, data: { partnerId: partner.id } })
      return row.id
    }),
  )
}

/**
 * Edits a contact. Their invitations (sessions of published events not over yet) follow: a new
 * name or language is an updated REQUEST (SEQUENCE+1) to the same address; a new address is a
 * CANCEL to the old one and a REQUEST to the new one (same UID), confirmed first by the organiser.
 */
export async function updatePartnerContact(db: Database, actor: Actor, form: PartnerContactEditForm) {
  return refusingDuplicates(() =>
    db.transaction(async (tx): Promise<InvitationImpact | { kind: 'updated'; invitations: number }> => {
      const contact = await lockContact(tx, actor, form.id)
      const emailChanged = form.email !== contact.email.toLowerCase()
      if (emailChanged) await assertAddressFree(tx, contact.partnerId, form.email, contact.id)
      const links = await invitedSessionsOf(tx, [contact.id])
      if (emailChanged && links.length > 0 && !form.confirmChange) return impactOf(links)

      const before = { name: contact.name, email: contact.email, locale: contact.locale, roleTitle: contact.roleTitle }
      const after = { name: form.name, email: form.email, locale: form.locale, roleTitle: form.roleTitle ?? null }
      const changed = (Object.keys(before) as (keyof typeof before)[]).filter((k) => before[k] !== after[k])
      if (changed.length === 0) return { kind: 'updated', invitations: 0 }
      const now = new Date()
      await tx.update(partnerContacts).set({ ...after, updatedAt: now }).where(eq(partnerContacts.id, contact.id))
      // The role title is not in the invitation; the rest is (attendee address, name, language).
      const inInvitation = emailChanged || before.name !== after.name || before.locale !== after.locale
      if (inInvitation && links.length > 0) {
        await tx
          .update(programmeItemContacts)
          .set({ calendarSequence: sql`${programmeItemContacts.calendarSequence} + 1` })
          .where(inArray(programmeItemContacts.calendarUid, links.map((l) => l.calendarUid)))
        await notify(tx, {
          kind: 'partner-contact.changed',
          version: now.getTime(),
          data: { partnerContactId: contact.id, ...(emailChanged ? { previousEmail: contact.email } : {}) },
        })
      }
      await recordAudit(tx, {
        actor: { userId: actor.id },
        action: 'partner_contact.updated',
        subjectType: 'partner_contact',
        subjectId: contact.id,
        data: { partnerId: contact.partnerId, changed, before, after, invitations: inInvitation ? links.length : 0 },
      })
      return { kind: 'updated', invitations: inInvitation ? links.length : 0 }
    }),
  )
}

/** Deletes a contact; their invitations are withdrawn (CANCEL) once the organiser has confirmed how many. */
export async function deletePartnerContact(db: Database, actor: Actor, contactId: string, confirmed = false) {
  return db.transaction(async (tx): Promise<InvitationImpact | { kind: 'deleted'; withdrawn: number }> => {
    const contact = await lockContact(tx, actor, contactId)
    if (!confirmed) {
      const links = await invitedSessionsOf(tx, [contact.id])
      if (links.length > 0) return impactOf(links)
    }
    const withdrawn = await withdrawInvitations(tx, [contact.id])
    await tx.delete(partnerContacts).where(eq(partnerContacts.id, contact.id))
    await recordAudit(tx, {
      actor: { userId: actor.id },
      action: 'partner_contact.deleted',
      subjectType: 'partner_contact',
      subjectId: contactId,
      data: { partnerId: contact.partnerId, name: contact.name, email: contact.email, withdrawn },
    })
    return { kind: 'deleted', withdrawn }
  })
}

/** Contacts an organiser can invite to a programme item, grouped by partner name. */
export async function listContactsForProgramme(db: DbOrTx, organisationId: string) {
  return db
    .select({ id: partnerContacts.id, name: partnerContacts.name, partner: partners.name })
    .from(partnerContacts)
    .innerJoin(partners, eq(partners.id, partnerContacts.partnerId))
    .where(eq(partners.organisationId, organisationId))
    .orderBy(asc(partners.name), asc(partnerContacts.name))
}

/** The organisation's funders (a ticket type or a code can be charged to one). */
export async function listFunders(db: DbOrTx, organisationId: string) {
  return db
    .select({ id: partners.id, name: partners.name })
    .from(partners)
    .where(and(eq(partners.organisationId, organisationId), eq(partners.isFunder, true)))
    .orderBy(asc(partners.name))
}
