import { sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { getDb } from '#db/client'
import { action, loader } from '~/routes/$lang.admin.events.$eventId.signatures'
import { loader as pdfLoader } from '~/routes/$lang.admin.events.$eventId.signatures[.pdf]'
import { routeArgs, routeResult } from '../../factories/route-args'
import { postForm } from '../admin/fixtures'
import { createSignatureWorld, dataUrl, padPng } from './signature-fixtures'

type Result = { ok: boolean; formError?: string; notice?: string; fieldErrors: Record<string, string[]> }

function multipart(path: string, cookie: string, form: FormData) {
  return new Request(`http://passerelle.test${path}`, { method: 'POST', headers: { cookie }, body: form })
}

describe('signatures page', () => {
  it('signs for a delegate, answers bad input with a 4xx in the reader’s language, and is for check-in roles only', async () => {
    const w = await createSignatureWorld()
    const path = (lang: string) => `/${lang}/admin/events/${w.event.id}/signatures`
    const params = (lang: string) => ({ lang, eventId: w.event.id })
    const post = (lang: string, cookie: string, form: Record<string, string>) => postForm<Result>(action, path(lang), params(lang), cookie, form)
    const staff = w.people.check_in.cookie

    const ok = await post('fr', staff, { intent: 'sign', session: w.morning.id, attendeeId: w.consenting.attendee.id, signature: dataUrl(padPng()) })
    expect(ok).toMatchObject({ status: 200, body: { ok: true, notice: 'Line Consent a signé.' } })
    const twice = await post('en', staff, { intent: 'sign', session: w.morning.id, attendeeId: w.consenting.attendee.id, signature: dataUrl(padPng()) })
    expect(twice.status).toBe(409)
    expect(twice.body?.formError).toBe('Line Consent has already signed for this session.')
    const unknown = await post('fr', staff, { intent: 'sign', session: crypto.randomUUID(), attendeeId: w.private.attendee.id, signature: dataUrl(padPng()) })
    expect(unknown.status).toBe(404)
    expect(unknown.body?.formError).toContain('programme')
    const empty = await post('en', staff, { intent: 'sign', session: w.morning.id, attendeeId: w.private.attendee.id, signature: '' })
    expect(empty.status).toBe(400)
    expect(empty.body?.fieldErrors.signature?.[0]).toContain('empty')
    const stranger = await post('fr', staff, { intent: 'sign', session: w.morning.id, attendeeId: crypto.randomUUID(), signature: dataUrl(padPng()) })
    expect(stranger.status).toBe(400)
    expect(stranger.body?.formError).toContain('inscrit')

    // a scanned sheet, as the browser sends it
    const form = new FormData()
    form.set('intent', 'scan')
    form.set('session', w.morning.id)
    form.append('attendeeIds', w.private.attendee.id)
    form.set('file', new Blob([Buffer.from('%PDF-1.7\nscan\n%%EOF')], { type: 'application/pdf' }), 'feuille.pdf')
    const scan = await routeResult<Result>(await action(routeArgs({ request: multipart(path('fr'), staff, form), params: params('fr') })))
    expect(scan.status).toBe(200)
    expect(scan.data.notice).toContain('1 délégué')
    const wrong = new FormData()
    for (const [k, v] of form.entries()) if (k !== 'file') wrong.append(k, v)
    wrong.set('file', new Blob([Buffer.from('GIF89a')], { type: 'application/pdf' }), 'feuille.pdf')
    const refused = await routeResult<Result>(await action(routeArgs({ request: multipart(path('en'), staff, wrong), params: params('en') })))
    expect(refused.status).toBe(415)
    expect(refused.data.fieldErrors.file?.[0]).toContain('PDF, JPEG or PNG')
    const big = new FormData()
    for (const [k, v] of form.entries()) if (k !== 'file') big.append(k, v)
    big.set('file', new Blob([Buffer.alloc(11 * 1024 * 1024, 0x25)]), 'huge.pdf')
    const tooBig = await routeResult<Result>(await action(routeArgs({ request: multipart(path('fr'), staff, big), params: params('fr') })))
    expect(tooBig.status).toBe(413)
    expect(tooBig.data.formError).toContain('10 Mo')
    const [count] = await getDb().execute<{ n: number }>(sql`select count(*)::int as n from attendance_signature where programme_item_id = ${w.morning.id}`)
    expect(Number(count.n)).toBe(2)

    const page = await routeResult<{ rows: { lastName: string; method: string | null }[] }>(
      await loader(routeArgs({ request: new Request(`http://passerelle.test${path('fr')}?session=${w.morning.id}`, { headers: { cookie: staff } }), params: params('fr') })),
    )
    expect(page.data.rows.map((r) => [r.lastName, r.method])).toEqual([['Consent', 'tablet'], ['Private', 'scan']])

    const get = (url: string) => pdfLoader(routeArgs({ request: new Request(url, { headers: { cookie: staff } }), params: params('fr') })) as Promise<Response>
    const pdf = await get(`http://passerelle.test${path('fr')}.pdf?session=${w.morning.id}`)
    expect(pdf.status).toBe(200)
    expect(pdf.headers.get('content-type')).toBe('application/pdf')
    expect(pdf.headers.get('content-disposition')).toMatch(/attachment; filename=".*\.pdf"/)
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-')
    const noSession = await get(`http://passerelle.test${path('fr')}.pdf?session=nope`)
    expect(noSession.status).toBe(404)
    expect(await noSession.text()).toContain('programme')

    const viewer = await post('fr', w.people.partner_viewer.cookie, { intent: 'sign', session: w.afternoon.id, attendeeId: w.private.attendee.id, signature: dataUrl(padPng()) })
    expect(viewer.status).toBe(403)
  })
})
