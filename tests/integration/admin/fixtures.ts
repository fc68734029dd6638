import crypto from 'node:crypto'
import { getDb } from '#db/client'
import {
  attendees,
  companies,
  eventPartners,
  events,
  organisations,
  partners,
  registrations,
  ticketTypes,
  userRoles,
  users,
  type Role,
} from '#db/schema/index'
import type { ActionFunctionArgs } from 'react-router'
import { createSession } from '~/modules/auth/session.server'
import { routeArgs } from '../../factories/route-args'

const tag = () => crypto.randomBytes(4).toString('hex')

/** A self-contained organisation with one user per role, an event shared with a partner and one confirmed attendee. */
export async function createAdminWorld() {
  const db = getDb()
  const t = tag()
  const [org] = await db
    .insert(organisations)
    .values({ slug: `org-${t}`, name: `Org ${t}`, legalName: `Org ${t}`, email: `org-${t}@example.test`, organiserMailbox: `events-${t}@example.test` })
    .returning()
  const [partner] = await db.insert(partners).values({ organisationId: org.id, slug: `p-${t}`, name: `Partner ${t}`, kind: 'public_body' }).returning()
  const [otherPartner] = await db.insert(partners).values({ organisationId: org.id, slug: `q-${t}`, name: `Other ${t}`, kind: 'local_partner' }).returning()

  async function user(role: Role | null, partnerId: string | null = null) {
    const [u] = await db
      .insert(users)
      .values({ organisationId: org.id, email: `${role ?? 'none'}-${t}@example.test`, name: `${role ?? 'none'} ${t}`, partnerId })
      .returning()
    if (role) await db.insert(userRoles).values({ userId: u.id, role })
    const cookie = (await createSession(u.id)).split(';')[0]
    return { id: u.id, cookie }
  }
  const people = {
    admin: await user('admin'),
    organiser: await user('organiser'),
    check_in: await user('check_in'),
    partner_viewer: await user('partner_viewer', partner.id),
  }

  const start = new Date(Date.now() + 30 * 24 * 3600_000)
  const [event] = await db
    .insert(events)
    .values({
      organisationId: org.id,
      slug: `meetup-${t}`,
      kind: 'b2b_meetup',
      status: 'published',
      title: { fr: `Rencontre ${t}`, en: `Meetup ${t}` },
      summary: { fr: 'Résumé', en: 'Summary' },
      description: { fr: 'Description', en: 'Description' },
      timezone: 'America/New_York',
      startsAt: start,
      endsAt: new Date(start.getTime() + 4 * 3600_000),
      venueName: 'Venue',
      venueAddress: '1 Brickell Ave',
      venueCity: 'Miami',
      currency: 'USD',
    })
    .returning()
  await db.insert(eventPartners).values({ eventId: event.id, partnerId: partner.id, sharedWithPartner: true })
  const [ticketType] = await db
    .insert(ticketTypes)
    .values({ eventId: event.id, name: { fr: 'Délégué', en: 'Delegate' }, priceMinor: 15000 })
    .returning()

  async function registration(opts: { company: string; first: string; last: string; consent: boolean; status?: 'confirmed' | 'pending_approval' | 'cancelled' }) {
    const [company] = await db
      .insert(companies)
      .values({ organisationId: org.id, name: opts.company, contactEmail: `${tag()}@${opts.company.toLowerCase().replace(/\W+/g, '')}.test` })
      .returning()
    const [reg] = await db
      .insert(registrations)
      .values({
        eventId: event.id,
        companyId: company.id,
        reference: `T-${tag().toUpperCase()}`,
        status: opts.status ?? 'confirmed',
        contactName: `${opts.first} ${opts.last}`,
        contactEmail: company.contactEmail,
        currency: 'USD',
        subtotalMinor: 15000,
        totalMinor: 15000,
        paidMinor: 15000,
        privacyAcceptedAt: new Date(),
        listingConsent: opts.consent,
        confirmedAt: new Date(),
      })
      .returning()
    const [attendee] = await db
      .insert(attendees)
      .values({
        registrationId: reg.id,
        eventId: event.id,
        ticketTypeId: ticketType.id,
        firstName: opts.first,
        lastName: opts.last,
        email: `${opts.first.toLowerCase()}.${tag()}@example.test`,
        calendarUid: `${tag()}${tag()}@test`,
        checkInSecret: crypto.randomBytes(16).toString('hex'),
        status: opts.status === 'cancelled' ? 'cancelled' : 'active',
      })
      .returning()
    return { registration: reg, attendee, company }
  }
  const consenting = await registration({ company: `Rhum ${t}`, first: 'Line', last: 'Consent', consent: true })
  const private_ = await registration({ company: `Discret ${t}`, first: 'Paul', last: 'Private', consent: false })

  return { org, partner, otherPartner, people, event, ticketType, consenting, private: private_, registration }
}

export function request(path: string, cookie: string | null, init: { method?: string; form?: Record<string, string | string[]> } = {}) {
  const headers = new Headers()
  if (cookie) headers.set('cookie', cookie)
  let body: URLSearchParams | undefined
  if (init.form) {
    body = new URLSearchParams()
    for (const [k, v] of Object.entries(init.form)) for (const item of ([] as string[]).concat(v)) body.append(k, item)
    headers.set('content-type', 'application/x-www-form-urlencoded')
  }
  return new Request(`http://passerelle.test${path}`, { method: init.method ?? (body ? 'POST' : 'GET'), headers, body })
}

/**
 * POSTs a form to a route's action as React Router would and reads back `data(…)`'s status and body;
 * a thrown Response (403, 404…) comes back with its status and no body.
 */
export async function postForm<B>(
  action: (args: ActionFunctionArgs) => unknown,
  path: string,
  params: Record<string, string>,
  cookie: string,
  form: Record<string, string | string[]>,
): Promise<{ status: number; body: B | null }> {
  try {
    const out = (await action(routeArgs({ request: request(path, cookie, { method: 'POST', form }), params, context: {} }))) as { init?: { status?: number }; data: B }
    return { status: out.init?.status ?? 200, body: out.data }
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status, body: null }
    throw thrown
  }
}
