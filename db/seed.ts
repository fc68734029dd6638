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
} from './schema/index'

export const DEMO_ORGANISER = { email: 'organisatrice@ccem.example', password: 'passerelle-demo' } as const
export const DEMO_ORGANISATION_SLUG = 'ccem'
import { buildEvents, MIAMI, PARTNERS } from './seed-catalogue'

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
  await (await import('./seed-funders')).seedDemoFunders(db)
  await (await import('./seed-privacy')).seedDemoPrivacy(db)
  await (await import('./seed-signatures')).seedDemoSignatures(db)
  return true
}
