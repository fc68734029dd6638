import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { getDb } from '#db/client'
import { b2bParticipants, meetingRequests } from '#db/schema/index'
import { saveProfile, marketplace } from '~/modules/b2b/participants.server'
import { answerRequest, answerToken, expireRequests, readAnswerToken, sendRequest } from '~/modules/b2b/requests.server'
import { saveSettings } from '~/modules/b2b/sessions.server'
import { createMeetup, dispatchFor, joinMeetup, mailsOf, composed, textOf } from './fixtures'

const profile = (over: Partial<Parameters<typeof saveProfile>[1]> = {}) => ({
  role: 'seller' as const,
  listingConsent: true,
  aboutFr: 'Rhum agricole AOC Martinique',
  aboutEn: undefined,
  sector: 'spirits',
  targetMarkets: ['US-FL'],
  languages: ['fr', 'en'],
  logoUrl: '',
  entries: [{ direction: 'offer' as const, type: 'distribution' as const, titleFr: 'Distributeur en Floride', titleEn: 'Florida distributor', sector: 'spirits' }],
  ...over,
})

describe('meeting requests', () => {
  it('lists consenting profiles with filters, in the reader’s language when the profile has it', async () => {
    const event = await createMeetup()
    const seller = await joinMeetup(event, 'Rhums Bellevue')
    const buyer = await joinMeetup(event, 'Sunshine Retail', { country: 'US' })
    const hidden = await joinMeetup(event, 'Discreet Co', { country: 'US' })
    await saveProfile(seller, profile())
    await saveProfile(buyer, profile({ role: 'buyer', aboutFr: undefined, aboutEn: 'Retail chain in Florida', sector: 'retail', languages: ['en'], entries: [] }))
    await saveProfile(hidden, profile({ role: 'buyer', listingConsent: false }))
    const forBuyer = await marketplace(event.id, buyer.company.id, {}, 'en')
    expect(forBuyer.map((r) => r.name)).toEqual(['Rhums Bellevue'])
    // Only French written: the English reader gets the French text rather than nothing.
    expect(forBuyer[0].about).toBe('Rhum agricole AOC Martinique')
    expect(forBuyer[0].entries[0].title).toBe('Florida distributor')
    const forSeller = await marketplace(event.id, seller.company.id, { role: 'buyer' }, 'fr')
    expect(forSeller.map((r) => r.name)).toEqual(['Sunshine Retail'])
    expect(await marketplace(event.id, seller.company.id, { language: 'fr' }, 'fr')).toEqual([])
    expect((await marketplace(event.id, buyer.company.id, { entryType: 'distribution', q: 'floride' }, 'fr')).length).toBe(1)
    expect((await marketplace(event.id, buyer.company.id, { entryType: 'investment' }, 'fr')).length).toBe(0)
  })

  it('send → one-click accept by the other side; cap on open requests; expiry tells both sides', async () => {
    const event = await createMeetup()
    await saveSettings(event.id, { requestExpiryHours: 24, maxOpenRequests: 2, slotMinutes: 20 })
    const seller = await joinMeetup(event, 'Rhums Bellevue')
    const [b1, b2, b3] = [await joinMeetup(event, 'Buyer One', { country: 'US', locale: 'en' }), await joinMeetup(event, 'Buyer Two', { country: 'US' }), await joinMeetup(event, 'Buyer Three', { country: 'US' })]
    const now = new Date()
    const r1 = await sendRequest(seller, { toCompanyId: b1.company.id, message: 'Nos rhums pour vos magasins ?', mustMeet: true }, { now })
    expect(r1.priority).toBe(3)
    expect(r1.expiresAt.getTime()).toBe(now.getTime() + 24 * 3_600_000)
    await expect(sendRequest(seller, { toCompanyId: b1.company.id, message: '', mustMeet: false })).rejects.toMatchObject({ code: 'b2bAlreadyRequested' })
    const r2 = await sendRequest(seller, { toCompanyId: b2.company.id, message: '', mustMeet: false }, { now })
    await expect(sendRequest(seller, { toCompanyId: b3.company.id, message: '', mustMeet: false })).rejects.toMatchObject({ code: 'b2bRequestCap', status: 409 })
    // A company that did not consent to be listed cannot be asked directly.
    const unlisted = await joinMeetup(event, 'Unlisted Co', { country: 'US' })
    await getDb().update(b2bParticipants).set({ listingConsent: false }).where(eq(b2bParticipants.companyId, unlisted.company.id))
    await expect(sendRequest(b1, { toCompanyId: unlisted.company.id, message: '', mustMeet: false })).rejects.toMatchObject({ code: 'notFound' })

    // The receiver's mail carries a signed one-click link in its language.
    await dispatchFor(r1.id)
    const [received] = await mailsOf(event.id, 'b2b.request')
    expect(received.toAddress).toBe(b1.registration.contactEmail)
    const mail = await composed(received)
    expect(mail.subject).toBe('Meeting request from Rhums Bellevue')
    const link = /passerelle\.test\/en\/b2b\/answer\/([A-Za-z0-9_.-]+)\?decision=accepted/.exec(textOf(mail))
    expect(link).not.toBeNull()
    expect(readAnswerToken(link![1])).toEqual({ requestId: r1.id, companyId: b1.company.id })
    expect(readAnswerToken(link![1].slice(0, -2) + 'xx')).toBeNull()

    // Only the receiving company can answer; the sender cannot accept its own request.
    await expect(answerRequest(r1.id, seller.company.id, 'accepted')).rejects.toMatchObject({ code: 'notFound' })
    await answerRequest(r1.id, b1.company.id, 'accepted')
    await expect(answerRequest(r1.id, b1.company.id, 'declined')).rejects.toMatchObject({ code: 'b2bRequestNotPending' })
    // Accepting frees a place under the cap.
    await sendRequest(seller, { toCompanyId: b3.company.id, message: '', mustMeet: false }, { now })

    // r2 expires after 24 h: the sweep marks it, both sides get a mail, a second sweep does nothing.
    const later = new Date(now.getTime() + 25 * 3_600_000)
    expect(await expireRequests(later)).toBe(2)
    expect(await expireRequests(later)).toBe(0)
    expect((await getDb().select().from(meetingRequests).where(eq(meetingRequests.id, r2.id)))[0].status).toBe('expired')
    await expect(answerRequest(r2.id, b2.company.id, 'accepted')).rejects.toMatchObject({ code: 'b2bRequestNotPending' })
    await dispatchFor(r2.id)
    const expiredMails = (await mailsOf(event.id, 'b2b.request')).filter((m) => (m.payload as { data?: { b2b?: { change?: string } } }).data?.b2b?.change === 'expired')
    expect(expiredMails.map((m) => m.toAddress).sort()).toEqual([b2.registration.contactEmail, seller.registration.contactEmail].sort())
    expect(answerToken(r1)).toContain('.')
  })
})
