/**
 * Demo data for B2B matchmaking on the demo B2B meetup: sellers and buyers registered through the
 * registration service, profiles in French and English, a meeting session, requests in every
 * state, and a published schedule, so `npm run dev` shows the marketplace, the dashboard and the
 * agendas, and the dev mailbox holds real meeting invitations. Everything goes through the
 * services (same rules, same jobs). Idempotent: skipped once the event has B2B settings.
 */
import { eq, sql } from 'drizzle-orm'
import type { Database } from './client'
import { b2bSettings, events, questions, ticketTypes } from './schema/index'

type Company = { name: string; country: string; city: string; email: string; locale: 'fr' | 'en'; people: [string, string][]; role: 'seller' | 'buyer'; about: { fr?: string; en?: string }; sector: string; entries: { direction: 'offer' | 'need'; type: 'product' | 'service' | 'distribution' | 'partnership' | 'investment'; titleFr?: string; titleEn?: string }[] }

const COMPANIES: Company[] = [
  {
    name: 'Cosmétiques Madinina', country: 'MQ', city: 'Fort-de-France', email: 'contact@cosmetiques-madinina.example', locale: 'fr', role: 'seller', sector: 'cosmetics',
    people: [['Aurélie', 'Joseph']],
    about: { fr: 'Soins naturels à base de plantes de Martinique.', en: 'Natural skincare made with Martinique plants.' },
    entries: [{ direction: 'offer', type: 'product', titleFr: 'Gamme de soins au coco', titleEn: 'Coconut skincare range' }, { direction: 'need', type: 'distribution', titleFr: 'Distributeur en Floride', titleEn: 'Florida distributor' }],
  },
  {
    name: 'Confitures de Sainte-Luce', country: 'MQ', city: 'Sainte-Luce', email: 'bonjour@confitures-sainte-luce.example', locale: 'fr', role: 'seller', sector: 'food',
    people: [['Max', 'Rosier']],
    about: { fr: 'Confitures et sirops de fruits tropicaux.' },
    entries: [{ direction: 'offer', type: 'product', titleFr: 'Confitures de goyave et de maracudja' }],
  },
  {
    name: 'Sunshine Gourmet Markets', country: 'US', city: 'Miami', email: 'buying@sunshine-gourmet.example', locale: 'en', role: 'buyer', sector: 'retail',
    people: [['Laura', 'Diaz']],
    about: { en: 'Twelve gourmet food stores across South Florida.' },
    entries: [{ direction: 'need', type: 'product', titleEn: 'Caribbean specialty foods' }],
  },
  {
    name: 'Brickell Hotels Group', country: 'US', city: 'Miami', email: 'procurement@brickell-hotels.example', locale: 'en', role: 'buyer', sector: 'hospitality',
    people: [['James', 'Carter'], ['Nina', 'Patel']],
    about: { en: 'Boutique hotels looking for Caribbean amenities and spirits.', fr: 'Hôtels de charme à la recherche de produits d’accueil et de spiritueux caribéens.' },
    entries: [{ direction: 'need', type: 'product', titleEn: 'Rum for our bars', titleFr: 'Rhum pour nos bars' }, { direction: 'need', type: 'product', titleEn: 'Guest amenities' }],
  },
]

