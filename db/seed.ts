/**
 * Demo data: the collective, its partners and funders, a demo organiser, upcoming events of the
 * three kinds and the first anniversary (15 March 2017). Idempotent: every row is found by its
 * natural key first; running it twice changes nothing.
 */
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { and, eq, sql } from 'drizzle-orm'
import { DateTime } from 'luxon'
import { hashPassword } from '../app/modules/auth/password.server'
import { createDatabase, type Database, type Transaction } from './client'
import {
  capacityPools,
  capacityPoolTicketTypes,
  eventPartners,
  events,
  organisations,
  partnerContacts,
  partners,
  programmeItemContacts,
  programmeItemContactRsvps,
  programmeItems,
  questions,
  ticketTypes,
  userRoles,
  users,
  codes,
  codeTicketTypes,
  type EventKind,
  type EventPartnerRole,
  type LocalizedText,
  type PartnerKind,
  type ProgrammeItemKind,
} from './schema/index'

export const DEMO_ORGANISER = { email: 'organisatrice@ccem.example', password: 'passerelle-demo' } as const
export const DEMO_ORGANISATION_SLUG = 'ccem'
const MIAMI = 'America/New_York'

type PartnerSeed = {
  slug: string
  name: string
  kind: PartnerKind
  official?: boolean
  funder?: boolean
  website: string
  description: LocalizedText
  contact?: { name: string; email: string; locale: 'fr' | 'en'; roleTitle: string }
}

const PARTNERS: PartnerSeed[] = [
  {
    slug: 'region-martinique',
    name: 'Région Martinique',
    kind: 'funder',
    funder: true,
    website: 'https://www.collectivitedemartinique.mq',
    description: { fr: 'Soutient les actions du collectif depuis sa création.', en: 'Has supported the collective since it was founded.' },
    contact: { name: 'Chargée de mission export', email: 'export@region-martinique.example', locale: 'fr', roleTitle: 'Chargée de mission export' },
  },
  {
    slug: 'ctm',
    name: 'Collectivité Territoriale de Martinique',
    kind: 'funder',
    funder: true,
    website: 'https://www.collectivitedemartinique.mq',
    description: { fr: 'Co-finance les missions des entreprises martiniquaises.', en: 'Co-funds the missions of Martinique companies.' },
    contact: { name: 'Direction des affaires économiques', email: 'economie@ctm.example', locale: 'fr', roleTitle: 'Direction des affaires économiques' },
  },
  {
    slug: 'fcr',
    name: 'Fonds de Coopération Régionale',
    kind: 'funder',
    funder: true,
    website: 'https://www.martinique.gouv.fr',
    description: { fr: 'Finance la coopération avec les pays de la Caraïbe et des Amériques.', en: 'Funds cooperation with Caribbean and American countries.' },
  },
  {
    slug: 'miami-dade-county',
    name: 'Miami-Dade County',
    kind: 'public_body',
    official: true,
    website: 'https://www.miamidade.gov',
    description: { fr: 'Partenaire officiel du collectif à Miami.', en: 'The collective’s official partner in Miami.' },
    contact: { name: 'International Trade Office', email: 'trade@miamidade.example', locale: 'en', roleTitle: 'International Trade Coordinator' },
  },
  {
    slug: 'consulat-france-miami',
    name: 'Consulat général de France à Miami',
    kind: 'consulate',
    website: 'https://miami.consulfrance.org',
    description: { fr: 'Accueille les délégations et les réceptions du collectif.', en: 'Hosts the collective’s delegations and receptions.' },
    contact: { name: 'Service économique', email: 'economie@consulat-miami.example', locale: 'fr', roleTitle: 'Attaché économique' },
  },
  {
    slug: 'miami-free-trade-zone',
    name: 'Miami Free Trade Zone',
    kind: 'local_partner',
    website: 'https://www.miamifreezone.com',
    description: { fr: 'Zone franche où la Martinique a pris sa place.', en: 'The free trade zone where Martinique has taken its place.' },
    contact: { name: 'Visitor Programs', email: 'visits@mftz.example', locale: 'en', roleTitle: 'Visitor Programs Manager' },
  },
]

