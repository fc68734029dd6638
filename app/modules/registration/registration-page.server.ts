/** Read-side data for the public registration and management pages (no writes here). */
import { and, asc, eq, sql } from 'drizzle-orm'
import { getDb } from '#db/client'
import { attendees, codes, codeTicketTypes, companies, events, organisations, questions, registrations, ticketTypes } from '#db/schema/index'
import { getAvailability } from './availability.server'
import { resolveManagementToken } from './management-link.server'
import type { RefusalCode } from '~/utils/refusal'
import { findOffer } from './waitlist.server'

export async function findPublishedEventBySlug(slug: string) {
  const [event] = await getDb()
    .select()
    .from(events)
    .innerJoin(organisations, eq(organisations.id, events.organisationId))
    .where(and(eq(events.slug, slug), eq(events.status, 'published')))
    .orderBy(sql`${organisations.isDefault} desc`)
    .limit(1)
  return event?.event ?? null
}

export type CodePreview = { code: string; kind: 'discount' | 'invitation' | 'funder'; ticketTypeIds: string[]; eligibilityQuestions: { key: string; label: { fr: string; en: string }; required: boolean }[] }

/** A code as the form shows it (unlocks, eligibility questions), or the reason it cannot be used. */
export async function previewCode(eventId: string, text: string, now = new Date()): Promise<CodePreview | { error: RefusalCode }> {
  const db = getDb()
  const [row] = await db.select().from(codes).where(and(eq(codes.eventId, eventId), sql`upper(${codes.code}) = upper(${text})`))
  if (!row) {
    const [elsewhere] = await db.select({ id: codes.id }).from(codes).where(sql`upper(${codes.code}) = upper(${text})`).limit(1)
    return { error: elsewhere ? 'codeWrongEvent' : 'codeInvalid' }
  }
  if ((row.validFrom && now < row.validFrom) || (row.validUntil && now >= row.validUntil)) return { error: 'codeExpired' }
  if (row.maxUses !== null && row.uses >= row.maxUses) return { error: 'codeExhausted' }
  const types = await db.select({ id: codeTicketTypes.ticketTypeId }).from(codeTicketTypes).where(eq(codeTicketTypes.codeId, row.id))
  return { code: row.code, kind: row.kind, ticketTypeIds: types.map((t) => t.id), eligibilityQuestions: row.kind === 'funder' ? (row.eligibilityQuestions ?? []) : [] }
}

export async function getRegistrationPage(slug: string, options: PageOptions = {}) {
  const event = await findPublishedEventBySlug(slug)
  if (!event) return null
  const db = getDb()
  const [types, eventQuestions, seats] = await Promise.all([
    db
      .select()
      .from(ticketTypes)
      .where(and(eq(ticketTypes.eventId, event.id), eq(ticketTypes.active, true)))
      .orderBy(asc(ticketTypes.position), asc(ticketTypes.id)),
    db.select().from(questions).where(eq(questions.eventId, event.id)).orderBy(asc(questions.position)),
    getAvailability(db, event.id),
  ])
  const code = options.code ? await previewCode(event.id, options.code) : null
  const offer = options.offerToken ? await findOffer(options.offerToken) : null
  const validOffer = offer && offer.eventId === event.id ? offer : null
  const unlocked = (t: (typeof types)[number]) =>
    !t.hidden ||
    (code && !('error' in code) && code.kind === 'invitation' && (code.ticketTypeIds.length === 0 || code.ticketTypeIds.includes(t.id))) ||
    validOffer?.ticketTypeId === t.id
  const now = new Date()
  const registrationOpen =
    !(event.registrationOpensAt && now < event.registrationOpensAt) && !(event.registrationClosesAt && now >= event.registrationClosesAt) && now < event.startsAt
  return {
    event,
    registrationOpen,
    ticketTypes: types.filter(unlocked).map((t) => ({
      id: t.id,
      name: t.name,
      description: t.description,
      priceMinor: t.priceMinor,
      minPerOrder: t.minPerOrder,
      maxPerOrder: t.maxPerOrder,
      hidden: t.hidden,
      onSale: !(t.salesStartAt && now < t.salesStartAt) && !(t.salesEndAt && now >= t.salesEndAt),
      seatsLeft: seatsLeftOf(t.id, seats, validOffer),
    })),
    questions: eventQuestions.map((q) => ({ id: q.id, kind: q.kind, label: q.label, options: q.options, required: q.required })),
    code,
    offer: validOffer,
    offerInvalid: Boolean(options.offerToken) && !validOffer,
  }
}

