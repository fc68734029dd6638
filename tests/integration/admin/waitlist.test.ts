import { and, eq, sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { getDb } from '#db/client'
import { auditEntries, capacityPoolTicketTypes, capacityPools, waitlistEntries } from '#db/schema/index'
import { joinWaitlist, offerFreedSeats } from '~/modules/registration/waitlist.server'
import { loader as attendeesLoader } from '~/routes/$lang.admin.events.$eventId.attendees'
import { action, loader } from '~/routes/$lang.admin.events.$eventId.waitlist'
import { run } from '../auth/helpers'
import { createAdminWorld, request } from './fixtures'
import { routeArgs } from '../../factories/route-args'

const ctx = { context: { requestId: 'test', cspNonce: 'test' } }
type Page = { list: { rows: { name: string; status: string; position: number | null }[]; total: number; counts: { waiting: number; offered: number } } }

async function fullEventWithQueue() {
  const world = await createAdminWorld()
  const db = getDb()
  const [{ used }] = await db.execute<{ used: number }>(sql`select count(*)::int as used from attendee where ticket_type_id = ${world.ticketType.id} and status = 'active'`)
  const [pool] = await db.insert(capacityPools).values({ eventId: world.event.id, name: { fr: 'Salle', en: 'Room' }, size: used }).returning()
  await db.insert(capacityPoolTicketTypes).values({ capacityPoolId: pool.id, ticketTypeId: world.ticketType.id })
  const people = ['Alice Arnaud', 'Bob Bellay', 'Chloé Célestin']
  for (const [i, name] of people.entries()) {
    await joinWaitlist({ eventId: world.event.id, ticketTypeId: world.ticketType.id, quantity: 1, name, email: `wl${i}-${world.org.slug}@example.test`, companyName: `Distillerie ${i}`, locale: i === 1 ? 'en' : 'fr' })
  }
  return { world, pool }
}

function page(world: Awaited<ReturnType<typeof createAdminWorld>>, query = '', cookie = world.people.organiser.cookie) {
  const path = `/fr/admin/events/${world.event.id}/waitlist${query}`
  return run(() => loader(routeArgs({ request: request(path, cookie), params: { lang: 'fr', eventId: world.event.id }, ...ctx })))
}

describe('event waiting list in the back office', () => {
  it('shows the queue in order with each person’s place, searches it, and removing an offered person passes the seat on', async () => {
    const { world, pool } = await fullEventWithQueue()
    const first = (await page(world)).body as Page
    expect(first.list.rows.map((r) => [r.name, r.status, r.position])).toEqual([
      ['Alice Arnaud', 'waiting', 1],
      ['Bob Bellay', 'waiting', 2],
      ['Chloé Célestin', 'waiting', 3],
    ])
    expect(first.list.counts).toEqual({ waiting: 3, offered: 0 })
    const searched = (await page(world, '?q=BELLAY')).body as Page
    expect(searched.list.rows.map((r) => r.name)).toEqual(['Bob Bellay'])

    // One seat frees up: Alice gets the offer.
    await getDb().update(capacityPools).set({ size: sql`${capacityPools.size} + 1` }).where(eq(capacityPools.id, pool.id))
    await offerFreedSeats(world.event.id)
    const offered = (await page(world)).body as Page
    expect(offered.list.rows.map((r) => [r.name, r.status, r.position])).toEqual([
      ['Alice Arnaud', 'offered', null],
      ['Bob Bellay', 'waiting', 1],
      ['Chloé Célestin', 'waiting', 2],
    ])

    const [alice] = await getDb().select().from(waitlistEntries).where(and(eq(waitlistEntries.eventId, world.event.id), eq(waitlistEntries.name, 'Alice Arnaud')))
    const removed = await run(() =>
      action(routeArgs({ request: request(`/fr/admin/events/${world.event.id}/waitlist`, world.people.organiser.cookie, { form: { entryId: alice.id } }), params: { lang: 'fr', eventId: world.event.id }, ...ctx })),
    )
    expect(removed.status).toBe(200)
    expect(removed.body).toMatchObject({ ok: true, notice: 'admin.waitlist.removed' })
    const after = (await page(world)).body as Page
    expect(after.list.rows.map((r) => [r.name, r.status])).toEqual([
      ['Bob Bellay', 'offered'],
      ['Chloé Célestin', 'waiting'],
    ])
    const cancelledView = (await page(world, '?view=cancelled')).body as Page
    expect(cancelledView.list.rows.map((r) => r.name)).toEqual(['Alice Arnaud'])
    const audits = await getDb().select().from(auditEntries).where(and(eq(auditEntries.subjectId, alice.id), eq(auditEntries.action, 'waitlist.removed')))
    expect(audits).toHaveLength(1)

    // Removing her again, or an entry of another event: a clear 404, nothing changes.
    const again = await run(() =>
      action(routeArgs({ request: request(`/fr/admin/events/${world.event.id}/waitlist`, world.people.organiser.cookie, { form: { entryId: alice.id } }), params: { lang: 'fr', eventId: world.event.id }, ...ctx })),
    )
    expect(again.status).toBe(404)
    expect(again.body).toMatchObject({ ok: false, formError: 'admin.registration.errors.not_found' })
    const garbage = await run(() =>
      action(routeArgs({ request: request(`/fr/admin/events/${world.event.id}/waitlist`, world.people.organiser.cookie, { form: { entryId: 'not-a-uuid' } }), params: { lang: 'fr', eventId: world.event.id }, ...ctx })),
    )
    expect(garbage.status).toBe(404)
    expect(garbage.body).toMatchObject({ ok: false, formError: 'refusals.notFound' })
  })

  it('is not shown to check-in staff or partner viewers, nor for another organisation’s event', async () => {
    const { world } = await fullEventWithQueue()
    for (const who of ['check_in', 'partner_viewer'] as const) {
      await expect(page(world, '', world.people[who].cookie)).resolves.toMatchObject({ status: 403 })
    }
    const other = await createAdminWorld()
    const foreign = await run(() =>
      loader(routeArgs({ request: request(`/fr/admin/events/${world.event.id}/waitlist`, other.people.organiser.cookie), params: { lang: 'fr', eventId: world.event.id }, ...ctx })),
    )
    expect(foreign.status).toBe(404)
  })
})

describe('attendee list filter: seats that came from the waiting list', () => {
  it('keeps only (or leaves out) attendees whose registration claimed a waiting-list offer', async () => {
    const { world } = await fullEventWithQueue()
    const [entry] = await getDb().select().from(waitlistEntries).where(eq(waitlistEntries.eventId, world.event.id)).limit(1)
    await getDb().update(waitlistEntries).set({ status: 'claimed', claimedRegistrationId: world.consenting.registration.id }).where(eq(waitlistEntries.id, entry.id))
    const list = async (query: string) => {
      const result = await run(() =>
        attendeesLoader(routeArgs({ request: request(`/fr/admin/events/${world.event.id}/attendees${query}`, world.people.organiser.cookie), params: { lang: 'fr', eventId: world.event.id }, ...ctx })),
      )
      return (result.body as { list: { items: { id: string }[] } }).list.items.map((a) => a.id).sort()
    }
    expect(await list('?waitlist=yes')).toEqual([world.consenting.attendee.id])
    const direct = await list('?waitlist=no')
    expect(direct).toContain(world.private.attendee.id)
    expect(direct).not.toContain(world.consenting.attendee.id)
    expect((await list('')).length).toBe(direct.length + 1)
  })
})
