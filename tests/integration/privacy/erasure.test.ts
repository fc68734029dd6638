import { describe, expect, it } from 'vitest'
import { eq, sql } from 'drizzle-orm'
import { getDb } from '#db/client'
import { attendees, auditEntries, companies, emailMessages, invoices, payments, privacyConsents, privacyRequests, registrations, waitlistEntries, partnerContacts } from '#db/schema/index'
import { previewErasure, requestErasure, runErasure } from '~/modules/privacy/erasure.server'
import { isRefusal } from '~/utils/refusal'
import { countJobsFor } from '../../factories/payment-fixtures'
import { createHeldRegistration } from '../../factories/payment-fixtures'
import { invoiceSnapshot, seedPersonEverywhere } from './fixtures'

const countEmail = async (email: string) => {
  const rows = await getDb().execute<{ n: number }>(sql`
    select (select count(*) from attendee where lower(email) = ${email})
         + (select count(*) from registration where lower(contact_email) = ${email})
         + (select count(*) from company where lower(contact_email) = ${email})
         + (select count(*) from waitlist_entry where lower(email) = ${email})
         + (select count(*) from partner_contact where lower(email) = ${email})
         + (select count(*) from email_message where lower(to_address) = ${email})
         + (select count(*) from privacy_consent where lower(email) = ${email})
         + (select count(*) from audit_entry where lower(actor_label) like ${`%${email}%`} or lower(data::text) like ${`%${email}%`}) as n`)
  return Number(rows[0].n)
}