type TicketSeed = {
  key: string
  name: LocalizedText
  priceMinor: number
  maxPerOrder?: number
  hidden?: boolean
  allowMultiplePerPerson?: boolean
}
type ProgrammeSeed = {
  kind: ProgrammeItemKind
  title: LocalizedText
  description?: LocalizedText
  start: DateTime
  minutes: number
  place: string
  address?: string
  contacts?: string[]
}
type EventSeed = {
  slug: string
  kind: EventKind
  status: 'published' | 'draft'
  title: LocalizedText
  summary: LocalizedText
  description: LocalizedText
  start: DateTime
  end: DateTime
  venueName: string
  venueAddress: string
  venueCity: string
  latitude?: string
  longitude?: string
  currency: 'EUR' | 'USD'
  taxRateBp: number
  capacity?: number
  approvalRequired?: boolean
  tickets: TicketSeed[]
  pools: { name: LocalizedText; size: number; tickets: string[] }[]
  programme: ProgrammeSeed[]
  partners: { slug: string; role: EventPartnerRole }[]
  cancellationTerms?: LocalizedText
  questions?: { kind: 'text' | 'choice' | 'boolean'; label: LocalizedText; required: boolean; options?: { key: string; label: LocalizedText }[] }[]
  codes?: { code: string; kind: 'discount' | 'invitation' | 'funder'; percentOffBp?: number; maxUses?: number; funder?: string; tickets?: string[] }[]
}

/** The next 15 March at least two weeks away (the collective's anniversary). */
function nextAnniversary(now: DateTime) {
  let candidate = DateTime.fromObject({ year: now.year, month: 3, day: 15, hour: 18, minute: 30 }, { zone: MIAMI })
  if (candidate < now.plus({ days: 14 })) candidate = candidate.plus({ years: 1 })
  return candidate
}

