import { describe, expect, it } from 'vitest'
import { eq } from 'drizzle-orm'
import { getDb } from '#db/client'
import { b2bParticipants, privacyConsents, privacyDisclosures, registrations } from '#db/schema/index'
import { loader as exportLoader } from '~/routes/$lang.admin.export'
import { recordConsent, withdrawConsent } from '~/modules/privacy/consents.server'
import { CONSENT_TEXTS } from '~/modules/privacy/consents'
import { routeArgs } from '../../factories/route-args'
import { createAdminWorld, request } from '../admin/fixtures'

describe('disclosure log', () => {
  it('records who exported which event’s attendees, in which format, with which fields', async () => {
    const world = await createAdminWorld()
    for (const format of ['csv', 'xlsx']) {
      const response = (await exportLoader(
        routeArgs({ request: request(`/en/admin/export?eventId=${world.event.id}&format=${format}`, world.people.organiser.cookie), params: { lang: 'en' } }),
      )) as Response
      expect(response.status).toBe(200)
      await response.arrayBuffer()
    }
    const partner = (await exportLoader(
      routeArgs({ request: request(`/en/admin/export?eventId=${world.event.id}`, world.people.partner_viewer.cookie), params: { lang: 'en' } }),
    )) as Response
    await partner.text()
    const rows = await getDb().select().from(privacyDisclosures).where(eq(privacyDisclosures.eventId, world.event.id)).orderBy(privacyDisclosures.createdAt)
    expect(rows.map((r) => [r.channel, r.userId])).toEqual([
      ['attendees.csv', world.people.organiser.id],
      ['attendees.xlsx', world.people.organiser.id],
      ['attendees.csv', world.people.partner_viewer.id],
    ])
    expect(rows[0].fields).toContain('email')
    expect(rows[2].fields).not.toContain('email')
    expect(rows[0].organisationId).toBe(world.org.id)
  })
})

describe('consents', () => {
  it('stores the text version, time and channel; a withdrawn listing leaves the directory at once', async () => {
    const world = await createAdminWorld()
    const email = world.consenting.registration.contactEmail
    await getDb().insert(b2bParticipants).values({ eventId: world.event.id, companyId: world.consenting.company.id, registrationId: world.consenting.registration.id, role: 'seller', listingConsent: true })
    const consent = await recordConsent(getDb(), { organisationId: world.org.id, email, purpose: 'directory_listing', channel: 'registration_form', locale: 'en' })
    expect(consent).toMatchObject({ textVersion: CONSENT_TEXTS.directory_listing.version, channel: 'registration_form', withdrawnAt: null })
    const n = await withdrawConsent(getDb(), { organisationId: world.org.id, email: email.toUpperCase(), purpose: 'directory_listing', actor: { label: 'test' } })
    expect(n).toBe(1)
    const [row] = await getDb().select().from(privacyConsents).where(eq(privacyConsents.id, consent.id))
    expect(row.withdrawnAt).not.toBeNull()
    const [reg] = await getDb().select().from(registrations).where(eq(registrations.id, world.consenting.registration.id))
    expect(reg.listingConsent).toBe(false)
    const [participant] = await getDb().select().from(b2bParticipants).where(eq(b2bParticipants.registrationId, world.consenting.registration.id))
    expect(participant.listingConsent).toBe(false)
  })
})
