/** Events of the public site's organiser, created by these tests only (unique slugs per run). */
import crypto from 'node:crypto'
import { sql } from 'drizzle-orm'
import { getDb } from '#db/client'
import { seedDemo } from '#db/seed'
import {
  capacityPools,
  capacityPoolTicketTypes,
  eventPartners,
  events,
  partners,
  programmeItems,
  ticketTypes,
  type EventKind,
  type EventStatus,
} from '#db/schema/index'

export const RUN = crypto.randomBytes(3).toString('hex')

/** The organisation the public pages show (the same rule as public.server.ts). */
export async function publicOrganisationId(): Promise<string> {
  const find = () =>
    getDb().execute<{ id: string }>(sql`select o.id from organisation o order by o.is_default desc, o.created_at asc limit 1`)
  let rows = await find()
  if (rows.length === 0) {
    await seedDemo(getDb())
    rows = await find()
  }
  return rows[0].id
}

export type TestEvent = {
  slug: string
  kind?: EventKind
  status?: EventStatus
  startsAt: Date
  endsAt: Date
  tickets?: { name: string; priceMinor: number; hidden?: boolean; poolSize?: number }[]
  programme?: { title: string; startsAt: Date; endsAt: Date }[]
  partnerRole?: 'funder' | 'host'
  registrationClosesAt?: Date
}

export async function createEvent(organisationId: string, input: TestEvent) {
  const db = getDb()
  const [event] = await db
    .insert(events)
    .values({
      organisationId,
      slug: input.slug,
      kind: input.kind ?? 'b2b_meetup',
      status: input.status ?? 'published',
      title: { fr: `Événement ${input.slug}`, en: `Event ${input.slug}` },
      summary: { fr: 'Résumé en français', en: 'Summary in English' },
      description: { fr: 'Description en français', en: 'Description in English' },
      timezone: 'America/New_York',
      startsAt: input.startsAt,
      endsAt: input.endsAt,
      venueName: 'Stephen P. Clark Center',
      venueAddress: '111 NW 1st Street, Miami, FL 33128',
      venueCity: 'Miami',
      latitude: '25.7752',
      longitude: '-80.1966',
      currency: 'USD',
      registrationClosesAt: input.registrationClosesAt ?? null,
      cancellationTerms: { fr: 'Conditions FR', en: 'Terms EN' },
    })
    .returning({ id: events.id })
  for (const [position, t] of (input.tickets ?? []).entries()) {
    const [ticket] = await db
      .insert(ticketTypes)
      .values({ eventId: event.id, name: { fr: `${t.name} FR`, en: `${t.name} EN` }, priceMinor: t.priceMinor, hidden: t.hidden ?? false, position })
      .returning({ id: ticketTypes.id })
    if (t.poolSize !== undefined) {
      const [pool] = await db.insert(capacityPools).values({ eventId: event.id, name: { fr: t.name, en: t.name }, size: t.poolSize }).returning({ id: capacityPools.id })
      await db.insert(capacityPoolTicketTypes).values({ capacityPoolId: pool.id, ticketTypeId: ticket.id })
    }
  }
  for (const [position, item] of (input.programme ?? []).entries()) {
    await db.insert(programmeItems).values({
      eventId: event.id,
      kind: 'session',
      title: { fr: `${item.title} FR`, en: `${item.title} EN` },
      startsAt: item.startsAt,
      endsAt: item.endsAt,
      place: 'Salle 1',
      position,
    })
  }
  if (input.partnerRole) {
    const [partner] = await db
      .insert(partners)
      .values({ organisationId, slug: `partner-${input.slug}`, name: `Partner ${input.slug}`, kind: 'funder', isFunder: true })
      .returning({ id: partners.id })
    await db.insert(eventPartners).values({ eventId: event.id, partnerId: partner.id, role: input.partnerRole })
  }
  return event.id
}
