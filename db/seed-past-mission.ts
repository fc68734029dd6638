/**
 * A past B2B mission for the funders' demo, so a report for last year has something to show:
 * eight Martinique companies of several sectors and sizes (plus two Florida buyers) met in Miami
 * in March of last year; B2B meetings held, 6- and 12-month follow-ups answered over the
 * following months, a budget line in euros shared by the Région and the CTM, and the Région's
 * aid recorded in the de minimis register (`recordMissionAid`, as the organiser's button does).
 * Written with plain inserts: the registration services refuse a mission that is over, by design.
 * Idempotent: skipped when the mission exists.
 */
import crypto from 'node:crypto'
import { and, eq, sql } from 'drizzle-orm'
import { DateTime } from 'luxon'
import type { Database } from './client'
import { attendees, companies, eventPartners, events, meetingFollowUps, meetings, meetingSlots, meetingTables, partners, registrations, ticketTypes } from './schema/index'

type DemoCompany = { name: string; email: string; country: string; siret?: string; naf?: string; headcount?: number; turnoverEur?: number; delegates: string[] }

const COMPANIES: DemoCompany[] = [
  { name: 'Rhums du Carbet', email: 'export@rhums-du-carbet.example', country: 'MQ', delegates: ['Céline Joseph-Angélique', 'Marc Bellance'] },
  { name: 'Cosmétiques Madinina', email: 'contact@cosmetiques-madinina.example', country: 'MQ', delegates: ['Sandrine Larcher'] },
  { name: 'Confitures de Sainte-Luce', email: 'bonjour@confitures-sainte-luce.example', country: 'MQ', delegates: ['Paul Edmond'] },
  { name: 'Caraïbes Logistique', email: 'direction@caraibes-logistique.example', country: 'MQ', siret: '73282932000074', naf: '52.29B', headcount: 85, turnoverEur: 14_000_000, delegates: ['Nadia Rosette'] },
  { name: 'Madinina Numérique', email: 'hello@madinina-numerique.example', country: 'MQ', siret: '44306184100047', naf: '62.01Z', headcount: 12, turnoverEur: 1_400_000, delegates: ['Yannick Zobda', 'Léa Marie-Sainte'] },
  { name: 'Atelier Bois Tropical', email: 'atelier@bois-tropical.example', country: 'MQ', siret: '55208131766522', naf: '16.23Z', headcount: 4, turnoverEur: 310_000, delegates: ['Jean-Luc Ursulet'] },
  { name: 'Hôtel Anse Caritan', email: 'resa@anse-caritan.example', country: 'MQ', naf: '55.10Z', headcount: 260, turnoverEur: 52_000_000, delegates: ['Isabelle Pinville'] },
  { name: 'Studio Tambou', email: 'studio@tambou.example', country: 'MQ', delegates: ['Alex Ducteil'] },
  { name: 'Brickell Fine Foods', email: 'buying@brickell-foods.example', country: 'US', delegates: ['Maria Delgado'] },
  { name: 'Coral Gables Retail Group', email: 'sourcing@cgrg.example', country: 'US', delegates: ['Tom Whitaker'] },
]

/** Meetings (by company index) and which follow-ups reported an agreement. */
const MEETINGS: { a: number; b: number; slot: number; agreement6?: boolean; agreement12?: boolean; valueUsd?: number }[] = [
  { a: 0, b: 8, slot: 0, agreement6: true, valueUsd: 40_000 },
  { a: 1, b: 9, slot: 0, agreement12: true, valueUsd: 15_000 },
  { a: 2, b: 8, slot: 1 },
  { a: 4, b: 9, slot: 1, agreement6: true, agreement12: true, valueUsd: 60_000 },
  { a: 5, b: 8, slot: 2, agreement12: true, valueUsd: 8_000 },
  { a: 6, b: 9, slot: 2 },
  { a: 3, b: 8, slot: 3, agreement6: true, valueUsd: 25_000 },
  { a: 7, b: 9, slot: 3 },
]

const token = () => crypto.randomBytes(12).toString('hex')