/** Seats the page shows for a ticket type: an offer's own seats are set aside for its holder. */
function seatsLeftOf(ticketTypeId: string, seats: Map<string, number | null>, offer: { ticketTypeId: string; quantity: number } | null) {
  const left = seats.get(ticketTypeId)
  return left === null ? null : (left ?? 0) + (offer?.ticketTypeId === ticketTypeId ? offer.quantity : 0)
}

export type RegistrationPage = NonNullable<Awaited<ReturnType<typeof getRegistrationPage>>>
type PageOptions = { code?: string | null; offerToken?: string | null }

/**
 * The registration page read once per request. React Router runs the page's loader after an action
 * that answered without redirecting (a refusal), with the same load context: the loader renders
 * what the action read, moments before, instead of reading it all again. Keyed by that context
 * (the loader gets a new Request); a read with other options (a code, an offer) is its own.
 */
const pagesOfRequest = new WeakMap<object, { key: string; page: Promise<RegistrationPage | null> }>()

export function registrationPageOfRequest(context: object, slug: string, options: PageOptions = {}): Promise<RegistrationPage | null> {
  const key = JSON.stringify([slug, options.code ?? null, options.offerToken ?? null])
  const kept = pagesOfRequest.get(context)
  if (kept?.key === key) return kept.page
  const page = getRegistrationPage(slug, options)
  pagesOfRequest.set(context, { key, page })
  // A failed read is not remembered.
  page.catch(() => pagesOfRequest.delete(context))
  return page
}

/**
 * After a refusal decided under the lock (`busy`, or `soldOut` with other seats than the page
 * showed): this request's page with its seats counted again, one read instead of the page's four.
 * Only the seats are what the lock learnt; the rest is the page read moments before (decision 036).
 */
export function recountRegistrationSeats(context: object) {
  const kept = pagesOfRequest.get(context)
  if (!kept) return
  const page = kept.page.then(async (read) => {
    if (!read) return read
    const seats = await getAvailability(getDb(), read.event.id)
    return { ...read, ticketTypes: read.ticketTypes.map((t) => ({ ...t, seatsLeft: seatsLeftOf(t.id, seats, read.offer) })) }
  })
  pagesOfRequest.set(context, { key: kept.key, page })
  page.catch(() => pagesOfRequest.delete(context))
}

/** Everything the management page shows, or null for a wrong or expired token. */
export async function getManagedRegistration(token: string) {
  const db = getDb()
  const registrationId = await resolveManagementToken(db, token)
  if (!registrationId) return null
  const [row] = await db
    .select({ registration: registrations, event: events, company: companies })
    .from(registrations)
    .innerJoin(events, eq(events.id, registrations.eventId))
    .innerJoin(companies, eq(companies.id, registrations.companyId))
    .where(eq(registrations.id, registrationId))
  if (!row) return null
  const [people, types, seats] = await Promise.all([
    db.select().from(attendees).where(eq(attendees.registrationId, registrationId)).orderBy(asc(attendees.createdAt), asc(attendees.id)),
    db.select().from(ticketTypes).where(eq(ticketTypes.eventId, row.event.id)).orderBy(asc(ticketTypes.position)),
    getAvailability(db, row.event.id),
  ])
  const cutoff = new Date(row.event.startsAt.getTime() - row.event.changeCutoffHours * 3_600_000)
  return { ...row, attendees: people, ticketTypes: types, seatsLeft: seats, changeCutoff: cutoff, changesOpen: new Date() < cutoff }
}