function buildEvents(now: DateTime): EventSeed[] {
  const anniversary = nextAnniversary(now)
  const years = anniversary.year - 2016
  const b2bDay = now.setZone(MIAMI).plus({ days: 45 }).set({ hour: 9, minute: 0, second: 0, millisecond: 0 })
  const delegationStart = now.setZone(MIAMI).plus({ days: 100 }).startOf('week').set({ hour: 9 })
  const day = (offset: number, hour: number, minute = 0) => delegationStart.plus({ days: offset }).set({ hour, minute })
  const first = DateTime.fromObject({ year: 2017, month: 3, day: 15, hour: 18, minute: 30 }, { zone: MIAMI })

  const terms: LocalizedText = {
    fr: 'Annulation gratuite jusqu’à 14 jours avant le début ; 50 % remboursés ensuite jusqu’à 48 h avant ; aucun remboursement après.',
    en: 'Free cancellation up to 14 days before the start; 50 % refunded afterwards until 48 h before; no refund after that.',
  }

  return [
    {
      slug: 'anniversaire-ccem-2017',
      kind: 'celebration',
      status: 'published',
      title: { fr: 'Le CCEM fête sa première année à Miami', en: 'CCEM celebrates its first year in Miami' },
      summary: {
        fr: 'Un an d’existence de l’antenne export de la Martinique à Miami.',
        en: 'One year of Martinique’s export office in Miami.',
      },
      description: {
        fr: 'Le 15 mars 2017, le Collectif Coopération Export Martinique célébrait sa première année à Miami, porté par Viviane Chiffrin et Denis-Antoine Hérault, avec le soutien de la Région Martinique, de la Collectivité Territoriale de Martinique, du Fonds de Coopération Régionale, de Miami-Dade County et du Consulat de France.',
        en: 'On 15 March 2017 the Martinique Export Cooperation Collective celebrated its first year in Miami, led by Viviane Chiffrin and Denis-Antoine Hérault, with the support of the Région Martinique, the Collectivité Territoriale de Martinique, the Regional Cooperation Fund, Miami-Dade County and the Consulate of France.',
      },
      start: first,
      end: first.plus({ hours: 3 }),
      venueName: 'Consulat général de France à Miami',
      venueAddress: '1395 Brickell Avenue, Suite 1050, Miami, FL 33131',
      venueCity: 'Miami',
      latitude: '25.7597',
      longitude: '-80.1918',
      currency: 'USD',
      taxRateBp: 0,
      tickets: [{ key: 'guest', name: { fr: 'Invité', en: 'Guest' }, priceMinor: 0, maxPerOrder: 4 }],
      pools: [{ name: { fr: 'Réception', en: 'Reception' }, size: 80, tickets: ['guest'] }],
      programme: [],
      partners: [
        { slug: 'region-martinique', role: 'funder' },
        { slug: 'ctm', role: 'funder' },
        { slug: 'fcr', role: 'funder' },
        { slug: 'miami-dade-county', role: 'official_partner' },
        { slug: 'consulat-france-miami', role: 'host' },
      ],
    },
    {
      slug: `anniversaire-ccem-${anniversary.year}`,
      kind: 'celebration',
      status: 'published',
      title: { fr: `Le CCEM fête ses ${years} ans`, en: `CCEM turns ${years}` },
      summary: {
        fr: 'Soirée anniversaire et réseautage avec les partenaires du collectif, à Miami.',
        en: 'Anniversary evening and networking with the collective’s partners, in Miami.',
      },
      description: {
        fr: 'Chefs d’entreprise de Martinique, acheteurs de Floride, partenaires institutionnels : retrouvons-nous pour célébrer une nouvelle année d’export vers le marché nord-américain. Cocktail, témoignages d’entreprises accompagnées et présentation des prochaines missions.',
        en: 'Martinique business leaders, Florida buyers, institutional partners: join us to celebrate another year of exporting to the North American market. Cocktails, stories from the companies we support and a preview of the next missions.',
      },
      start: anniversary,
      end: anniversary.plus({ hours: 3, minutes: 30 }),
      venueName: 'Consulat général de France à Miami',
      venueAddress: '1395 Brickell Avenue, Suite 1050, Miami, FL 33131',
      venueCity: 'Miami',
      latitude: '25.7597',
      longitude: '-80.1918',
      currency: 'USD',
      taxRateBp: 0,
      capacity: 120,
      tickets: [
        { key: 'guest', name: { fr: 'Invité', en: 'Guest' }, priceMinor: 0, maxPerOrder: 4 },
        { key: 'partner', name: { fr: 'Partenaire', en: 'Partner' }, priceMinor: 0, maxPerOrder: 4, hidden: true },
      ],
      pools: [{ name: { fr: 'Réception', en: 'Reception' }, size: 120, tickets: ['guest', 'partner'] }],
      programme: [
        {
          kind: 'reception',
          title: { fr: 'Accueil et cocktail', en: 'Welcome and cocktails' },
          start: anniversary,
          minutes: 60,
          place: 'Salon du Consulat',
          contacts: ['consulat-france-miami'],
        },
        {
          kind: 'session',
          title: { fr: 'Témoignages d’entreprises', en: 'Company stories' },
          start: anniversary.plus({ hours: 1 }),
          minutes: 60,
          place: 'Salon du Consulat',
        },
      ],
      partners: [
        { slug: 'miami-dade-county', role: 'official_partner' },
        { slug: 'consulat-france-miami', role: 'host' },
        { slug: 'region-martinique', role: 'funder' },
        { slug: 'ctm', role: 'funder' },
      ],
      codes: [{ code: 'PARTENAIRE', kind: 'invitation', maxUses: 30, tickets: ['partner'] }],
    },
    {
      slug: 'b2b-martinique-florida-buyers',
      kind: 'b2b_meetup',
      status: 'published',
      title: { fr: 'Rencontres B2B Martinique × acheteurs de Floride', en: 'B2B meetups: Martinique × Florida buyers' },
      summary: {
        fr: 'Une journée de rendez-vous d’affaires planifiés entre entreprises martiniquaises et acheteurs de Floride.',
        en: 'A day of scheduled one-to-one meetings between Martinique companies and Florida buyers.',
      },
      description: {
        fr: 'Agroalimentaire, rhum, cosmétiques, services : présentez vos produits à des acheteurs et distributeurs de Floride lors de rendez-vous de 20 minutes planifiés à l’avance. Tables exposants disponibles en nombre limité.',
        en: 'Food, rum, cosmetics, services: present your products to Florida buyers and distributors in 20-minute meetings scheduled in advance. A limited number of exhibitor tables is available.',
      },
      start: b2bDay,
      end: b2bDay.plus({ hours: 8 }),
      venueName: 'Miami-Dade County — Stephen P. Clark Center',
      venueAddress: '111 NW 1st Street, Miami, FL 33128',
      venueCity: 'Miami',
      latitude: '25.7752',
      longitude: '-80.1966',
      currency: 'USD',
      taxRateBp: 0,
      capacity: 60,
      tickets: [
        { key: 'delegate', name: { fr: 'Délégué', en: 'Delegate' }, priceMinor: 15000, maxPerOrder: 3 },
        { key: 'exhibitor', name: { fr: 'Table exposant', en: 'Exhibitor table' }, priceMinor: 45000, maxPerOrder: 1 },
        { key: 'guest', name: { fr: 'Invité', en: 'Guest' }, priceMinor: 0, maxPerOrder: 2 },
      ],
      pools: [
        { name: { fr: 'Salle des rendez-vous', en: 'Meeting room' }, size: 48, tickets: ['delegate', 'guest'] },
        { name: { fr: 'Tables exposants', en: 'Exhibitor tables' }, size: 12, tickets: ['exhibitor'] },
      ],
      programme: [
        { kind: 'session', title: { fr: 'Accueil et présentation des acheteurs', en: 'Welcome and buyers’ introductions' }, start: b2bDay, minutes: 60, place: 'Auditorium', contacts: ['miami-dade-county'] },
        { kind: 'b2b_session', title: { fr: 'Rendez-vous B2B — matin', en: 'B2B meetings — morning' }, start: b2bDay.plus({ hours: 1 }), minutes: 180, place: 'Salle 18-3' },
        { kind: 'b2b_session', title: { fr: 'Rendez-vous B2B — après-midi', en: 'B2B meetings — afternoon' }, start: b2bDay.plus({ hours: 5 }), minutes: 180, place: 'Salle 18-3' },
      ],
      partners: [
        { slug: 'miami-dade-county', role: 'host' },
        { slug: 'region-martinique', role: 'funder' },
      ],
      cancellationTerms: terms,
      questions: [
        { kind: 'text', label: { fr: 'Produits ou services présentés', en: 'Products or services presented' }, required: true },
        {
          kind: 'choice',
          label: { fr: 'Type d’acheteurs recherchés', en: 'Buyers you want to meet' },
          required: false,
          options: [
            { key: 'distributor', label: { fr: 'Distributeurs', en: 'Distributors' } },
            { key: 'retail', label: { fr: 'Grande distribution', en: 'Retail chains' } },
            { key: 'horeca', label: { fr: 'Hôtellerie-restauration', en: 'Hotels and restaurants' } },
          ],
        },
      ],
      codes: [
        { code: 'REGION50', kind: 'funder', percentOffBp: 5000, maxUses: 20, funder: 'region-martinique', tickets: ['delegate'] },
        { code: 'EARLY10', kind: 'discount', percentOffBp: 1000, maxUses: 50 },
      ],
    },
    {
      slug: 'delegation-miami',
      kind: 'delegation',
      status: 'published',
      approvalRequired: true,
      title: { fr: 'Délégation d’entreprises martiniquaises à Miami', en: 'Martinique business delegation to Miami' },
      summary: {
        fr: 'Trois jours de mission à Miami : zone franche, Miami-Dade County, Consulat et rendez-vous B2B.',
        en: 'A three-day mission to Miami: free trade zone, Miami-Dade County, the Consulate and B2B meetings.',
      },
      description: {
        fr: 'Mission sélective pour les entreprises prêtes à exporter : visite de la Miami Free Trade Zone, rencontre à Miami-Dade County, réception au Consulat de France et sessions B2B avec des acheteurs. Candidature examinée par le collectif ; co-financement possible par la Région Martinique.',
        en: 'A selective mission for export-ready companies: a visit of the Miami Free Trade Zone, a meeting at Miami-Dade County, a reception at the Consulate of France and B2B sessions with buyers. Applications are reviewed by the collective; co-funding from the Région Martinique is possible.',
      },
      start: day(0, 9),
      end: day(2, 18),
      venueName: 'Miami',
      venueAddress: 'Brickell, Miami, FL 33131',
      venueCity: 'Miami',
      latitude: '25.7617',
      longitude: '-80.1918',
      currency: 'EUR',
      taxRateBp: 850,
      capacity: 20,
      tickets: [{ key: 'delegate', name: { fr: 'Délégué', en: 'Delegate' }, priceMinor: 120000, maxPerOrder: 2 }],
      pools: [{ name: { fr: 'Délégation', en: 'Delegation' }, size: 20, tickets: ['delegate'] }],
      programme: [
        { kind: 'site_visit', title: { fr: 'Visite de la Miami Free Trade Zone', en: 'Visit of the Miami Free Trade Zone' }, start: day(0, 9, 30), minutes: 180, place: 'Miami Free Trade Zone', address: '2305 NW 107th Avenue, Doral, FL 33172', contacts: ['miami-free-trade-zone'] },
        { kind: 'meeting', title: { fr: 'Rencontre à Miami-Dade County', en: 'Meeting at Miami-Dade County' }, start: day(1, 10), minutes: 120, place: 'Stephen P. Clark Center', address: '111 NW 1st Street, Miami, FL 33128', contacts: ['miami-dade-county'] },
        { kind: 'reception', title: { fr: 'Réception au Consulat de France', en: 'Reception at the Consulate of France' }, start: day(1, 18, 30), minutes: 150, place: 'Consulat général de France', address: '1395 Brickell Avenue, Miami, FL 33131', contacts: ['consulat-france-miami'] },
        { kind: 'b2b_session', title: { fr: 'Sessions B2B avec les acheteurs', en: 'B2B sessions with buyers' }, start: day(2, 9), minutes: 360, place: 'Brickell — salle de conférence', address: 'Brickell Avenue, Miami, FL 33131' },
      ],
      partners: [
        { slug: 'region-martinique', role: 'funder' },
        { slug: 'ctm', role: 'funder' },
        { slug: 'miami-dade-county', role: 'official_partner' },
        { slug: 'consulat-france-miami', role: 'host' },
        { slug: 'miami-free-trade-zone', role: 'partner' },
      ],
      cancellationTerms: terms,
      codes: [{ code: 'CTM-DELEGATION', kind: 'funder', percentOffBp: 5000, maxUses: 10, funder: 'ctm' }],
    },
  ]
}