export async function seedDemoPastMission(db: Database): Promise<boolean> {
  const [org] = await db.execute<{ id: string }>(sql`select id from organisation where slug = 'ccem' limit 1`)
  if (!org) return false
  const year = new Date().getUTCFullYear() - 1
  const slug = `mission-b2b-miami-${year}`
  const [existing] = await db.select({ id: events.id }).from(events).where(and(eq(events.organisationId, org.id), eq(events.slug, slug)))
  if (existing) return false
  const zone = 'America/New_York'
  const day = `${year}-03-18`
  const at = (time: string) => DateTime.fromISO(`${day}T${time}`, { zone }).toJSDate()
  const [event] = await db
    .insert(events)
    .values({
      organisationId: org.id,
      slug,
      kind: 'b2b_meetup',
      status: 'published',
      title: { fr: `Mission B2B Miami ${year} — agroalimentaire, tourisme et numérique`, en: `Miami B2B mission ${year} — food, tourism and digital` },
      summary: { fr: 'Rendez-vous d’affaires avec des acheteurs de Floride.', en: 'Business meetings with Florida buyers.' },
      description: { fr: 'Mission passée de démonstration pour les rapports aux financeurs.', en: 'A past demo mission for the funders’ reports.' },
      timezone: zone,
      startsAt: at('09:00'),
      endsAt: at('17:00'),
      venueName: 'Miami Dade College — Wolfson Campus',
      venueAddress: '300 NE 2nd Ave',
      venueCity: 'Miami',
      currency: 'EUR',
    })
    .returning({ id: events.id })
  const [ticket] = await db.insert(ticketTypes).values({ eventId: event.id, name: { fr: 'Délégué', en: 'Delegate' } }).returning({ id: ticketTypes.id })
  const funders = new Map(
    (await db.select({ id: partners.id, slug: partners.slug }).from(partners).where(and(eq(partners.organisationId, org.id), eq(partners.isFunder, true)))).map((p) => [p.slug, p.id]),
  )
  const region = funders.get('region-martinique')
  const ctm = funders.get('ctm')
  if (region) await db.insert(eventPartners).values({ eventId: event.id, partnerId: region, role: 'funder' })
  if (ctm) await db.insert(eventPartners).values({ eventId: event.id, partnerId: ctm, role: 'funder' })

  const { saveCompanyLegal, saveYearFigures } = await import('../app/modules/companies/master-data.server')
  const people: { companyId: string; attendeeIds: string[] }[] = []
  for (const [i, c] of COMPANIES.entries()) {
    let [company] = await db.select({ id: companies.id }).from(companies).where(and(eq(companies.organisationId, org.id), sql`lower(${companies.contactEmail}) = ${c.email}`))
    if (!company) [company] = await db.insert(companies).values({ organisationId: org.id, name: c.name, country: c.country, contactEmail: c.email }).returning({ id: companies.id })
    if (c.naf) await saveCompanyLegal(db, org.id, company.id, { siret: c.siret, nafCode: c.naf })
    if (c.headcount !== undefined) await saveYearFigures(db, org.id, company.id, { year: year - 1, headcount: c.headcount, turnoverEurMinor: c.turnoverEur! * 100, balanceSheetEurMinor: Math.round(c.turnoverEur! * 60) })
    const [registration] = await db
      .insert(registrations)
      .values({ eventId: event.id, companyId: company.id, reference: `CCEM-P${year % 100}${String(i).padStart(2, '0')}`, status: 'confirmed', contactName: c.delegates[0], contactEmail: c.email, currency: 'EUR', privacyAcceptedAt: at('08:00'), confirmedAt: at('08:00') })
      .returning({ id: registrations.id })
    const ids: string[] = []
    for (const [j, name] of c.delegates.entries()) {
      const [first, ...last] = name.split(' ')
      const [row] = await db
        .insert(attendees)
        .values({ registrationId: registration.id, eventId: event.id, ticketTypeId: ticket.id, firstName: first, lastName: last.join(' '), email: `${j}.${c.email}`, calendarUid: `${token()}@passerelle.demo`, checkInSecret: token(), checkedInAt: j === 0 ? at(`08:${String(30 + i).padStart(2, '0')}`) : null })
        .returning({ id: attendees.id })
      ids.push(row.id)
    }
    people.push({ companyId: company.id, attendeeIds: ids })
  }

  const { addSession } = await import('../app/modules/b2b/sessions.server')
  await addSession({ id: event.id, timezone: zone }, { day, startTime: '10:00', endTime: '11:20', slotMinutes: 20, tableCount: 4, breaks: [] }, db)
  const slots = await db.select().from(meetingSlots).where(eq(meetingSlots.eventId, event.id)).orderBy(meetingSlots.startsAt)
  const tables = await db.select().from(meetingTables).where(eq(meetingTables.eventId, event.id)).orderBy(meetingTables.number)
  const answered = (months: number, offsetDays: number) => DateTime.fromISO(day, { zone }).plus({ months, days: offsetDays }).toJSDate()
  for (const [k, m] of MEETINGS.entries()) {
    const [p, q] = [people[m.a], people[m.b]].sort((x, y) => x.companyId.localeCompare(y.companyId))
    const [meeting] = await db
      .insert(meetings)
      .values({ eventId: event.id, slotId: slots[m.slot].id, tableId: tables[k % tables.length].id, companyAId: p.companyId, companyBId: q.companyId, delegateAId: p.attendeeIds[0], delegateBId: q.attendeeIds[0], status: 'published', calendarUid: `${token()}@passerelle.demo` })
      .returning({ id: meetings.id })
    const company = people[m.a].companyId
    await db.insert(meetingFollowUps).values([
      { meetingId: meeting.id, companyId: company, months: 6, sentAt: answered(6, 0), answeredAt: answered(6, 3 + k), talksStarted: true, agreementReached: !!m.agreement6, estimatedValueUsdMinor: m.agreement6 && m.valueUsd ? m.valueUsd * 100 : null },
      { meetingId: meeting.id, companyId: company, months: 12, sentAt: answered(12, 0), answeredAt: answered(12, 5 + k), talksStarted: true, agreementReached: !!m.agreement12, estimatedValueUsdMinor: m.valueUsd ? m.valueUsd * 100 : null },
    ])
  }

  if (region && ctm) {
    const { addBudgetLine } = await import('../app/modules/funders/budget.server')
    const { recordMissionAid } = await import('../app/modules/funders/aid-register.server')
    await addBudgetLine(org.id, { eventId: event.id, label: 'Salle, tables B2B et interprètes', amountMinor: 24_000_00, evidenceRef: `FAC-${year}-031`, shares: [{ funderPartnerId: region, shareBp: 7000 }, { funderPartnerId: ctm, shareBp: 3000 }] }, db)
    await recordMissionAid({ organisationId: org.id, eventId: event.id, funderPartnerId: region }, db)
  }
  return true
}
