import { and, eq, inArray, or, sql, type SQL } from 'drizzle-orm'
import type { DbOrTx } from '#db/client'
import {
  attendanceSignatures,
  attendeeRsvps,
  attendees,
  auditEntries,
  b2bProfiles,
  companies,
  emailMessages,
  events,
  funderShares,
  invoices,
  meetingRequests,
  partnerContacts,
  partners,
  payments,
  privacyConsents,
  privacyRequests,
  refunds,
  registrations,
  users,
  waitlistEntries,
} from '#db/schema/index'
import { normaliseEmail } from './pseudonym'

/** Case-insensitive equality with an already lower-cased address. */
const sameEmail = (column: SQL | Parameters<typeof sql>[1], email: string) => sql`lower(${column}) = ${email}`

/** Columns never handed out, even to the person (secrets that would let someone act as them). */
const SECRET_COLUMNS = new Set(['passwordHash', 'checkInSecret', 'tokenHash', 'feedTokenHash', 'offerTokenHash', 'verifyTokenHash'])

function scrub<T extends Record<string, unknown>>(row: T): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(row)) out[k] = SECRET_COLUMNS.has(k) && v != null ? '[secret]' : v
  return out
}

export type PersonData = Record<string, Record<string, unknown>[]>

/**
 * Everything held about one address in one organisation, table by table (SQL names, as in the
 * inventory). One finder per area; a new table holding personal data adds one here.
 */
export async function findPersonData(db: DbOrTx, organisationId: string, rawEmail: string): Promise<PersonData> {
  const email = normaliseEmail(rawEmail)
  const orgEvents = db.select({ id: events.id }).from(events).where(eq(events.organisationId, organisationId))

  const companyRows = await db
    .select()
    .from(companies)
    .where(and(eq(companies.organisationId, organisationId), sameEmail(companies.contactEmail, email)))
  const companyIds = companyRows.map((c) => c.id)

  const registrationRows = await db
    .select()
    .from(registrations)
    .where(and(inArray(registrations.eventId, orgEvents), sameEmail(registrations.contactEmail, email)))
  const attendeeRows = await db
    .select()
    .from(attendees)
    .where(and(inArray(attendees.eventId, orgEvents), sameEmail(attendees.email, email)))
  const registrationIds = registrationRows.map((r) => r.id)
  const attendeeIds = attendeeRows.map((a) => a.id)

  const byRegistration = registrationIds.length > 0
  const [waitlist, contacts, accounts, invoiceRows, paymentRows, refundRows, funderRows, mails, consents, requests, audits, profiles, meetingReqs, rsvps, signatures] =
    await Promise.all([
      db.select().from(waitlistEntries).where(and(inArray(waitlistEntries.eventId, orgEvents), sameEmail(waitlistEntries.email, email))),
      db
        .select({ contact: partnerContacts })
        .from(partnerContacts)
        .innerJoin(partners, eq(partners.id, partnerContacts.partnerId))
        .where(and(eq(partners.organisationId, organisationId), sameEmail(partnerContacts.email, email)))
        .then((rows) => rows.map((r) => r.contact)),
      db.select().from(users).where(and(eq(users.organisationId, organisationId), sameEmail(users.email, email))),
      byRegistration ? db.select().from(invoices).where(inArray(invoices.registrationId, registrationIds)) : [],
      byRegistration ? db.select().from(payments).where(inArray(payments.registrationId, registrationIds)) : [],
      byRegistration ? db.select().from(refunds).where(inArray(refunds.registrationId, registrationIds)) : [],
      byRegistration ? db.select().from(funderShares).where(inArray(funderShares.registrationId, registrationIds)) : [],
      db.select().from(emailMessages).where(sameEmail(emailMessages.toAddress, email)).limit(1000),
      db.select().from(privacyConsents).where(and(eq(privacyConsents.organisationId, organisationId), sameEmail(privacyConsents.email, email))),
      db.select().from(privacyRequests).where(and(eq(privacyRequests.organisationId, organisationId), sameEmail(privacyRequests.email, email))),
      db
        .select()
        .from(auditEntries)
        .where(or(sql`lower(${auditEntries.actorLabel}) like ${`%${email}%`}`, sql`lower(${auditEntries.data}::text) like ${`%${email}%`}`))
        .limit(1000),
      companyIds.length > 0 ? db.select().from(b2bProfiles).where(inArray(b2bProfiles.companyId, companyIds)) : [],
      companyIds.length > 0
        ? db.select().from(meetingRequests).where(or(inArray(meetingRequests.fromCompanyId, companyIds), inArray(meetingRequests.toCompanyId, companyIds)))
        : [],
      attendeeIds.length > 0 ? db.select().from(attendeeRsvps).where(inArray(attendeeRsvps.attendeeId, attendeeIds)) : [],
      // the signature image as base64 (a PNG the person can open), not a byte array
      attendeeIds.length > 0
        ? db
            .select({
              id: attendanceSignatures.id,
              programmeItemId: attendanceSignatures.programmeItemId,
              attendeeId: attendanceSignatures.attendeeId,
              method: attendanceSignatures.method,
              signedAt: attendanceSignatures.signedAt,
              signaturePngBase64: sql<string | null>`encode(${attendanceSignatures.signaturePng}, 'base64')`,
              scanId: attendanceSignatures.scanId,
              collectedByUserId: attendanceSignatures.collectedByUserId,
              createdAt: attendanceSignatures.createdAt,
            })
            .from(attendanceSignatures)
            .where(inArray(attendanceSignatures.attendeeId, attendeeIds))
        : [],
    ])

  const data: PersonData = {
    company: companyRows,
    registration: registrationRows,
    attendee: attendeeRows,
    waitlist_entry: waitlist,
    partner_contact: contacts,
    user_account: accounts,
    invoice: invoiceRows,
    payment: paymentRows,
    refund: refundRows,
    funder_share: funderRows,
    email_message: mails,
    privacy_consent: consents,
    privacy_request: requests,
    audit_entry: audits,
    b2b_profile: profiles,
    meeting_request: meetingReqs,
    attendee_rsvp: rsvps,
    attendance_signature: signatures,
  }
  for (const key of Object.keys(data)) data[key] = data[key].map(scrub)
  return data
}

/** Registrations of the address (as contact or as an attendee) with money still due or a payment in flight. */
export async function openPaymentsOf(db: DbOrTx, organisationId: string, rawEmail: string) {
  const email = normaliseEmail(rawEmail)
  const rows = await db.execute<{ reference: string }>(sql`
    select distinct r.reference from registration r
    join event e on e.id = r.event_id and e.organisation_id = ${organisationId}
    where (lower(r.contact_email) = ${email}
           or exists (select 1 from attendee a where a.registration_id = r.id and lower(a.email) = ${email}))
      and (r.status = 'awaiting_payment'
           or exists (select 1 from payment p where p.registration_id = r.id and p.status in ('created', 'pending'))
           or exists (select 1 from refund f where f.registration_id = r.id and f.status = 'pending'))`)
  return rows.map((r) => r.reference)
}
