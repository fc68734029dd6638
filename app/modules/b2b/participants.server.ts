/**
 * Who takes part in a B2B meetup and how they present themselves: the participant row (role,
 * listing consent), the matchmaking profile with its entries, and the marketplace that lists
 * the others. A company joins through its confirmed registration (its management link).
 */
import { and, asc, eq, inArray, ne, sql } from 'drizzle-orm'
import { getDb, type DbOrTx } from '#db/client'
import {
  attendees,
  b2bParticipants,
  b2bProfileEntries,
  b2bProfiles,
  companies,
  events,
  registrations,
  type B2bEntryType,
  type B2bRole,
  type PartialLocalizedText,
} from '#db/schema/index'
import type { Locale } from '~/locales'
import { Refusal } from '~/utils/refusal'
import { resolveManagementToken } from '~/modules/registration/management-link.server'
import type { ProfileInput } from './b2b-schemas'

export type Participant = typeof b2bParticipants.$inferSelect

/**
 * The B2B side of a registration: its event must be a B2B meetup and the registration confirmed.
 * The participant row is created on first use (a Martinique company starts as a seller, any
 * other as a buyer; consent follows the registration's listing consent), so every company
 * registered for the meetup is in it without an extra step.
 */
export async function participantOfRegistration(registrationId: string, db: DbOrTx = getDb()) {
  const [found] = await db
    .select({ registration: registrations, event: events, company: companies })
    .from(registrations)
    .innerJoin(events, eq(events.id, registrations.eventId))
    .innerJoin(companies, eq(companies.id, registrations.companyId))
    .where(eq(registrations.id, registrationId))
  if (!found || found.event.kind !== 'b2b_meetup') throw new Refusal('notFound')
  if (found.registration.status !== 'confirmed') throw new Refusal('b2bNotConfirmed')
  await db
    .insert(b2bParticipants)
    .values({
      eventId: found.event.id,
      companyId: found.company.id,
      registrationId,
      role: found.company.country === 'MQ' ? 'seller' : 'buyer',
      listingConsent: found.registration.listingConsent,
    })
    .onConflictDoNothing()
  const [participant] = await db
    .select()
    .from(b2bParticipants)
    .where(and(eq(b2bParticipants.eventId, found.event.id), eq(b2bParticipants.companyId, found.company.id)))
  return { participant, event: found.event, company: found.company, registration: found.registration }
}

export type ParticipantContext = Awaited<ReturnType<typeof participantOfRegistration>>

/** The company's profile with its entries, or null before it is written. */
export async function profileOf(eventId: string, companyId: string, db: DbOrTx = getDb()) {
  const [profile] = await db.select().from(b2bProfiles).where(and(eq(b2bProfiles.eventId, eventId), eq(b2bProfiles.companyId, companyId)))
  if (!profile) return null
  const entries = await db.select().from(b2bProfileEntries).where(eq(b2bProfileEntries.profileId, profile.id)).orderBy(asc(b2bProfileEntries.position))
  return { ...profile, entries }
}

const clean = (text: PartialLocalizedText): PartialLocalizedText =>
  Object.fromEntries(Object.entries(text).filter(([, v]) => typeof v === 'string' && v.trim() !== '').map(([k, v]) => [k, v!.trim()]))

/** Writes the profile (role, consent, texts, entries) in one transaction; entries are replaced. */
export async function saveProfile(ctx: ParticipantContext, input: ProfileInput, db = getDb()) {
  const about = clean({ fr: input.aboutFr, en: input.aboutEn })
  if (!about.fr && !about.en) throw new Refusal('b2bProfileTextRequired', { field: 'aboutFr' })
  await db.transaction(async (tx) => {
    await tx
      .update(b2bParticipants)
      .set({ role: input.role, listingConsent: input.listingConsent })
      .where(and(eq(b2bParticipants.eventId, ctx.event.id), eq(b2bParticipants.companyId, ctx.company.id)))
    const values = {
      about,
      sector: input.sector || null,
      targetMarkets: input.targetMarkets,
      languages: input.languages,
      logoUrl: input.logoUrl || null,
    }
    const [profile] = await tx
      .insert(b2bProfiles)
      .values({ eventId: ctx.event.id, companyId: ctx.company.id, ...values })
      .onConflictDoUpdate({ target: [b2bProfiles.eventId, b2bProfiles.companyId], set: { ...values, updatedAt: new Date() } })
      .returning({ id: b2bProfiles.id })
    await tx.delete(b2bProfileEntries).where(eq(b2bProfileEntries.profileId, profile.id))
    const entries = input.entries.filter((e) => (e.titleFr ?? '').trim() || (e.titleEn ?? '').trim())
    if (entries.length)
      await tx.insert(b2bProfileEntries).values(
        entries.map((e, position) => ({
          profileId: profile.id,
          direction: e.direction,
          type: e.type,
          title: clean({ fr: e.titleFr, en: e.titleEn }),
          description: clean({ fr: e.descriptionFr, en: e.descriptionEn }),
          sector: e.sector || null,
          position,
        })),
      )
  })
}

