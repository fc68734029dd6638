import { describe, expect, it } from 'vitest'
import { eq } from 'drizzle-orm'
import { getDb } from '#db/client'
import { privacyConsents } from '#db/schema/index'
import { registerCompany } from '~/modules/registration/intake.server'
import { CONSENT_TEXTS } from '~/modules/privacy/consents'
import { createTestEvent, registrationInput } from '../../factories'

describe('consents given with the registration form', () => {
  it('records the privacy notice (and the listing when ticked) with text version, time and channel', async () => {
    const event = await createTestEvent(getDb())
    const withListing = await registerCompany(registrationInput(event, { [event.ticket.guest]: 1 }, { listingConsent: true }))
    const without = await registerCompany(registrationInput(event, { [event.ticket.guest]: 1 }))
    const a = await getDb().select().from(privacyConsents).where(eq(privacyConsents.registrationId, withListing.registrationId))
    expect(a.map((c) => c.purpose).sort()).toEqual(['directory_listing', 'privacy_notice'])
    expect(a[0]).toMatchObject({ channel: 'registration_form', textVersion: CONSENT_TEXTS.privacy_notice.version, withdrawnAt: null })
    const b = await getDb().select().from(privacyConsents).where(eq(privacyConsents.registrationId, without.registrationId))
    expect(b.map((c) => c.purpose)).toEqual(['privacy_notice'])
  })
})
