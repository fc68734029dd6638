/**
 * Read queries of the public site. Explicit columns, few round trips: the event page is one
 * statement (event + ticket types + programme + partners as JSON) plus the availability query.
 */
import { and, asc, desc, eq, gte, inArray, lt, sql, type SQL } from 'drizzle-orm'
import type { DbOrTx } from '#db/client'
import {
  EVENT_KINDS,
  events,
  organisations,
  partners,
  type EventKind,
  type EventPartnerRole,
  type EventStatus,
  type LocalizedText,
  type PartnerKind,
  type ProgrammeItemKind,
} from '#db/schema/index'

export type EventPeriod = 'upcoming' | 'past'

export function parseEventPeriod(value: string | null): EventPeriod {
  return value === 'past' ? 'past' : 'upcoming'
}

/** An unknown kind means "all kinds": the filter form never sends one, a hand-edited URL may. */
export function parseEventKind(value: string | null): EventKind | null {
  return (EVENT_KINDS as readonly string[]).includes(value ?? '') ? (value as EventKind) : null
}

/** The organiser this site is the public face of: the default organisation (one per deployment). */
const publicOrganisation = sql`(select o.id from organisation o order by o.is_default desc, o.created_at asc limit 1)`

// Qualified by hand: inside a select list drizzle writes a bare "id", which a subquery would
// resolve to its own table.
const outerEventId = sql.raw('"event"."id"')

const PUBLIC_STATUSES: EventStatus[] = ['published', 'cancelled']

const cardColumns = {
  id: events.id,
  slug: events.slug,
  kind: events.kind,
  status: events.status,
  title: events.title,
  summary: events.summary,
  timezone: events.timezone,
  startsAt: events.startsAt,
  endsAt: events.endsAt,
  venueName: events.venueName,
  venueCity: events.venueCity,
}

export type EventCardRow = {
  id: string
  slug: string
  kind: EventKind
  status: EventStatus
  title: LocalizedText
  summary: LocalizedText
  timezone: string
  startsAt: Date
  endsAt: Date
  venueName: string
  venueCity: string
}

/** Upcoming (not yet ended, soonest first) or past (latest first) events of the public organiser. */
export async function listPublicEvents(
  db: DbOrTx,
  options: { period: EventPeriod; kind?: EventKind | null; now?: Date; limit?: number; statuses?: EventStatus[] },
): Promise<EventCardRow[]> {
  const now = options.now ?? new Date()
  const conditions: SQL[] = [
    sql`${events.organisationId} = ${publicOrganisation}`,
    inArray(events.status, options.statuses ?? PUBLIC_STATUSES),
    options.period === 'past' ? lt(events.endsAt, now) : gte(events.endsAt, now),
  ]
  if (options.kind) conditions.push(eq(events.kind, options.kind))
  return db
    .select(cardColumns)
    .from(events)
    .where(and(...conditions))
    .orderBy(options.period === 'past' ? desc(events.startsAt) : asc(events.startsAt), asc(events.slug))
    .limit(options.limit ?? 60)
}

export type PublicPartnerRow = {
  id: string
  name: string
  kind: PartnerKind
  description: LocalizedText | null
  website: string | null
  isOfficialPartner: boolean
  isFunder: boolean
}

/** Partners and funders of the public organiser, in their display order. */
export async function listPublicPartners(db: DbOrTx): Promise<PublicPartnerRow[]> {
  return db
    .select({
      id: partners.id,
      name: partners.name,
      kind: partners.kind,
      description: partners.description,
      website: partners.website,
      isOfficialPartner: partners.isOfficialPartner,
      isFunder: partners.isFunder,
    })
    .from(partners)
    .where(sql`${partners.organisationId} = ${publicOrganisation}`)
    .orderBy(asc(partners.position), asc(partners.name))
}

export type PublicTicketTypeRow = {
  id: string
  name: LocalizedText
  description: LocalizedText | null
  priceMinor: number
  salesStartAt: Date | null
  salesEndAt: Date | null
}

export type PublicProgrammeItemRow = {
  id: string
  kind: ProgrammeItemKind
  title: LocalizedText
  description: LocalizedText | null
  startsAt: Date
  endsAt: Date
  place: string | null
  address: string | null
}