async function upsertOrganisation(tx: Transaction) {
  const [existing] = await tx.select({ id: organisations.id }).from(organisations).where(eq(organisations.slug, DEMO_ORGANISATION_SLUG))
  if (existing) return { id: existing.id, created: false }
  const [row] = await tx
    .insert(organisations)
    .values({
      slug: DEMO_ORGANISATION_SLUG,
      name: 'CCEM',
      legalName: 'Collectif Coopération Export Martinique',
      tagline: {
        fr: 'L’antenne export de la Martinique à Miami',
        en: 'Martinique’s export office in Miami',
      },
      addressLine: '1395 Brickell Avenue',
      city: 'Miami',
      postalCode: 'FL 33131',
      region: 'Florida',
      country: 'US',
      email: 'contact@ccem.example',
      organiserMailbox: 'evenements@ccem.example',
      phone: '+1 305 555 0117',
      website: 'https://ccem.example',
      defaultLocale: 'fr',
      timezone: MIAMI,
      invoicePrefix: 'CCEM',
      bankDetails: { holder: 'Collectif Coopération Export Martinique', iban: 'FR76 3000 4000 0100 0000 0000 000', bic: 'BNPAFRPPXXX', bankName: 'BNP Paribas Martinique' },
      isDefault: true,
    })
    .returning({ id: organisations.id })
  return { id: row.id, created: true }
}

