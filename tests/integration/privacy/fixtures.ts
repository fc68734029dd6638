import crypto from 'node:crypto'
import { eq } from 'drizzle-orm'
import { getDb } from '#db/client'
import { attendees, auditEntries, emailMessages, partnerContacts, partners, payments, registrations, waitlistEntries, invoices } from '#db/schema/index'
import { issueRegistrationInvoice } from '~/modules/invoices/invoices.server'
import { renderInvoicePdf } from '~/modules/invoices/invoice-pdf.server'
import { recordConsent } from '~/modules/privacy/consents.server'
import { createCode, createFunder, createHeldRegistration, createPaymentEvent } from '../../factories/payment-fixtures'


export async function invoiceSnapshot(invoiceId: string) {
  const [row] = await getDb().select().from(invoices).where(eq(invoices.id, invoiceId))
  return { row: JSON.stringify(row), pdf: (await renderInvoicePdf(invoiceId)).toString('base64') }
}

/**
 * One person "everywhere": company contact, registration contact and first delegate of a paid
 * registration with an invoice, on a waiting list, a partner contact, mails, consents, audit.
 */
export async function seedPersonEverywhere(options: { funder?: boolean; eventEndsDaysAgo?: number } = {}) {
  const db = getDb()
  const fixture = await createPaymentEvent()
  let code
  if (options.funder) {
    const funder = await createFunder(fixture.organisationId)
    code = await createCode(fixture.event.id, { kind: 'funder', percentOffBp: 5000, funderPartnerId: funder.id })
  }
  const { registration, company } = await createHeldRegistration(fixture, { status: 'confirmed', paymentMethod: 'card', code })
  const email = company.contactEmail
  await db.update(registrations).set({ paidMinor: registration.totalMinor, confirmedAt: new Date(), holdExpiresAt: null, answers: { q: 'Rhum agricole' } }).where(eq(registrations.id, registration.id))
  const people = await db.select().from(attendees).where(eq(attendees.registrationId, registration.id)).orderBy(attendees.email)
  const me = people[0]
  await db.update(attendees).set({ email: email.toUpperCase(), phone: '+596 696 00 00 00', needs: 'Fauteuil roulant', jobTitle: 'Gérante' }).where(eq(attendees.id, me.id))
  await db.insert(payments).values({
    registrationId: registration.id,
    provider: 'manual',
    status: 'succeeded',
    amountMinor: registration.totalMinor,
    currency: registration.currency,
    succeededAt: new Date(),
  })
  const invoice = await db.transaction((tx) => issueRegistrationInvoice(tx, registration.id, { forBankTransfer: false, actor: { label: 'test' } }))
  await db.insert(waitlistEntries).values({ eventId: fixture.event.id, ticketTypeId: fixture.tickets[0].id, name: 'Marie Joseph', email, companyName: company.name })
  const [partner] = await db.insert(partners).values({ organisationId: fixture.organisationId, slug: `p-${crypto.randomBytes(4).toString('hex')}`, name: 'Partner', kind: 'local_partner' }).returning()
  await db.insert(partnerContacts).values({ partnerId: partner.id, name: 'Marie Joseph', email, roleTitle: 'Trésorière' })
  await db.insert(emailMessages).values({ dedupeKey: `test:${crypto.randomUUID()}`, template: 'test', locale: 'fr', toAddress: email, subject: 'Bonjour Marie', registrationId: registration.id, payload: { name: 'Marie Joseph' } })
  await recordConsent(db, { organisationId: fixture.organisationId, email, purpose: 'photos', channel: 'registration_form', registrationId: registration.id })
  await recordConsent(db, { organisationId: fixture.organisationId, email, purpose: 'directory_listing', channel: 'registration_form', registrationId: registration.id })
  const [audit] = await db
    .insert(auditEntries)
    .values({ actorLabel: `company:${email}`, action: 'registration.updated', subjectType: 'registration', subjectId: registration.id, data: { contactEmail: email } })
    .returning()
  return { fixture, registration, company, email, me, others: people.slice(1), invoice, audit }
}
