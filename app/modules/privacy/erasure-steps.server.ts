import { and, eq, inArray, sql } from 'drizzle-orm'
import type { Transaction } from '#db/client'
import {
  attendees,
  auditEntries,
  b2bParticipants,
  calendarFeedTokens,
  companies,
  companySignInTokens,
  devMailbox,
  emailMessages,
  events,
  inboundMessages,
  inboundReviewItems,
  managementTokens,
  partnerContacts,
  partners,
  privacyConsents,
  registrations,
  waitlistEntries,
} from '#db/schema/index'
import { pseudonymFor } from './pseudonym'

export type StepContext = {
  requestId: string
  organisationId: string
  /** Lower-cased address being erased. */
  email: string
  now: Date
  /** Seed of the pseudonyms (the request id): the same row always gets the same pseudonym. */
  seed: string
  /** Registrations whose attendance list is under the funder hold. */
  heldRegistrations: Set<string>
}
export type StepOutcome = { table: string; action: 'erased' | 'pseudonymised' | 'kept' | 'redacted'; count: number; ground?: string }
export type ErasureStep = { name: string; run: (tx: Transaction, ctx: StepContext) => Promise<StepOutcome[]> }

const lowerIs = (column: Parameters<typeof sql>[1], email: string) => sql`lower(${column}) = ${email}`
const orgEvents = (tx: Transaction, organisationId: string) => tx.select({ id: events.id }).from(events).where(eq(events.organisationId, organisationId))

/**
 * The steps of an erasure, in order. Each finds its rows by the address itself (so a step that
 * already ran finds nothing the second time) and never touches a legal record: invoices,
 * payments, refunds and funder shares are not in this list at all.
 */