export async function seedDemo(db: Database, now: Date = new Date()): Promise<boolean> {
  const passwordHash = await hashPassword(DEMO_ORGANISER.password)
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(727275)`)
    let changed = false
    const org = await upsertOrganisation(tx)
    changed ||= org.created

    const partnerIds = new Map<string, string>()
    const contactIds = new Map<string, string>()
    for (const [position, p] of PARTNERS.entries()) {
      let [row] = await tx
        .select({ id: partners.id })
        .from(partners)
        .where(and(eq(partners.organisationId, org.id), eq(partners.slug, p.slug)))
      if (!row) {
        changed = true
        ;[row] = await tx
          .insert(partners)
          .values({
            organisationId: org.id,
            slug: p.slug,
            name: p.name,
            kind: p.kind,
            description: p.description,
            website: p.website,
            isOfficialPartner: p.official ?? false,
            isFunder: p.funder ?? false,
            legalName: p.name,
            position,
          })
          .returning({ id: partners.id })
        if (p.contact) {
          const [contact] = await tx
            .insert(partnerContacts)
            .values({ partnerId: row.id, ...p.contact })
            .returning({ id: partnerContacts.id })
          contactIds.set(p.slug, contact.id)
        }
      } else {
        const [contact] = await tx.select({ id: partnerContacts.id }).from(partnerContacts).where(eq(partnerContacts.partnerId, row.id)).limit(1)
        if (contact) contactIds.set(p.slug, contact.id)
      }
      partnerIds.set(p.slug, row.id)
    }

    const [organiser] = await tx.select({ id: users.id }).from(users).where(sql`lower(${users.email}) = ${DEMO_ORGANISER.email}`)
    if (!organiser) {
      changed = true
      const [user] = await tx
        .insert(users)
        .values({ organisationId: org.id, email: DEMO_ORGANISER.email, name: 'Organisatrice CCEM', passwordHash, locale: 'fr' })
        .returning({ id: users.id })
      await tx.insert(userRoles).values([
        { userId: user.id, role: 'admin' },
        { userId: user.id, role: 'organiser' },
      ])
    }

    for (const e of buildEvents(DateTime.fromJSDate(now))) {
      const [existing] = await tx
        .select({ id: events.id })
        .from(events)
        .where(and(eq(events.organisationId, org.id), eq(events.slug, e.slug)))
      if (existing) continue
      changed = true
      const [event] = await tx
        .insert(events)
        .values({
          organisationId: org.id,
          slug: e.slug,
          kind: e.kind,
          status: e.status,
          title: e.title,
          summary: e.summary,
          description: e.description,
          timezone: MIAMI,
          startsAt: e.start.toJSDate(),
          endsAt: e.end.toJSDate(),
          venueName: e.venueName,
          venueAddress: e.venueAddress,
          venueCity: e.venueCity,
          venueCountry: 'US',
          latitude: e.latitude,
          longitude: e.longitude,
          currency: e.currency,
          taxRateBp: e.taxRateBp,
          capacity: e.capacity ?? null,
          approvalRequired: e.approvalRequired ?? false,
          cancellationTerms: e.cancellationTerms ?? null,
          publishedAt: e.status === 'published' ? now : null,
        })
        .returning({ id: events.id })

      const ticketIds = new Map<string, string>()
      for (const [position, t] of e.tickets.entries()) {
        const [ticket] = await tx
          .insert(ticketTypes)
          .values({
            eventId: event.id,
            name: t.name,
            priceMinor: t.priceMinor,
            minPerOrder: 0,
            maxPerOrder: t.maxPerOrder ?? 10,
            hidden: t.hidden ?? false,
            allowMultiplePerPerson: t.allowMultiplePerPerson ?? false,
            position,
          })
          .returning({ id: ticketTypes.id })
        ticketIds.set(t.key, ticket.id)
      }
      for (const pool of e.pools) {
        const [row] = await tx.insert(capacityPools).values({ eventId: event.id, name: pool.name, size: pool.size }).returning({ id: capacityPools.id })
        await tx.insert(capacityPoolTicketTypes).values(pool.tickets.map((key) => ({ capacityPoolId: row.id, ticketTypeId: ticketIds.get(key)! })))
      }
      for (const [position, item] of e.programme.entries()) {
        const [row] = await tx
          .insert(programmeItems)
          .values({
            eventId: event.id,
            kind: item.kind,
            title: item.title,
            description: item.description ?? null,
            startsAt: item.start.toJSDate(),
            endsAt: item.start.plus({ minutes: item.minutes }).toJSDate(),
            place: item.place,
            address: item.address ?? null,
            position,
          })
          .returning({ id: programmeItems.id })
        for (const slug of item.contacts ?? []) {
          const contactId = contactIds.get(slug)
          if (contactId) {
            await tx.insert(programmeItemContacts).values({
              programmeItemId: row.id,
              partnerContactId: contactId,
              calendarUid: `${crypto.randomUUID()}@passerelle`,
            })
            // Miami-Dade's calendar already answered the B2B welcome session: the guest list shows it.
            if (slug === 'miami-dade-county' && item.kind === 'session') {
              await tx.insert(programmeItemContactRsvps).values({
                programmeItemId: row.id,
                partnerContactId: contactId,
                partstat: 'accepted',
                replySequence: 0,
                replyStamp: new Date(),
              })
            }
          }
        }
      }
      for (const [position, p] of e.partners.entries()) {
        await tx.insert(eventPartners).values({ eventId: event.id, partnerId: partnerIds.get(p.slug)!, role: p.role, position, sharedWithPartner: true })
      }
      for (const [position, q] of (e.questions ?? []).entries()) {
        await tx.insert(questions).values({ eventId: event.id, kind: q.kind, label: q.label, required: q.required, options: q.options ?? null, position })
      }
      for (const c of e.codes ?? []) {
        const [row] = await tx
          .insert(codes)
          .values({
            eventId: event.id,
            code: c.code,
            kind: c.kind,
            percentOffBp: c.percentOffBp ?? null,
            maxUses: c.maxUses ?? null,
            funderPartnerId: c.funder ? partnerIds.get(c.funder)! : null,
            eligibilityQuestions:
              c.kind === 'funder'
                ? [
                    { key: 'registered_in_martinique', label: { fr: 'Entreprise immatriculée en Martinique', en: 'Company registered in Martinique' }, required: true },
                    { key: 'siret', label: { fr: 'Numéro SIRET', en: 'SIRET number' }, required: true },
                  ]
                : null,
          })
          .returning({ id: codes.id })
        if (c.tickets?.length) {
          await tx.insert(codeTicketTypes).values(c.tickets.map((key) => ({ codeId: row.id, ticketTypeId: ticketIds.get(key)! })))
        }
      }
    }
    return changed
  })
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const url = process.env.DATABASE_URL
  if (!url) {
    console.error('DATABASE_URL is not set. (npm run dev seeds the embedded database by itself.)')
    process.exit(1)
  }
  const handle = createDatabase(url, { max: 2 })
  const changed = await seedDemo(handle.db)
  await handle.sql.end()
  console.log(changed ? 'Demo data seeded.' : 'Demo data already present: nothing changed.')
}

const DEMO_COMPANY_EMAIL = 'export@rhums-du-carbet.example'

/**
 * A few real registrations made through the registration service, so the dev mailbox holds
 * genuine confirmations with calendar invitations after the first `npm run dev`. Needs the job
 * queue started (the confirmations are jobs). Idempotent: skipped once the demo company exists.
 */
export async function seedDemoRegistrations(db: Database): Promise<boolean> {
  const { registerCompany } = await import('../app/modules/registration/intake.server')
  const [existing] = await db.execute<{ n: number }>(
    sql`select count(*)::int as n from registration where lower(contact_email) = ${DEMO_COMPANY_EMAIL}`,
  )
  const { seedDemoB2b } = await import('./seed-b2b')
  await (await import('./seed-delegation')).seedDemoDelegation(db)
  if (Number(existing?.n ?? 0) > 0) return seedDemoB2b(db)
  const find = async (slugPrefix: string) => {
    const [event] = await db
      .select({ id: events.id })
      .from(events)
      .where(sql`${events.slug} like ${`${slugPrefix}%`} and ${events.startsAt} > now()`)
      .orderBy(events.startsAt)
      .limit(1)
    if (!event) return null
    const types = await db.select({ id: ticketTypes.id, priceMinor: ticketTypes.priceMinor, hidden: ticketTypes.hidden }).from(ticketTypes).where(eq(ticketTypes.eventId, event.id)).orderBy(ticketTypes.position)
    const qs = await db.select({ id: questions.id, kind: questions.kind, required: questions.required }).from(questions).where(eq(questions.eventId, event.id))
    return { id: event.id, freeType: types.find((t) => t.priceMinor === 0 && !t.hidden)?.id, questions: qs }
  }
  const b2b = await find('b2b-martinique-florida-buyers')
  const anniversary = await find('anniversaire-ccem-20')
  if (!b2b?.freeType || !anniversary?.freeType) return false

  await registerCompany(
    {
      eventId: b2b.id,
      locale: 'fr',
      tickets: [{ ticketTypeId: b2b.freeType, quantity: 2 }],
      company: {
        name: 'Rhums du Carbet',
        registrationNumber: '512 345 678 00019',
        sector: 'Spiritueux',
        website: 'https://rhums-du-carbet.example',
        city: 'Le Carbet',
        country: 'MQ',
        description: 'Distillerie familiale, rhums agricoles AOC Martinique.',
        exportInterests: ['US', 'CA'],
        contactName: 'Josiane Marie-Sainte',
        contactEmail: DEMO_COMPANY_EMAIL,
      },
      attendees: [
        { ticketTypeId: b2b.freeType, firstName: 'Josiane', lastName: 'Marie-Sainte', email: 'josiane@rhums-du-carbet.example', jobTitle: 'Directrice export', locale: 'fr' },
        { ticketTypeId: b2b.freeType, firstName: 'Olivier', lastName: 'Lapierre', email: 'olivier@rhums-du-carbet.example', jobTitle: 'Responsable commercial', locale: 'fr' },
      ],
      answers: Object.fromEntries(b2b.questions.filter((q) => q.kind === 'text').map((q) => [q.id, 'Rhums agricoles et liqueurs'])),
      eligibility: {},
      privacyAccepted: true,
      listingConsent: true,
    },
    { db },
  )
  await registerCompany(
    {
      eventId: anniversary.id,
      locale: 'en',
      tickets: [{ ticketTypeId: anniversary.freeType, quantity: 1 }],
      company: {
        name: 'Florida Caribbean Imports',
        city: 'Miami',
        country: 'US',
        exportInterests: [],
        contactName: 'Daniel Brooks',
        contactEmail: 'daniel@fl-caribbean-imports.example',
      },
      attendees: [
        { ticketTypeId: anniversary.freeType, firstName: 'Daniel', lastName: 'Brooks', email: 'daniel@fl-caribbean-imports.example', jobTitle: 'Buyer', locale: 'en' },
      ],
      answers: {},
      eligibility: {},
      privacyAccepted: true,
      listingConsent: false,
    },
    { db },
  )
  await seedDemoB2b(db)
  return true
}
