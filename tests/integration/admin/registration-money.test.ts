import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { getDb } from '#db/client'
import { refunds, registrations } from '#db/schema/index'
import { registerCompany } from '~/modules/registration/intake.server'
import { action } from '~/routes/$lang.admin.registrations.$registrationId'
import { registrationInput } from '../../factories'
import { createAdminWorld, postForm } from './fixtures'

function post(cookie: string, registrationId: string, form: Record<string, string>) {
  return postForm<{ ok: boolean; fieldErrors?: Record<string, string[]>; formError?: string }>(action, `/fr/admin/registrations/${registrationId}`, { lang: 'fr', registrationId }, cookie, form)
}

describe('registration detail: money actions', () => {
  it('records a bank transfer, refunds part of it, and refuses bad amounts and the wrong role', async () => {
    const world = await createAdminWorld()
    const registered = await registerCompany(
      registrationInput({ id: world.event.id }, { [world.ticketType.id]: 1 }, { paymentMethod: 'invoice' }),
    )
    const id = registered.registrationId
    const paid = async () => (await getDb().select({ paidMinor: registrations.paidMinor }).from(registrations).where(eq(registrations.id, id)))[0].paidMinor

    const bad = await post(world.people.organiser.cookie, id, { intent: 'record-payment', amount: '-3' })
    expect(bad.status).toBe(400)
    expect(bad.body?.fieldErrors?.amount).toEqual(['admin.registration.amountInvalid'])
    expect(await paid()).toBe(0)

    const denied = await post(world.people.check_in.cookie, id, { intent: 'record-payment', amount: '150' })
    expect(denied.status).toBe(403)
    expect(await paid()).toBe(0)

    const recorded = await post(world.people.organiser.cookie, id, { intent: 'record-payment', amount: '150' })
    expect(recorded).toMatchObject({ status: 200, body: { ok: true } })
    expect(await paid()).toBe(15000)

    const unconfirmed = await post(world.people.organiser.cookie, id, { intent: 'refund', amount: '50', reason: 'goodwill' })
    expect(unconfirmed.status).toBe(400)
    expect(unconfirmed.body?.fieldErrors?.confirm).toBeDefined()

    const tooMuch = await post(world.people.organiser.cookie, id, { intent: 'refund', amount: '500', reason: 'goodwill', confirm: 'yes' })
    expect(tooMuch.status).toBe(400)
    expect(tooMuch.body?.formError).toBe('refusals.amountTooLarge')

    const refunded = await post(world.people.organiser.cookie, id, { intent: 'refund', amount: '50,00', reason: 'goodwill', confirm: 'yes' })
    expect(refunded).toMatchObject({ status: 200, body: { ok: true } })
    const rows = await getDb().select({ amountMinor: refunds.amountMinor, reason: refunds.reason }).from(refunds).where(eq(refunds.registrationId, id))
    expect(rows).toEqual([{ amountMinor: 5000, reason: 'goodwill' }])
  })
})
