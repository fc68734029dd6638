import { and, asc, eq } from 'drizzle-orm'
import type { Database, DbOrTx } from '#db/client'
import { partnerContacts, partners } from '#db/schema/index'
import { AdminError } from '~/modules/admin/errors'
import { recordAudit } from '~/modules/audit/audit.server'
import type { PartnerContactForm, PartnerForm } from './partner-schemas'

type Actor = { id: string; organisationId: string }

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
  return db.transaction(async (tx) => {
    const existing = await tx.select({ id: partners.id }).from(partners).where(and(eq(partners.organisationId, actor.organisationId), eq(partners.slug, form.slug)))
    if (existing.length > 0) throw new AdminError('admin.errors.slugTaken', 400, 'slug')
    const [row] = await tx
      .insert(partners)
      .values({ organisationId: actor.organisationId, name: form.name, slug: form.slug, kind: form.kind, website: form.website ?? null, isFunder: form.kind === 'funder', legalName: form.name })
      .returning({ id: partners.id })
    await recordAudit(tx, { actor: { userId: actor.id }, action: 'partner.created', subjectType: 'partner', subjectId: row.id, data: { name: form.name } })
    return row.id
  })
}

export async function deletePartner(db: Database, actor: Actor, partnerId: string) {
  return db.transaction(async (tx) => {
    const deleted = await tx.delete(partners).where(and(eq(partners.id, partnerId), eq(partners.organisationId, actor.organisationId))).returning({ id: partners.id })
    if (deleted.length === 0) throw new AdminError('admin.errors.notFound', 404)
    await recordAudit(tx, { actor: { userId: actor.id }, action: 'partner.deleted', subjectType: 'partner', subjectId: partnerId })
  })
}

export async function addPartnerContact(db: Database, actor: Actor, form: PartnerContactForm) {
  return db.transaction(async (tx) => {
    const [partner] = await tx.select({ id: partners.id }).from(partners).where(and(eq(partners.id, form.partnerId), eq(partners.organisationId, actor.organisationId)))
    if (!partner) throw new AdminError('admin.errors.notFound', 404, 'partnerId')
    const [row] = await tx
      .insert(partnerContacts)
      .values({ partnerId: partner.id, name: form.name, email: form.email, locale: form.locale, roleTitle: form.roleTitle ?? null })
      .returning({ id: partnerContacts.id })
    await recordAudit(tx, { actor: { userId: actor.id }, action: 'partner_contact.created', subjectType: 'partner_contact', subjectId: row.id, data: { partnerId: partner.id } })
    return row.id
  })
}

export async function deletePartnerContact(db: Database, actor: Actor, contactId: string) {
  return db.transaction(async (tx) => {
    const [contact] = await tx
      .select({ id: partnerContacts.id })
      .from(partnerContacts)
      .innerJoin(partners, eq(partners.id, partnerContacts.partnerId))
      .where(and(eq(partnerContacts.id, contactId), eq(partners.organisationId, actor.organisationId)))
    if (!contact) throw new AdminError('admin.errors.notFound', 404)
    await tx.delete(partnerContacts).where(eq(partnerContacts.id, contactId))
    await recordAudit(tx, { actor: { userId: actor.id }, action: 'partner_contact.deleted', subjectType: 'partner_contact', subjectId: contactId })
  })
}
