/**
 * Rows for mail / calendar tests, inserted directly against the schema: an organisation, an
 * event with programme items, a company, a registration, attendees (calendar UID + sequence)
 * and partner contacts on programme items. Everything is unique per call.
 */
import crypto from 'node:crypto'
import type { DbOrTx } from '#db/client'
import {
  attendees,
  companies,
  events,
  organisations,
  partnerContacts,
  partners,
  programmeItemContacts,
  programmeItems,
  registrations,
  ticketTypes,
} from '#db/schema/index'

const uid = () => crypto.randomBytes(6).toString('hex')

export type FixtureAttendee = { firstName?: string; lastName?: string; email?: string; locale?: 'fr' | 'en'; status?: 'active' | 'cancelled' }

export type MailFixtureOptions = {
  startsAt?: Date
  endsAt?: Date
  timezone?: string
  eventStatus?: 'draft' | 'published' | 'cancelled'
  registrationStatus?: 'confirmed' | 'pending_approval' | 'awaiting_payment' | 'cancelled'
  registrationLocale?: 'fr' | 'en'
  attendees?: FixtureAttendee[]
  /** Programme items, each with this many partner contacts (alternating fr / en). */
  programme?: { offsetMinutes: number; durationMinutes: number; contacts: number }[]
  reminderOffsetsMinutes?: number[]
}

export async function createOrganisation(db: DbOrTx) {
  const key = uid()
  const [org] = await db
    .insert(organisations)
    .values({
      slug: `org-${key}`,
      name: 'Collectif Coopération Export Martinique',
      legalName: 'CCEM Inc.',
      email: `contact-${key}@ccem.example`,
      organiserMailbox: `organisatrice-${key}@ccem.example`,
      primaryColor: '#0b5f6f',
      accentColor: '#c2410c',
    })
    .returning()
  return org
}

export async function createMailFixture(db: DbOrTx, options: MailFixtureOptions = {}) {
  const key = uid()
  const org = await createOrganisation(db)
  const startsAt = options.startsAt ?? new Date(Date.now() + 30 * 86_400_000)
  const endsAt = options.endsAt ?? new Date(startsAt.getTime() + 3 * 3_600_000)
  const [event] = await db
    .insert(events)
    .values({
      organisationId: org.id,
      slug: `evenement-${key}`,
      kind: 'delegation',
      status: options.eventStatus ?? 'published',
      title: { fr: 'Délégation à Miami', en: 'Delegation to Miami' },
      summary: { fr: 'Rencontres d’affaires à Miami', en: 'Business meetings in Miami' },
      description: { fr: 'Programme complet', en: 'Full programme' },
      timezone: options.timezone ?? 'America/New_York',
      startsAt,
      endsAt,
      venueName: 'Miami-Dade County Hall',
      venueAddress: '111 NW 1st St',
      venueCity: 'Miami',
      currency: 'USD',
      ...(options.reminderOffsetsMinutes ? { reminderOffsetsMinutes: options.reminderOffsetsMinutes } : {}),
    })
    .returning()
  const [ticketType] = await db
    .insert(ticketTypes)
    .values({ eventId: event.id, name: { fr: 'Délégué', en: 'Delegate' }, priceMinor: 15000 })
    .returning()
  const [company] = await db
    .insert(companies)
    .values({ organisationId: org.id, name: `Rhum Agricole ${key}`, contactEmail: `contact-${key}@entreprise.example`, contactName: 'Léa Contact' })
    .returning()
  const [registration] = await db
    .insert(registrations)
    .values({
      eventId: event.id,
      companyId: company.id,
      reference: `CCEM-${key.toUpperCase()}`,
      status: options.registrationStatus ?? 'confirmed',
      locale: options.registrationLocale ?? 'fr',
      contactName: 'Léa Contact',
      contactEmail: company.contactEmail,
      currency: 'USD',
      totalMinor: 15000,
      paidMinor: 15000,
      privacyAcceptedAt: new Date(),
      confirmedAt: new Date(),
    })
    .returning()
  const people = options.attendees ?? [
    { firstName: 'Aimé', lastName: 'Joseph', locale: 'fr' as const },
    { firstName: 'Grace', lastName: 'Miller', locale: 'en' as const },
  ]
  const attendeeRows = []
  for (const [i, person] of people.entries()) {
    const [row] = await db
      .insert(attendees)
      .values({
        registrationId: registration.id,
        eventId: event.id,
        ticketTypeId: ticketType.id,
        status: person.status ?? 'active',
        firstName: person.firstName ?? `Prénom${i}`,
        lastName: person.lastName ?? `Nom${i}`,
        email: person.email ?? `delegue-${i}-${key}@entreprise.example`,
        locale: person.locale ?? 'fr',
        calendarUid: `attendee-${key}-${i}@passerelle.test`,
        checkInSecret: `secret-${key}-${i}`,
        cancelledAt: person.status === 'cancelled' ? new Date() : null,
      })
      .returning()
    attendeeRows.push(row)
  }
  const items = []
  const contacts = []
  if (options.programme?.length) {
    const [partner] = await db
      .insert(partners)
      .values({ organisationId: org.id, slug: `miami-dade-${key}`, name: 'Miami-Dade County', kind: 'public_body' })
      .returning()
    for (const [i, spec] of options.programme.entries()) {
      const itemStart = new Date(startsAt.getTime() + spec.offsetMinutes * 60_000)
      const [item] = await db
        .insert(programmeItems)
        .values({
          eventId: event.id,
          kind: 'meeting',
          title: { fr: `Rencontre ${i + 1}`, en: `Meeting ${i + 1}` },
          description: { fr: 'Rencontre avec les acheteurs', en: 'Meeting the buyers' },
          startsAt: itemStart,
          endsAt: new Date(itemStart.getTime() + spec.durationMinutes * 60_000),
          place: 'Salle Biscayne',
          address: '200 S Biscayne Blvd, Miami',
          position: i,
        })
        .returning()
      items.push(item)
      for (let c = 0; c < spec.contacts; c++) {
        const [contact] = await db
          .insert(partnerContacts)
          .values({
            partnerId: partner.id,
            name: `Partner ${i}-${c}`,
            email: `partner-${i}-${c}-${key}@miamidade.example`,
            locale: c % 2 === 0 ? 'en' : 'fr',
          })
          .returning()
        await db.insert(programmeItemContacts).values({
          programmeItemId: item.id,
          partnerContactId: contact.id,
          calendarUid: `item-${item.id}-${contact.id}@passerelle.test`,
        })
        contacts.push({ contact, item })
      }
    }
  }
  return { org, event, ticketType, company, registration, attendees: attendeeRows, items, contacts }
}

export type MailFixture = Awaited<ReturnType<typeof createMailFixture>>
