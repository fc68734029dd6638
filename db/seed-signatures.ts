/**
 * Demo data for signed attendance sheets: a past mission to Miami (ended last month) with two
 * programme sessions and three delegates of two demo companies, all checked in; two of them
 * signed the morning workshop on the tablet, the third did not (the missing signature), and
 * nobody has signed the afternoon visit yet. So the signatures page, the participation ledger
 * and the pack's `evidence/signatures/` have something to show after `npm run dev`.
 * Idempotent: skipped once the mission exists.
 */
import crypto from 'node:crypto'
import { eq, sql } from 'drizzle-orm'
import { DateTime } from 'luxon'
import { PNG } from 'pngjs'
import type { Database } from './client'
import { attendanceSignatures, attendees, companies, eventPartners, events, organisations, partners, programmeItems, registrations, ticketTypes, userRoles, users } from './schema/index'

export const DEMO_SIGNATURES_SLUG = 'mission-miami-emargement-demo'

/** A pad-like PNG: a dark, wavy stroke on a transparent 360×120 box (different per person). */
function demoSignature(seed: number) {
  const width = 360
  const height = 120
  const data = Buffer.alloc(width * height * 4)
  for (let x = 24; x < 336; x++) {
    const y = 60 + Math.round(28 * Math.sin((x + seed * 37) / (11 + seed)) * Math.cos(x / 53))
    for (let dy = -1; dy <= 1; dy++) data.set([15, 23, 42, 255], ((y + dy) * width + x) * 4)
  }
  return PNG.sync.write({ width, height, data })
}

const PEOPLE = [
  { company: 'export@rhums-du-carbet.example', first: 'Léa', last: 'Marie-Sainte', email: 'lea.marie-sainte', signs: true },
  { company: 'export@rhums-du-carbet.example', first: 'Didier', last: 'Lordinot', email: 'didier.lordinot', signs: true },
  { company: 'contact@cosmetiques-madinina.example', first: 'Nadia', last: 'Péronnet', email: 'nadia.peronnet', signs: false },
]

export async function seedDemoSignatures(db: Database): Promise<boolean> {
  const [org] = await db.select({ id: organisations.id }).from(organisations).orderBy(sql`${organisations.slug} = 'ccem' desc`, sql`${organisations.isDefault} desc`).limit(1)
  if (!org) return false
  const [done] = await db.select({ id: events.id }).from(events).where(sql`${events.organisationId} = ${org.id} and ${events.slug} = ${DEMO_SIGNATURES_SLUG}`)
  if (done) return false
  const [organiser] = await db.select({ id: users.id }).from(users).innerJoin(userRoles, eq(userRoles.userId, users.id)).where(sql`${users.organisationId} = ${org.id} and ${userRoles.role} in ('organiser', 'admin')`).limit(1)
  const [region] = await db.select({ id: partners.id }).from(partners).where(sql`${partners.organisationId} = ${org.id} and ${partners.slug} = 'region-martinique'`)
  const people: ((typeof PEOPLE)[number] & { companyId: string })[] = []
  for (const p of PEOPLE) {
    const [company] = await db.select({ id: companies.id, name: companies.name }).from(companies).where(sql`${companies.organisationId} = ${org.id} and lower(${companies.contactEmail}) = ${p.company}`).limit(1)
    if (!company) return false
    people.push({ ...p, companyId: company.id })
  }
  const zone = 'America/New_York'
  const day = DateTime.now().setZone(zone).minus({ days: 35 }).startOf('day')
  const at = (hour: number, minute = 0) => day.set({ hour, minute }).toJSDate()
  return db.transaction(async (tx) => {
    const [event] = await tx
      .insert(events)
      .values({
        organisationId: org.id,
        slug: DEMO_SIGNATURES_SLUG,
        kind: 'delegation',
        status: 'published',
        title: { fr: 'Mission Miami : agroalimentaire (passée, émargement)', en: 'Miami mission: food and drink (past, attendance sheets)' },
        summary: { fr: 'Mission passée, pour voir les feuilles d’émargement signées.', en: 'A past mission, to show signed attendance sheets.' },
        description: { fr: 'Données de démonstration.', en: 'Demo data.' },
        timezone: zone,
        startsAt: at(8, 30),
        endsAt: at(18),
        venueName: 'Miami Dade College — Wolfson Campus',
        venueAddress: '300 NE 2nd Ave',
        venueCity: 'Miami',
        currency: 'EUR',
        approvalRequired: true,
        publishedAt: at(8),
      })
      .returning()
    if (region) await tx.insert(eventPartners).values({ eventId: event.id, partnerId: region.id, role: 'funder' })
    const [ticket] = await tx.insert(ticketTypes).values({ eventId: event.id, name: { fr: 'Délégué', en: 'Delegate' }, priceMinor: 0, active: false }).returning()
    const [workshop] = await tx
      .insert(programmeItems)
      .values([
        { eventId: event.id, title: { fr: 'Atelier : exporter vers la Floride', en: 'Workshop: exporting to Florida' }, startsAt: at(9), endsAt: at(11, 30), place: 'Salle 3210', position: 0 },
        { eventId: event.id, title: { fr: 'Visite de PortMiami', en: 'PortMiami visit' }, startsAt: at(14), endsAt: at(16), place: 'PortMiami', position: 1 },
      ])
      .returning()
    const byCompany = new Map<string, string>()
    let n = 0
    for (const p of people) {
      let registrationId = byCompany.get(p.companyId)
      if (!registrationId) {
        const [reg] = await tx
          .insert(registrations)
          .values({
            eventId: event.id,
            companyId: p.companyId,
            reference: `DEMO-SIG-${byCompany.size + 1}-${crypto.randomBytes(2).toString('hex').toUpperCase()}`,
            status: 'confirmed',
            contactName: `${p.first} ${p.last}`,
            contactEmail: p.company,
            currency: 'EUR',
            privacyAcceptedAt: at(8),
            confirmedAt: at(8),
          })
          .returning()
        registrationId = reg.id
        byCompany.set(p.companyId, reg.id)
      }
      const [attendee] = await tx
        .insert(attendees)
        .values({
          registrationId,
          eventId: event.id,
          ticketTypeId: ticket.id,
          firstName: p.first,
          lastName: p.last,
          email: `${p.email}@${p.company.split('@')[1]}`,
          calendarUid: `${crypto.randomUUID()}@passerelle.demo`,
          checkInSecret: crypto.randomBytes(16).toString('hex'),
          checkedInAt: at(8, 40 + n * 5),
        })
        .returning()
      if (p.signs)
        await tx.insert(attendanceSignatures).values({ programmeItemId: workshop.id, attendeeId: attendee.id, method: 'tablet', signedAt: at(8, 50 + n * 3), signaturePng: demoSignature(n + 1), collectedByUserId: organiser?.id ?? null })
      n++
    }
    return true
  })
}
