import { describe, expect, it } from 'vitest'
import { loader } from '~/routes/$lang.admin.events.$eventId.badges'
import { createAdminWorld, request } from './fixtures'
import { routeArgs } from '../../factories/route-args'

const ctx = { context: { requestId: 'test', cspNonce: 'test' } }

describe('badge sheet', () => {
  it('is a PDF with one QR code image per confirmed attendee, for check-in staff too', async () => {
    const world = await createAdminWorld()
    const response = (await loader(routeArgs({ request: request(`/fr/admin/events/${world.event.id}/badges`, world.people.check_in.cookie), params: { lang: 'fr', eventId: world.event.id }, ...ctx }))) as Response
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('application/pdf')
    const pdf = Buffer.from(await response.arrayBuffer())
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-')
    const text = pdf.toString('latin1')
    // The fixture has two confirmed attendees: two embedded QR images (1-bit greyscale PNGs).
    expect(text.match(/\/Subtype \/Image/g)).toHaveLength(2)
    expect(text).toMatch(/\/BitsPerComponent 1/)
    expect(text.trimEnd().endsWith('%%EOF')).toBe(true)
  })
})
