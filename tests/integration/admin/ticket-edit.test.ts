import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { getDb } from '#db/client'
import { attendees, capacityPools, capacityPoolTicketTypes, registrations, ticketTypes } from '#db/schema/index'
import { registerCompany } from '~/modules/registration/intake.server'
import { action, loader } from '~/routes/$lang.admin.events.$eventId.tickets'
import { registrationInput } from '../../factories'
import { createAdminWorld, postForm, request } from './fixtures'
import { routeArgs } from '../../factories/route-args'

type Body = { ok: boolean; formError?: string; fieldErrors?: Record<string, string[]> }

function post(cookie: string, eventId: string, form: Record<string, string>) {
  return postForm<Body>(action, `/en/admin/events/${eventId}/tickets`, { lang: 'en', eventId }, cookie, form)
}

const typeForm = (id: string, over: Record<string, string> = {}) => ({
  intent: 'edit-type',
  id,
  nameFr: 'Délégué',
  nameEn: 'Delegate',
  price: '150',
  minPerOrder: '0',
  maxPerOrder: '5',
  active: 'on',
  position: '0',
  ...over,
})

async function typeRow(id: string) {
  return (await getDb().select().from(ticketTypes).where(eq(ticketTypes.id, id)))[0]
}

describe('editing ticket types and capacity pools', () => {
  it('changes the price for new registrations only, and refuses bad values without writing', async () => {
    const world = await createAdminWorld()
    const cookie = world.people.organiser.cookie
    const before = await registerCompany(registrationInput({ id: world.event.id }, { [world.ticketType.id]: 1 }, { paymentMethod: 'invoice' }))

    const bad = await post(cookie, world.event.id, typeForm(world.ticketType.id, { nameEn: 'Changed', minPerOrder: '3', maxPerOrder: '2' }))
    expect(bad.status).toBe(400)
    expect(bad.body?.fieldErrors?.maxPerOrder).toEqual(['admin.errors.maxBelowMin'])
    const badPrice = await post(cookie, world.event.id, typeForm(world.ticketType.id, { nameEn: 'Changed', price: '-5' }))
    expect(badPrice.status).toBe(400)
    expect(badPrice.body?.fieldErrors?.price).toEqual(['admin.errors.amount'])
    const badWindow = await post(cookie, world.event.id, typeForm(world.ticketType.id, { salesStartLocal: '2027-02-01T09:00', salesEndLocal: '2027-01-01T09:00' }))
    expect(badWindow.status).toBe(400)
    expect(badWindow.body?.fieldErrors?.salesEndLocal).toEqual(['admin.errors.endsBeforeStart'])
    expect((await typeRow(world.ticketType.id)).name.en).toBe('Delegate')

    const elsewhere = await createAdminWorld()
    const foreign = await post(cookie, world.event.id, typeForm(elsewhere.ticketType.id, { nameEn: 'Stolen' }))
    expect(foreign.status).toBe(404)
    expect((await typeRow(elsewhere.ticketType.id)).name.en).toBe('Delegate')
    expect((await post(world.people.check_in.cookie, world.event.id, typeForm(world.ticketType.id, { price: '1' }))).status).toBe(403)

    const saved = await post(
      cookie,
      world.event.id,
      typeForm(world.ticketType.id, {
        nameEn: 'Delegate (full programme)',
        descriptionFr: 'Tout le programme',
        descriptionEn: 'The whole programme',
        price: '200,50',
        minPerOrder: '1',
        maxPerOrder: '3',
        salesEndLocal: '2030-01-15T18:00',
        hidden: 'on',
      }),
    )
    expect(saved).toMatchObject({ status: 200, body: { ok: true } })
    const row = await typeRow(world.ticketType.id)
    expect(row).toMatchObject({ priceMinor: 20050, minPerOrder: 1, maxPerOrder: 3, hidden: true, name: { en: 'Delegate (full programme)' } })
    expect(row.description).toEqual({ fr: 'Tout le programme', en: 'The whole programme' })
    // New York is on EST in January: 18:00 there is 23:00 UTC.
    expect(row.salesEndAt).toEqual(new Date('2030-01-15T23:00:00Z'))

    // The registration made before keeps its price and total.
    const [kept] = await getDb().select().from(registrations).where(eq(registrations.id, before.registrationId))
    expect(kept.totalMinor).toBe(before.totalMinor)
    const [keptAttendee] = await getDb().select().from(attendees).where(eq(attendees.registrationId, before.registrationId))
    expect(keptAttendee.priceMinor).toBe(15000)
  })

  it('refuses to shrink a pool below the seats in use, counted as the registration service counts them', async () => {
    const world = await createAdminWorld()
    const cookie = world.people.organiser.cookie
    const [pool] = await getDb().insert(capacityPools).values({ eventId: world.event.id, name: { fr: 'Salle', en: 'Room' }, size: 10 }).returning()
    await getDb().insert(capacityPoolTicketTypes).values({ capacityPoolId: pool.id, ticketTypeId: world.ticketType.id })
    // Seats in use: the fixture's two confirmed attendees + one awaiting payment (card, hold running).
    await registerCompany(registrationInput({ id: world.event.id }, { [world.ticketType.id]: 1 }, { paymentMethod: 'card' }))
    // Not in use: a cancelled registration.
    await world.registration({ company: 'Gone', first: 'Gina', last: 'Gone', consent: false, status: 'cancelled' })

    const page = (await loader(routeArgs({ request: request(`/en/admin/events/${world.event.id}/tickets`, cookie), params: { lang: 'en', eventId: world.event.id }, context: {} }))) as {
      pools: { id: string; inUse: number }[]
    }
    expect(page.pools.find((p) => p.id === pool.id)?.inUse).toBe(3)

    const tooSmall = await post(cookie, world.event.id, { intent: 'edit-pool', id: pool.id, nameFr: 'Salle', nameEn: 'Room', size: '2' })
    expect(tooSmall.status).toBe(409)
    expect(tooSmall.body?.formError).toBe('refusals.poolBelowInUse')
    expect(tooSmall.body?.fieldErrors?.size).toEqual(['refusals.poolBelowInUse'])
    const size = async () => (await getDb().select({ size: capacityPools.size }).from(capacityPools).where(eq(capacityPools.id, pool.id)))[0].size
    expect(await size()).toBe(10)

    const notANumber = await post(cookie, world.event.id, { intent: 'edit-pool', id: pool.id, nameFr: 'Salle', nameEn: 'Room', size: 'ten' })
    expect(notANumber.status).toBe(400)
    expect(await size()).toBe(10)

    const exact = await post(cookie, world.event.id, { intent: 'edit-pool', id: pool.id, nameFr: 'Salle', nameEn: 'Main room', size: '3' })
    expect(exact).toMatchObject({ status: 200, body: { ok: true } })
    expect(await size()).toBe(3)

    // Full now: the registration service agrees.
    await expect(registerCompany(registrationInput({ id: world.event.id }, { [world.ticketType.id]: 1 }, { paymentMethod: 'card' }))).rejects.toMatchObject({ code: 'soldOut' })
  })

  it('withdraws a ticket from sale without touching those registered, orders the list, and forbids several seats per person only when nobody holds two', async () => {
    const world = await createAdminWorld()
    const cookie = world.people.organiser.cookie
    const [second] = await getDb().insert(ticketTypes).values({ eventId: world.event.id, name: { fr: 'Exposant', en: 'Exhibitor' }, priceMinor: 0, position: 5 }).returning()

    // Withdrawn: new registrations are refused, existing seats stay.
    const seatsBefore = await getDb().$count(attendees, eq(attendees.ticketTypeId, world.ticketType.id))
    const withdrawn = await post(cookie, world.event.id, typeForm(world.ticketType.id, { active: '', position: '9' }))
    expect(withdrawn).toMatchObject({ status: 200, body: { ok: true } })
    expect(await typeRow(world.ticketType.id)).toMatchObject({ active: false, position: 9 })
    await expect(registerCompany(registrationInput({ id: world.event.id }, { [world.ticketType.id]: 1 }, { paymentMethod: 'invoice' }))).rejects.toMatchObject({ code: 'invalidTicket' })
    expect(await getDb().$count(attendees, eq(attendees.ticketTypeId, world.ticketType.id))).toBe(seatsBefore)
    const page = (await loader(routeArgs({ request: request(`/en/admin/events/${world.event.id}/tickets`, cookie), params: { lang: 'en', eventId: world.event.id }, context: {} }))) as { types: { id: string }[] }
    expect(page.types.map((t) => t.id)).toEqual([second.id, world.ticketType.id])

    // Several seats per person: allowed, someone takes two, then forbidding it is refused in words.
    await post(cookie, world.event.id, typeForm(second.id, { nameFr: 'Exposant', nameEn: 'Exhibitor', price: '0', allowMultiplePerPerson: 'on', position: '5' }))
    const twice = registrationInput({ id: world.event.id }, { [second.id]: 2 })
    const sameEmail = (twice as { attendees: { email: string }[] }).attendees[0].email
    ;(twice as { attendees: { email: string }[] }).attendees[1].email = sameEmail
    await registerCompany(twice)
    const refused = await post(cookie, world.event.id, typeForm(second.id, { nameFr: 'Exposant', nameEn: 'Exhibitor', price: '0', position: '5' }))
    expect(refused.status).toBe(409)
    expect(refused.body?.fieldErrors?.allowMultiplePerPerson).toEqual(['refusals.severalSeatsHeld'])
    expect((await typeRow(second.id)).allowMultiplePerPerson).toBe(true)
  })
})