export const ERASURE_STEPS: ErasureStep[] = [
  {
    name: 'tokens',
    async run(tx, ctx) {
      const regs = tx
        .select({ id: registrations.id })
        .from(registrations)
        .where(and(inArray(registrations.eventId, orgEvents(tx, ctx.organisationId)), lowerIs(registrations.contactEmail, ctx.email)))
      const people = tx
        .select({ id: attendees.id })
        .from(attendees)
        .where(and(inArray(attendees.eventId, orgEvents(tx, ctx.organisationId)), lowerIs(attendees.email, ctx.email)))
      const a = await tx.delete(managementTokens).where(inArray(managementTokens.registrationId, regs)).returning({ h: managementTokens.tokenHash })
      const b = await tx.delete(companySignInTokens).where(lowerIs(companySignInTokens.email, ctx.email)).returning({ h: companySignInTokens.tokenHash })
      const c = await tx.delete(calendarFeedTokens).where(inArray(calendarFeedTokens.attendeeId, people)).returning({ h: calendarFeedTokens.tokenHash })
      return [{ table: 'tokens', action: 'erased', count: a.length + b.length + c.length }]
    },
  },
  {
    name: 'attendees',
    async run(tx, ctx) {
      const rows = await tx
        .select({ id: attendees.id, registrationId: attendees.registrationId })
        .from(attendees)
        .where(and(inArray(attendees.eventId, orgEvents(tx, ctx.organisationId)), lowerIs(attendees.email, ctx.email)))
      let kept = 0
      for (const row of rows) {
        const p = pseudonymFor(ctx.seed, row.id)
        if (ctx.heldRegistrations.has(row.registrationId)) {
          // On a funder's attendance list: the name and job title stay (legal hold); contact and health data go.
          kept += 1
          await tx.update(attendees).set({ email: p.email, phone: null, needs: null }).where(eq(attendees.id, row.id))
        } else {
          await tx
            .update(attendees)
            .set({ firstName: p.firstName, lastName: p.lastName, email: p.email, phone: null, jobTitle: null, needs: null })
            .where(eq(attendees.id, row.id))
        }
      }
      const out: StepOutcome[] = [{ table: 'attendee', action: 'pseudonymised', count: rows.length - kept }]
      if (kept > 0) out.push({ table: 'attendee', action: 'kept', count: kept, ground: 'legal_hold_funder' })
      return out
    },
  },
  {
    name: 'registrations',
    async run(tx, ctx) {
      const rows = await tx
        .select({ id: registrations.id })
        .from(registrations)
        .where(and(inArray(registrations.eventId, orgEvents(tx, ctx.organisationId)), lowerIs(registrations.contactEmail, ctx.email)))
      for (const row of rows) {
        const p = pseudonymFor(ctx.seed, row.id)
        const held = ctx.heldRegistrations.has(row.id)
        await tx
          .update(registrations)
          .set({ contactName: p.name, contactEmail: p.email, answers: {}, decisionNote: null, listingConsent: false, ...(held ? {} : { eligibility: null }) })
          .where(eq(registrations.id, row.id))
        await tx.update(b2bParticipants).set({ listingConsent: false }).where(eq(b2bParticipants.registrationId, row.id))
      }
      return [{ table: 'registration', action: 'pseudonymised', count: rows.length }]
    },
  },
  {
    name: 'companies',
    async run(tx, ctx) {
      const rows = await tx
        .select({ id: companies.id })
        .from(companies)
        .where(and(eq(companies.organisationId, ctx.organisationId), lowerIs(companies.contactEmail, ctx.email)))
      for (const row of rows) {
        const p = pseudonymFor(ctx.seed, row.id)
        await tx.update(companies).set({ contactName: p.name, contactEmail: p.email }).where(eq(companies.id, row.id))
      }
      return [{ table: 'company', action: 'pseudonymised', count: rows.length }]
    },
  },
  {
    name: 'waitlist',
    async run(tx, ctx) {
      const rows = await tx
        .select({ id: waitlistEntries.id })
        .from(waitlistEntries)
        .where(and(inArray(waitlistEntries.eventId, orgEvents(tx, ctx.organisationId)), lowerIs(waitlistEntries.email, ctx.email)))
      for (const row of rows) {
        const p = pseudonymFor(ctx.seed, row.id)
        await tx.update(waitlistEntries).set({ name: p.name, email: p.email, companyName: null }).where(eq(waitlistEntries.id, row.id))
      }
      return [{ table: 'waitlist_entry', action: 'pseudonymised', count: rows.length }]
    },
  },
  {
    name: 'partner-contacts',
    async run(tx, ctx) {
      const rows = await tx
        .select({ id: partnerContacts.id })
        .from(partnerContacts)
        .innerJoin(partners, eq(partners.id, partnerContacts.partnerId))
        .where(and(eq(partners.organisationId, ctx.organisationId), lowerIs(partnerContacts.email, ctx.email)))
      for (const row of rows) {
        const p = pseudonymFor(ctx.seed, row.id)
        await tx.update(partnerContacts).set({ name: p.name, email: p.email, roleTitle: null, feedTokenHash: null }).where(eq(partnerContacts.id, row.id))
      }
      return [{ table: 'partner_contact', action: 'pseudonymised', count: rows.length }]
    },
  },
  {
    name: 'mail',
    async run(tx, ctx) {
      const rows = await tx.select({ id: emailMessages.id }).from(emailMessages).where(lowerIs(emailMessages.toAddress, ctx.email))
      for (const row of rows) {
        const p = pseudonymFor(ctx.seed, row.id)
        await tx
          .update(emailMessages)
          .set({ toAddress: p.email, subject: null, payload: null, dedupeKey: `erased:${row.id}` })
          .where(eq(emailMessages.id, row.id))
      }
      const dev = await tx
        .delete(devMailbox)
        .where(sql`lower(${devMailbox.toAddresses}) like ${`%${ctx.email}%`}`)
        .returning({ id: devMailbox.id })
      const inbound = await tx
        .update(inboundMessages)
        .set({ raw: Buffer.alloc(0), fromAddress: null, subject: null })
        .where(lowerIs(inboundMessages.fromAddress, ctx.email))
        .returning({ id: inboundMessages.id })
      await tx.update(inboundReviewItems).set({ attendeeAddress: null }).where(lowerIs(inboundReviewItems.attendeeAddress, ctx.email))
      return [
        { table: 'email_message', action: 'pseudonymised', count: rows.length },
        { table: 'dev_mailbox_message', action: 'erased', count: dev.length },
        { table: 'inbound_message', action: 'erased', count: inbound.length },
      ]
    },
  },
  {
    name: 'consents',
    async run(tx, ctx) {
      const rows = await tx
        .select({ id: privacyConsents.id })
        .from(privacyConsents)
        .where(and(eq(privacyConsents.organisationId, ctx.organisationId), lowerIs(privacyConsents.email, ctx.email)))
      for (const row of rows) {
        const p = pseudonymFor(ctx.seed, row.id)
        await tx
          .update(privacyConsents)
          .set({ email: p.email, withdrawnAt: sql`coalesce(${privacyConsents.withdrawnAt}, ${ctx.now.toISOString()}::timestamptz)` })
          .where(eq(privacyConsents.id, row.id))
      }
      return [{ table: 'privacy_consent', action: 'pseudonymised', count: rows.length }]
    },
  },
  {
    name: 'audit',
    async run(tx, ctx) {
      // Redacted, not deleted: the entry stays (who did what, when) with its personal details masked.
      const like = `%${ctx.email}%`
      const rows = await tx
        .update(auditEntries)
        .set({
          actorLabel: sql`case when lower(${auditEntries.actorLabel}) like ${like} then 'redacted' else ${auditEntries.actorLabel} end`,
          data: sql`jsonb_build_object('redacted', true, 'redactedAt', ${ctx.now.toISOString()}::text, 'privacyRequestId', ${ctx.requestId}::text)`,
        })
        .where(sql`lower(${auditEntries.actorLabel}) like ${like} or lower(${auditEntries.data}::text) like ${like}`)
        .returning({ id: auditEntries.id })
      return [{ table: 'audit_entry', action: 'redacted', count: rows.length, ground: 'audit_log' }]
    },
  },
]
