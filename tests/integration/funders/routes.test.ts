import { describe, expect, it } from 'vitest'
import { getDb } from '#db/client'
import { eventPartners, partners } from '#db/schema/index'
import { action, loader } from '~/routes/$lang.admin.funders._index'
import { loader as packLoader } from '~/routes/$lang.admin.funders.pack'
import { run } from '../auth/helpers'
import { createAdminWorld, postForm, request } from '../admin/fixtures'
import { routeArgs } from '../../factories/route-args'

const ctx = { context: { requestId: 'test', cspNonce: 'test' } }

describe('funders pages', () => {
  it('refuse bad input on its field (FR and EN), never 500, and serve the pack only to organisers', async () => {
    const world = await createAdminWorld()
    const [funder] = await getDb().insert(partners).values({ organisationId: world.org.id, slug: `region-${world.org.slug}`, name: 'Région', kind: 'funder', isFunder: true }).returning()
    await getDb().insert(eventPartners).values({ eventId: world.event.id, partnerId: funder.id, role: 'funder' })
    const cookie = world.people.organiser.cookie
    const post = (lang: string, form: Record<string, string>) => postForm<{ ok: boolean; formError?: string; fieldErrors: Record<string, string[]> }>(action, `/${lang}/admin/funders`, { lang }, cookie, form)

    const shares = await post('fr', { intent: 'budget', eventId: world.event.id, label: 'Stand', amount: '1000', [`share-${funder.id}`]: '90' })
    expect(shares.status).toBe(400)
    expect(shares.body?.fieldErrors.shares?.[0]).toContain('100 %')
    const amount = await post('en', { intent: 'budget', eventId: world.event.id, label: 'Stand', amount: '-3', [`share-${funder.id}`]: '100' })
    expect(amount.status).toBe(400)
    expect(amount.body?.fieldErrors.amount?.[0]).toContain('positive')
    const ok = await post('fr', { intent: 'budget', eventId: world.event.id, label: 'Stand', amount: '1 000,50', [`share-${funder.id}`]: '100' })
    expect(ok).toMatchObject({ status: 200, body: { ok: true } })

    const companyId = world.consenting.company.id
    const headcount = await post('fr', { intent: 'company', companyId, siret: '', nafCode: '', year: '2026', headcount: '-3', turnover: '0', balanceSheet: '0' })
    expect(headcount.status).toBe(400)
    expect(headcount.body?.fieldErrors.headcount?.[0]).toContain('effectif')
    const siret = await post('en', { intent: 'company', companyId, siret: '73282932000075', nafCode: '', year: '2026', headcount: '3', turnover: '0', balanceSheet: '0' })
    expect(siret.body?.fieldErrors.siret?.[0]).toContain('Luhn')
    const naf = await post('fr', { intent: 'company', companyId, siret: '', nafCode: '99.99Z', year: '2026', headcount: '3', turnover: '0', balanceSheet: '0' })
    expect(naf.body?.fieldErrors.nafCode?.[0]).toContain('NAF')
    const saved = await post('fr', { intent: 'company', companyId, siret: '73282932000074', nafCode: '62.01Z', year: '2026', headcount: '3', turnover: '150000', balanceSheet: '90000' })
    expect(saved.body).toMatchObject({ ok: true })

    const from = new Date(world.event.startsAt.getTime() - 86_400_000).toISOString().slice(0, 10)
    const to = new Date(world.event.startsAt.getTime() + 86_400_000).toISOString().slice(0, 10)
    const page = await run(() => loader(routeArgs({ request: request(`/fr/admin/funders?funder=${funder.id}&from=${from}&to=${to}`, cookie), params: { lang: 'fr' }, ...ctx })))
    expect((page.body as { missions: unknown[] }).missions).toHaveLength(1)
    const pack = await run(() => packLoader(routeArgs({ request: request(`/fr/admin/funders/pack?funder=${funder.id}&from=${from}&to=${to}`, cookie), params: { lang: 'fr' }, ...ctx })))
    expect(pack.status).toBe(200)
    expect(pack.headers.get('content-type')).toBe('application/zip')
    const none = await run(() => packLoader(routeArgs({ request: request(`/en/admin/funders/pack?funder=${funder.id}&from=2001-01-01&to=2001-12-31`, cookie), params: { lang: 'en' }, ...ctx })))
    expect(none.status).toBe(404)
    expect(none.body).toContain('No mission')
    const badPeriod = await run(() => packLoader(routeArgs({ request: request(`/fr/admin/funders/pack?funder=${funder.id}&from=nope&to=2001-12-31`, cookie), params: { lang: 'fr' }, ...ctx })))
    expect(badPeriod.status).toBe(400)
    const checkIn = await run(() => packLoader(routeArgs({ request: request(`/fr/admin/funders/pack?funder=${funder.id}&from=${from}&to=${to}`, world.people.check_in.cookie), params: { lang: 'fr' }, ...ctx })))
    expect(checkIn.status).toBe(403)
  })
})
