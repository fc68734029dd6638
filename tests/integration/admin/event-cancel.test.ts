import { eq, sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { getDb } from '#db/client'
import { events, refunds } from '#db/schema/index'
import { recordBankPayment } from '~/modules/payments/bank-transfer.server'
import { registerCompany } from '~/modules/registration/intake.server'
import { action, loader } from '~/routes/$lang.admin.events.$eventId.cancel'
import { registrationInput } from '../../factories'
import { createAdminWorld, request } from './fixtures'
import { routeArgs } from '../../factories/route-args'

type Result = { init?: { status?: number }; data: { ok: boolean; fieldErrors?: Record<string, string[]> } }

async function call(kind: 'loader' | 'action', cookie: string, eventId: string, form?: Record<string, string>) {
  const req = request(`/fr/admin/events/${eventId}/cancel`, cookie, form ? { method: 'POST', form } : {})
  try {
    const out = kind === 'loader' ? await loader(routeArgs({ request: req, params: { lang: 'fr', eventId }, context: {} })) : await action(routeArgs({ request: req, params: { lang: 'fr', eventId }, context: {} }))
    return { status: (out as unknown as Result).init?.status ?? 200, out }
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status, out: null }
    throw thrown
  }
}

describe('cancelling an event from the back office', () => {
  it('shows who will be told and what will be refunded, asks to confirm, then cancels and refunds in full', async () => {
    const world = await createAdminWorld()
    const registered = await registerCompany(registrationInput({ id: world.event.id }, { [world.ticketType.id]: 1 }, { paymentMethod: 'invoice' }))
    // The shared fixture's own registrations claim a payment with no payment row behind it: not ours to refund here.
    await getDb().execute(sql`update registration set paid_minor = 0 where event_id = ${world.event.id} and id <> ${registered.registrationId}`)
    await recordBankPayment({ registrationId: registered.registrationId }, 15000, { userId: world.people.organiser.id })

    const preview = await call('loader', world.people.organiser.cookie, world.event.id)
    expect(preview.status).toBe(200)
    const p = (preview.out as { preview: { attendees: number; refunds: { currency: string; registrations: number; amountMinor: number }[] } }).preview
    expect(p.attendees).toBeGreaterThanOrEqual(1)
    expect(p.refunds).toEqual([{ currency: 'USD', registrations: 1, amountMinor: 15000 }])

    expect((await call('action', world.people.check_in.cookie, world.event.id, { confirm: 'yes' })).status).toBe(403)
    const unconfirmed = await call('action', world.people.organiser.cookie, world.event.id, {})
    expect(unconfirmed.status).toBe(400)
    const status = async () => (await getDb().select({ s: events.status }).from(events).where(eq(events.id, world.event.id)))[0].s
    expect(await status()).toBe('published')

    const done = await call('action', world.people.organiser.cookie, world.event.id, { confirm: 'yes' })
    expect(done.status).toBe(200)
    expect((done.out as unknown as Result).data.ok).toBe(true)
    expect(await status()).toBe('cancelled')
    const rows = await getDb().select({ amountMinor: refunds.amountMinor, reason: refunds.reason }).from(refunds).where(eq(refunds.registrationId, registered.registrationId))
    expect(rows).toEqual([{ amountMinor: 15000, reason: 'event_cancelled' }])
    const jobs = await getDb().execute<{ n: number }>(
      sql`select count(*)::int as n from pgboss.job where name = 'calendar.update' and data->>'id' = ${world.event.id} and data->>'method' = 'CANCEL'`,
    )
    expect(Number(jobs[0].n)).toBe(1)

    // Running it again refunds nothing twice.
    await call('action', world.people.organiser.cookie, world.event.id, { confirm: 'yes' })
    expect(await getDb().$count(refunds, eq(refunds.registrationId, registered.registrationId))).toBe(1)
  })
})