export type PublicEventPartnerRow = {
  id: string
  name: string
  website: string | null
  role: EventPartnerRole
}

export type PublicEventRow = EventCardRow & {
  description: LocalizedText
  venueAddress: string
  venueCountry: string
  latitude: string | null
  longitude: string | null
  currency: 'EUR' | 'USD'
  approvalRequired: boolean
  registrationOpensAt: Date | null
  registrationClosesAt: Date | null
  cancellationTerms: LocalizedText | null
  ticketTypes: PublicTicketTypeRow[]
  programme: PublicProgrammeItemRow[]
  partners: PublicEventPartnerRow[]
}

type JsonTicket = Omit<PublicTicketTypeRow, 'salesStartAt' | 'salesEndAt'> & { salesStartAt: string | null; salesEndAt: string | null }
type JsonProgrammeItem = Omit<PublicProgrammeItemRow, 'startsAt' | 'endsAt'> & { startsAt: string; endsAt: string }

/**
 * A published or cancelled event of the public organiser by slug, with what its page shows, in
 * one statement; drafts are invisible (null).
 */
export async function getPublicEvent(db: DbOrTx, slug: string): Promise<PublicEventRow | null> {
  const [row] = await db
    .select({
      ...cardColumns,
      description: events.description,
      venueAddress: events.venueAddress,
      venueCountry: events.venueCountry,
      latitude: events.latitude,
      longitude: events.longitude,
      currency: events.currency,
      approvalRequired: events.approvalRequired,
      registrationOpensAt: events.registrationOpensAt,
      registrationClosesAt: events.registrationClosesAt,
      cancellationTerms: events.cancellationTerms,
      ticketTypes: sql<JsonTicket[]>`(
        select coalesce(json_agg(json_build_object(
          'id', t.id, 'name', t.name, 'description', t.description, 'priceMinor', t.price_minor,
          'salesStartAt', t.sales_start_at, 'salesEndAt', t.sales_end_at
        ) order by t.position, t.price_minor), '[]'::json)
        from ticket_type t
        where t.event_id = ${outerEventId} and t.active and not t.hidden)`,
      programme: sql<JsonProgrammeItem[]>`(
        select coalesce(json_agg(json_build_object(
          'id', p.id, 'kind', p.kind, 'title', p.title, 'description', p.description,
          'startsAt', p.starts_at, 'endsAt', p.ends_at, 'place', p.place, 'address', p.address
        ) order by p.starts_at, p.position), '[]'::json)
        from programme_item p
        where p.event_id = ${outerEventId} and p.cancelled_at is null)`,
      partners: sql<PublicEventPartnerRow[]>`(
        select coalesce(json_agg(json_build_object(
          'id', pa.id, 'name', pa.name, 'website', pa.website, 'role', ep.role
        ) order by ep.position, pa.name), '[]'::json)
        from event_partner ep join partner pa on pa.id = ep.partner_id
        where ep.event_id = ${outerEventId})`,
    })
    .from(events)
    .where(and(sql`${events.organisationId} = ${publicOrganisation}`, eq(events.slug, slug), inArray(events.status, PUBLIC_STATUSES)))
    .limit(1)
  if (!row) return null
  const date = (value: string | null) => (value === null ? null : new Date(value))
  return {
    ...row,
    ticketTypes: row.ticketTypes.map((t) => ({ ...t, salesStartAt: date(t.salesStartAt), salesEndAt: date(t.salesEndAt) })),
    programme: row.programme.map((p) => ({ ...p, startsAt: new Date(p.startsAt), endsAt: new Date(p.endsAt) })),
  }
}

export type PublicOrganisationRow = {
  name: string
  legalName: string
  email: string
  phone: string | null
  addressLine: string | null
  city: string | null
  postalCode: string | null
}

/** Contact details of the public organiser. */
export async function getPublicOrganisation(db: DbOrTx): Promise<PublicOrganisationRow | null> {
  const [row] = await db
    .select({
      name: organisations.name,
      legalName: organisations.legalName,
      email: organisations.email,
      phone: organisations.phone,
      addressLine: organisations.addressLine,
      city: organisations.city,
      postalCode: organisations.postalCode,
    })
    .from(organisations)
    .where(sql`${organisations.id} = ${publicOrganisation}`)
  return row ?? null
}
