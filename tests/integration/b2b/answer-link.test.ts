import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { getDb } from '#db/client'
import { meetingRequests } from '#db/schema/index'
import { answerToken, sendRequest } from '~/modules/b2b/requests.server'
import { action, loader } from '~/routes/$lang.b2b.answer.$token'
import { createMeetup, joinMeetup } from './fixtures'
import { routeArgs } from '../../factories/route-args'

const statusOf = async (id: string) => (await getDb().select().from(meetingRequests).where(eq(meetingRequests.id, id)))[0].status

describe('the one-click answer link', () => {
  it('GET only asks (a mail scanner following it changes nothing); POST answers once; a forged token does nothing', async () => {
    const event = await createMeetup()
    const seller = await joinMeetup(event, 'Rhums Bellevue')
    const buyer = await joinMeetup(event, 'Sunshine Retail', { country: 'US', locale: 'en' })
    const request = await sendRequest(seller, { toCompanyId: buyer.company.id, message: 'Hello', mustMeet: false })
    const token = answerToken(request)
    const params = { lang: 'en', token }
    const url = `http://passerelle.test/en/b2b/answer/${token}?decision=accepted`

    for (let i = 0; i < 3; i++) {
      const page = await loader(routeArgs({ request: new Request(url), params, context: {} }))
      expect(page).toMatchObject({ valid: true, company: 'Rhums Bellevue', message: 'Hello', decision: 'accepted' })
    }
    expect(await statusOf(request.id)).toBe('pending')

    const post = (decision: string, t = token) =>
      action(routeArgs({ request: new Request(url, { method: 'POST', body: new URLSearchParams({ decision }) }), params: { lang: 'en', token: t }, context: {} }))
    const forged = await post('declined', token.slice(0, -3) + 'abc')
    expect((forged as unknown as { data: { ok: boolean } }).data.ok).toBe(false)
    expect(await statusOf(request.id)).toBe('pending')

    const answered = await post('declined')
    expect((answered as unknown as { data: { ok: boolean; notice: string } }).data).toMatchObject({ ok: true, notice: 'b2b.answer.done.declined' })
    expect(await statusOf(request.id)).toBe('declined')
    const again = await post('accepted')
    expect((again as unknown as { init: { status: number } }).init.status).toBe(409)
    expect(await statusOf(request.id)).toBe('declined')
    expect(await loader(routeArgs({ request: new Request(url), params, context: {} }))).toMatchObject({ valid: false })
  })
})

describe('the printable agenda', () => {
  it('is a PDF for a company of the meetup, and a 404 for a wrong link', async () => {
    const { loader: pdfLoader } = await import('~/routes/$lang.manage.$token.b2b.agenda[.pdf]')
    const { mintManagementLink } = await import('~/modules/registration/management-link.server')
    const { managementTokens } = await import('#db/schema/index')
    const event = await createMeetup()
    const seller = await joinMeetup(event, 'Rhums Bellevue')
    const link = mintManagementLink(seller.registration.id, new Date(Date.now() + 86_400_000), 'fr')
    await getDb().insert(managementTokens).values(link.row)
    const response = (await pdfLoader(routeArgs({ request: new Request(link.url + '/b2b/agenda.pdf'), params: { lang: 'fr', token: link.token }, context: {} }))) as Response
    expect(response.headers.get('content-type')).toBe('application/pdf')
    expect(Buffer.from(await response.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-')
    await expect(pdfLoader(routeArgs({ request: new Request('http://x/fr/manage/wrong/b2b/agenda.pdf'), params: { lang: 'fr', token: 'x'.repeat(43) }, context: {} }))).rejects.toMatchObject({ status: 404 })
  })
})
