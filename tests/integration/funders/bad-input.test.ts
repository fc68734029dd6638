import crypto from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { getDb } from '#db/client'
import { budgetLines, budgetLineShares, eventPartners, partners } from '#db/schema/index'
import { recordAid } from '~/modules/funders/de-minimis.server'
import { loader as registrationLoader } from '~/routes/$lang.admin.registrations.$registrationId'
import { action, loader } from '~/routes/$lang.admin.funders._index'
import { loader as packLoader } from '~/routes/$lang.admin.funders.pack'
import { run } from '../auth/helpers'
import { createAdminWorld, postForm, request } from '../admin/fixtures'
import { routeArgs } from '../../factories/route-args'

const ctx = { context: { requestId: 'test', cspNonce: 'test' } }

describe('funders pages: layouts, aid recording and bad input', () => {
  it('an unknown funder is a 404 that says so, an end before the start is refused on the end field, and the page names the layout', async () => {
    const world = await createAdminWorld()
    const [feder] = await getDb().insert(partners).values({ organisationId: world.org.id, slug: 'feder', name: 'FEDER', kind: 'funder', isFunder: true }).returning()
    await getDb().insert(eventPartners).values({ eventId: world.event.id, partnerId: feder.id, role: 'funder' })
    const cookie = world.people.organiser.cookie
    const pack = (lang: string, query: string) => run(() => packLoader(routeArgs({ request: request(`/${lang}/admin/funders/pack?${query}`, cookie), params: { lang }, ...ctx })))
    const page = (lang: string, query: string) => run(() => loader(routeArgs({ request: request(`/${lang}/admin/funders?${query}`, cookie), params: { lang }, ...ctx })))

    for (const funder of ['nope', crypto.randomUUID()]) {
      const unknown = await pack('en', `funder=${funder}&from=2027-01-01&to=2027-12-31`)
      expect(unknown.status).toBe(404)
      expect(unknown.body).toContain('This funder does not exist')
    }
    const reversed = await pack('fr', `funder=${feder.id}&from=2027-12-31&to=2027-01-01`)
    expect(reversed.status).toBe(400)
    expect(reversed.body).toContain('La fin de la période est avant son début')
    const shown = await page('en', `funder=${feder.id}&from=2027-12-31&to=2027-01-01`)
    expect((shown.body as { refusal: unknown }).refusal).toEqual({ code: 'periodEndBeforeStart', field: 'to' })
    expect((shown.body as { layout: { code: string } }).layout.code).toBe('feder')

    const from = new Date(world.event.startsAt.getTime() - 86_400_000).toISOString().slice(0, 10)
    const to = new Date(world.event.startsAt.getTime() + 86_400_000).toISOString().slice(0, 10)
    const ok = await page('fr', `funder=${feder.id}&from=${from}&to=${to}`)
    const body = ok.body as { missions: unknown[]; aid: { eventId: string }[]; layout: { code: string; name: { fr: string } } }
    expect(body.missions).toHaveLength(1)
    expect(body.aid.map((a) => a.eventId)).toEqual([world.event.id])
    expect(body.layout.name.fr).toBe('FEDER (Union européenne)')

    const recorded = await postForm<{ ok: boolean; notice?: string }>(action, '/en/admin/funders', { lang: 'en' }, cookie, { intent: 'recordAid', eventId: world.event.id, funder: feder.id })
    expect(recorded).toMatchObject({ status: 200, body: { ok: true } })
    expect(recorded.body?.notice).toContain('Recorded: 0 companies')
    const wrong = await postForm<{ ok: boolean; formError?: string }>(action, '/en/admin/funders', { lang: 'en' }, cookie, { intent: 'recordAid', eventId: world.event.id, funder: 'nope' })
    expect(wrong.status).toBe(404)
    const checkIn = await postForm<{ ok: boolean }>(action, '/en/admin/funders', { lang: 'en' }, world.people.check_in.cookie, { intent: 'recordAid', eventId: world.event.id, funder: feder.id })
    expect(checkIn.status).toBe(403)
  })

  it('the review of a company applying to a mission warns when the mission’s aid would take it over the de minimis ceiling', async () => {
    const world = await createAdminWorld()
    const [funder] = await getDb().insert(partners).values({ organisationId: world.org.id, slug: 'ctm', name: 'CTM', kind: 'funder', isFunder: true }).returning()
    const [line] = await getDb().insert(budgetLines).values({ eventId: world.event.id, label: 'Stand', amountMinor: 9_000_00, currency: 'EUR' }).returning()
    await getDb().insert(budgetLineShares).values({ budgetLineId: line.id, funderPartnerId: funder.id, shareBp: 10000, amountMinor: 9_000_00 })
    const applicant = await world.registration({ company: 'Candidate Rhums', first: 'Ana', last: 'Lead', consent: true, status: 'pending_approval' })
    await recordAid({ companyId: applicant.company.id, grantedOn: new Date(world.event.startsAt.getTime() - 200 * 86_400_000).toISOString().slice(0, 10), amountEurMinor: 297_500_00, source: 'declared' })
    const cookie = world.people.organiser.cookie
    const review = async (id: string) => (await run(() => registrationLoader(routeArgs({ request: request(`/fr/admin/registrations/${id}`, cookie), params: { lang: 'fr', registrationId: id }, ...ctx })))).body as { deMinimis: { expectedEurMinor: number; totalEurMinor: number } | null }
    const warned = await review(applicant.registration.id)
    // 9,000 € over the world's two confirmed companies plus the applicant: 3,000 € more on 297,500 €.
    expect(warned.deMinimis).toMatchObject({ expectedEurMinor: 3_000_00, totalEurMinor: 300_500_00 })
    // A confirmed registration is past the decision: no warning there.
    expect((await review(world.consenting.registration.id)).deMinimis).toBeNull()
  })
})