export async function seedDemoB2b(db: Database): Promise<boolean> {
  const [event] = await db.select().from(events).where(sql`${events.slug} like 'b2b-martinique-florida-buyers%' and ${events.startsAt} > now()`).orderBy(events.startsAt).limit(1)
  if (!event) return false
  const [done] = await db.select({ id: b2bSettings.eventId }).from(b2bSettings).where(eq(b2bSettings.eventId, event.id))
  if (done) return false
  const { registerCompany } = await import('../app/modules/registration/intake.server')
  const { participantOfRegistration, saveProfile } = await import('../app/modules/b2b/participants.server')
  const { answerRequest, expireRequests, sendRequest } = await import('../app/modules/b2b/requests.server')
  const { addSession, saveSettings } = await import('../app/modules/b2b/sessions.server')
  const { publishSchedule, scheduleAll } = await import('../app/modules/b2b/scheduling.server')
  const { DateTime } = await import('luxon')

  const [guest] = await db.select({ id: ticketTypes.id }).from(ticketTypes).where(sql`${ticketTypes.eventId} = ${event.id} and ${ticketTypes.priceMinor} = 0`).limit(1)
  if (!guest) return false
  const textQuestions = await db.select({ id: questions.id }).from(questions).where(sql`${questions.eventId} = ${event.id} and ${questions.kind} = 'text'`)
  await saveSettings(event.id, { requestExpiryHours: 72, maxOpenRequests: 10, slotMinutes: 20 }, db)
  const day = DateTime.fromJSDate(event.startsAt, { zone: event.timezone }).toISODate()!
  await addSession(event, { day, startTime: '10:00', endTime: '13:00', slotMinutes: 20, tableCount: 4, breaks: ['11:20-11:40'] }, db)

  const ctx = new Map<string, Awaited<ReturnType<typeof participantOfRegistration>>>()
  // The demo company of seed.ts (Rhums du Carbet) is a seller already registered with two delegates.
  const [carbet] = await db.execute<{ id: string }>(sql`select id from registration where event_id = ${event.id} and lower(contact_email) = 'export@rhums-du-carbet.example' limit 1`)
  if (carbet) {
    const c = await participantOfRegistration(carbet.id, db)
    await saveProfile(c, { role: 'seller', listingConsent: true, aboutFr: 'Distillerie familiale, rhums agricoles AOC Martinique.', aboutEn: 'Family distillery, AOC Martinique agricultural rum.', sector: 'spirits', targetMarkets: ['US-FL', 'CA'], languages: ['fr', 'en'], logoUrl: '', entries: [{ direction: 'offer', type: 'product', titleFr: 'Rhum agricole vieux', titleEn: 'Aged agricultural rum' }, { direction: 'need', type: 'distribution', titleFr: 'Importateur en Floride', titleEn: 'Florida importer' }] }, db)
    ctx.set('Rhums du Carbet', c)
  }
  for (const company of COMPANIES) {
    const result = await registerCompany(
      {
        eventId: event.id,
        locale: company.locale,
        tickets: [{ ticketTypeId: guest.id, quantity: company.people.length }],
        company: { name: company.name, city: company.city, country: company.country, exportInterests: [], contactName: company.people[0].join(' '), contactEmail: company.email },
        attendees: company.people.map(([firstName, lastName]) => ({ ticketTypeId: guest.id, firstName, lastName, email: `${firstName.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase()}@${company.email.split('@')[1]}`, locale: company.locale })),
        answers: Object.fromEntries(textQuestions.map((q) => [q.id, company.entries[0].titleEn ?? company.entries[0].titleFr ?? company.name])),
        eligibility: {},
        privacyAccepted: true,
        listingConsent: true,
      },
      { db },
    )
    const c = await participantOfRegistration(result.registrationId, db)
    await saveProfile(c, { role: company.role, listingConsent: true, aboutFr: company.about.fr, aboutEn: company.about.en, sector: company.sector, targetMarkets: company.role === 'seller' ? ['US-FL'] : ['MQ', 'GP'], languages: company.locale === 'fr' ? ['fr'] : ['en', 'es'], logoUrl: '', entries: company.entries }, db)
    ctx.set(company.name, c)
  }
  const get = (name: string) => ctx.get(name)!
  const ask = (from: string, to: string, message: string, options: { mustMeet?: boolean; now?: Date } = {}) =>
    sendRequest(get(from), { toCompanyId: get(to).company.id, message, mustMeet: options.mustMeet ?? false }, { db, now: options.now })
  const accept = async (from: string, to: string, message: string, mustMeet = false) => {
    const r = await ask(from, to, message, { mustMeet })
    await answerRequest(r.id, get(to).company.id, 'accepted', { db })
  }
  if (ctx.has('Rhums du Carbet')) {
    await accept('Rhums du Carbet', 'Brickell Hotels Group', 'Nos rhums vieux pour vos bars ?', true)
    await accept('Sunshine Gourmet Markets', 'Rhums du Carbet', 'We would love to taste your rums.')
  }
  await accept('Cosmétiques Madinina', 'Brickell Hotels Group', 'Des produits d’accueil naturels pour vos chambres ?')
  await accept('Sunshine Gourmet Markets', 'Confitures de Sainte-Luce', 'Your guava jam would suit our stores.')
  const declined = await ask('Confitures de Sainte-Luce', 'Brickell Hotels Group', 'Des confitures pour vos petits-déjeuners ?')
  await answerRequest(declined.id, get('Brickell Hotels Group').company.id, 'declined', { db })
  await ask('Cosmétiques Madinina', 'Sunshine Gourmet Markets', 'Notre gamme au coco pour vos rayons ?')
  // One request sent four days ago and never answered: expired by the job's sweep.
  await ask('Brickell Hotels Group', 'Confitures de Sainte-Luce', 'Sugar-free options?', { now: new Date(Date.now() - 4 * 86_400_000) })
  await expireRequests(new Date(), db)

  await scheduleAll(event.id, db)
  await publishSchedule(event.id, db)
  return true
}