describe('erasure', () => {
  it('previews, then erases: invoice byte-identical, names pseudonymised, phone and health gone, audit redacted', async () => {
    const p = await seedPersonEverywhere()
    const before = await invoiceSnapshot(p.invoice.id)
    const [paymentBefore] = await getDb().select().from(payments).where(eq(payments.registrationId, p.registration.id))

    const preview = await previewErasure(getDb(), p.fixture.organisationId, p.email)
    expect(preview.openPayments).toEqual([])
    expect(preview.items).toContainEqual({ table: 'invoice', action: 'keep', count: 1, ground: 'legal_hold_invoice' })
    expect(preview.items).toContainEqual(expect.objectContaining({ table: 'attendee', action: 'pseudonymise', count: 1 }))

    const request = await requestErasure(getDb(), { organisationId: p.fixture.organisationId, email: p.email, actor: { label: 'test' } })
    expect(await countJobsFor('privacy.erase', 'requestId', request.id)).toBe(1)
    await runErasure(request.id)

    expect(await countEmail(p.email)).toBe(0)
    const after = await invoiceSnapshot(p.invoice.id)
    expect(after.row).toBe(before.row)
    expect(after.pdf).toBe(before.pdf)
    const [paymentAfter] = await getDb().select().from(payments).where(eq(payments.registrationId, p.registration.id))
    expect(paymentAfter).toEqual(paymentBefore)

    const [me] = await getDb().select().from(attendees).where(eq(attendees.id, p.me.id))
    expect(me).toMatchObject({ firstName: 'Personne', phone: null, needs: null, jobTitle: null })
    expect(me.lastName).toMatch(/^effacée [0-9a-f]{8}$/)
    // Colleagues on the same registration are untouched.
    const [colleague] = await getDb().select().from(attendees).where(eq(attendees.id, p.others[0].id))
    expect(colleague.firstName).toBe(p.others[0].firstName)
    const [reg] = await getDb().select().from(registrations).where(eq(registrations.id, p.registration.id))
    expect(reg).toMatchObject({ totalMinor: p.registration.totalMinor, paidMinor: p.registration.totalMinor, answers: {} })
    expect(reg.contactName).toMatch(/^Personne effacée/)
    const [company] = await getDb().select().from(companies).where(eq(companies.id, p.company.id))
    expect(company.name).toBe(p.company.name)
    expect(company.contactEmail).toMatch(/@erased\.invalid$/)
    const [audit] = await getDb().select().from(auditEntries).where(eq(auditEntries.id, p.audit.id))
    expect(audit).toMatchObject({ actorLabel: 'redacted', action: 'registration.updated', data: expect.objectContaining({ redacted: true }) })
    const consents = await getDb().select().from(privacyConsents).where(eq(privacyConsents.registrationId, p.registration.id))
    expect(consents.every((c) => c.withdrawnAt !== null)).toBe(true)

    const [done] = await getDb().select().from(privacyRequests).where(eq(privacyRequests.id, request.id))
    expect(done.status).toBe('completed')
    expect(done.email).toMatch(/^sha256:/)
    expect(done.stepsDone).toEqual(['tokens', 'attendees', 'registrations', 'companies', 'waitlist', 'partner-contacts', 'mail', 'consents', 'audit'])
  })

  it('is idempotent and resumes after a crash halfway, never leaving half a person', async () => {
    const p = await seedPersonEverywhere()
    const before = await invoiceSnapshot(p.invoice.id)
    const request = await requestErasure(getDb(), { organisationId: p.fixture.organisationId, email: p.email, actor: { label: 'test' } })
    await expect(runErasure(request.id, { crashAfterSteps: 3 })).rejects.toThrow(/simulated crash/)
    const [halfway] = await getDb().select().from(privacyRequests).where(eq(privacyRequests.id, request.id))
    expect(halfway.status).toBe('running')
    expect(halfway.stepsDone).toEqual(['tokens', 'attendees', 'registrations'])
    const [me] = await getDb().select().from(attendees).where(eq(attendees.id, p.me.id))
    const pseudonymAfterFirstRun = me.lastName

    await runErasure(request.id)
    expect(await countEmail(p.email)).toBe(0)
    const [finished] = await getDb().select().from(privacyRequests).where(eq(privacyRequests.id, request.id))
    expect(finished.status).toBe('completed')
    const snapshot = async () =>
      JSON.stringify({
        a: await getDb().select().from(attendees).where(eq(attendees.registrationId, p.registration.id)).orderBy(attendees.id),
        w: await getDb().select().from(waitlistEntries).where(eq(waitlistEntries.eventId, p.fixture.event.id)),
        c: await getDb().select().from(partnerContacts).where(eq(partnerContacts.email, p.email)),
        m: await getDb().select().from(emailMessages).where(eq(emailMessages.registrationId, p.registration.id)),
        r: await getDb().select().from(privacyRequests).where(eq(privacyRequests.id, request.id)),
      })
    const first = await snapshot()
    await runErasure(request.id)
    await runErasure(request.id)
    expect(await snapshot()).toBe(first)
    const [again] = await getDb().select().from(attendees).where(eq(attendees.id, p.me.id))
    expect(again.lastName).toBe(pseudonymAfterFirstRun)
    expect((await invoiceSnapshot(p.invoice.id)).row).toBe(before.row)
  })

  it('two runs at once apply every step once', async () => {
    const p = await seedPersonEverywhere()
    const request = await requestErasure(getDb(), { organisationId: p.fixture.organisationId, email: p.email, actor: { label: 'test' } })
    await Promise.all([runErasure(request.id), runErasure(request.id)])
    const [done] = await getDb().select().from(privacyRequests).where(eq(privacyRequests.id, request.id))
    expect(done.status).toBe('completed')
    expect(new Set(done.stepsDone).size).toBe(done.stepsDone.length)
    expect(await countEmail(p.email)).toBe(0)
  })

  it('refuses while a payment is open, and says which registration', async () => {
    const p = await seedPersonEverywhere()
    const held = await createHeldRegistration(p.fixture, { status: 'awaiting_payment' })
    await getDb().update(registrations).set({ contactEmail: p.email }).where(eq(registrations.id, held.registration.id))
    const preview = await previewErasure(getDb(), p.fixture.organisationId, p.email)
    expect(preview.openPayments).toEqual([held.registration.reference])
    const refused = await requestErasure(getDb(), { organisationId: p.fixture.organisationId, email: p.email, actor: { label: 'test' } }).catch((e) => e)
    expect(isRefusal(refused) && refused.code).toBe('privacyPaymentOpen')
    expect(refused.status).toBe(409)
    const rows = await getDb().select().from(privacyRequests).where(eq(privacyRequests.organisationId, p.fixture.organisationId))
    expect(rows).toEqual([])
  })

  it('keeps names on a funder attendance list (legal hold) but removes phone and health data', async () => {
    const p = await seedPersonEverywhere({ funder: true })
    const request = await requestErasure(getDb(), { organisationId: p.fixture.organisationId, email: p.email, actor: { label: 'test' } })
    await runErasure(request.id)
    const [me] = await getDb().select().from(attendees).where(eq(attendees.id, p.me.id))
    expect(me).toMatchObject({ firstName: p.me.firstName, lastName: p.me.lastName, phone: null, needs: null })
    expect(me.email).toMatch(/@erased\.invalid$/)
    const [done] = await getDb().select().from(privacyRequests).where(eq(privacyRequests.id, request.id))
    expect(JSON.stringify(done.result)).toContain('legal_hold_funder')
    const [inv] = await getDb().select().from(invoices).where(eq(invoices.id, p.invoice.id))
    expect(inv.totalMinor).toBe(p.invoice.totalMinor)
  })
})