/** The reader's language when the text has it, else the other one. */
export function inLocale(text: PartialLocalizedText | null | undefined, locale: Locale): string {
  if (!text) return ''
  return text[locale] || text[locale === 'fr' ? 'en' : 'fr'] || ''
}

export type MarketplaceFilter = { role?: B2bRole; sector?: string; entryType?: B2bEntryType; language?: string; q?: string }

/**
 * The other participants of the event who consented to be listed and wrote a profile, filtered
 * by role, sector, entry type, language spoken and a free-text search (name, about, entries).
 */
export async function marketplace(eventId: string, viewerCompanyId: string, filter: MarketplaceFilter, locale: Locale, db: DbOrTx = getDb()) {
  const conditions = [eq(b2bParticipants.eventId, eventId), eq(b2bParticipants.listingConsent, true), ne(b2bParticipants.companyId, viewerCompanyId)]
  if (filter.role) conditions.push(eq(b2bParticipants.role, filter.role))
  if (filter.sector) conditions.push(sql`(lower(${b2bProfiles.sector}) = lower(${filter.sector}) or exists (select 1 from b2b_profile_entry e where e.profile_id = ${b2bProfiles.id} and lower(e.sector) = lower(${filter.sector})))`)
  if (filter.entryType) conditions.push(sql`exists (select 1 from b2b_profile_entry e where e.profile_id = ${b2bProfiles.id} and e.type = ${filter.entryType})`)
  if (filter.language) conditions.push(sql`${filter.language} = any(${b2bProfiles.languages})`)
  if (filter.q?.trim()) {
    const like = `%${filter.q.trim().toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`
    conditions.push(sql`(lower(${companies.name}) like ${like} or lower(${b2bProfiles.about}::text) like ${like}
      or exists (select 1 from b2b_profile_entry e where e.profile_id = ${b2bProfiles.id} and (lower(e.title::text) like ${like} or lower(e.description::text) like ${like})))`)
  }
  const rows = await db
    .select({ participant: b2bParticipants, profile: b2bProfiles, companyName: companies.name, country: companies.country })
    .from(b2bParticipants)
    .innerJoin(b2bProfiles, and(eq(b2bProfiles.eventId, b2bParticipants.eventId), eq(b2bProfiles.companyId, b2bParticipants.companyId)))
    .innerJoin(companies, eq(companies.id, b2bParticipants.companyId))
    .where(and(...conditions))
    .orderBy(asc(companies.name))
    .limit(200)
  const entries = rows.length
    ? await db.select().from(b2bProfileEntries).where(inArray(b2bProfileEntries.profileId, rows.map((r) => r.profile.id))).orderBy(asc(b2bProfileEntries.position))
    : []
  return rows.map((r) => ({
    companyId: r.participant.companyId,
    name: r.companyName,
    country: r.country,
    role: r.participant.role,
    sector: r.profile.sector,
    languages: r.profile.languages,
    targetMarkets: r.profile.targetMarkets,
    about: inLocale(r.profile.about, locale),
    entries: entries
      .filter((e) => e.profileId === r.profile.id)
      .map((e) => ({ direction: e.direction, type: e.type, title: inLocale(e.title, locale), description: inLocale(e.description, locale), sector: e.sector })),
  }))
}

/** The confirmed, active delegates of a company on the event (who can serve meetings). */
export async function delegatesOf(registrationId: string, db: DbOrTx = getDb()) {
  return db
    .select({ id: attendees.id, firstName: attendees.firstName, lastName: attendees.lastName, email: attendees.email, locale: attendees.locale })
    .from(attendees)
    .where(and(eq(attendees.registrationId, registrationId), eq(attendees.status, 'active')))
    .orderBy(asc(attendees.lastName), asc(attendees.firstName))
}

/** The participant a management link opens, or null (wrong link, not a B2B meetup). Unconfirmed: `b2bNotConfirmed`. */
export async function participantOfToken(token: string, db: DbOrTx = getDb()) {
  const registrationId = await resolveManagementToken(db, token)
  if (!registrationId) return null
  try {
    return await participantOfRegistration(registrationId, db)
  } catch (error) {
    if (error instanceof Refusal && error.code === 'notFound') return null
    throw error
  }
}
