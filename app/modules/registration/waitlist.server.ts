/**
 * Waiting list: companies queue for a sold-out ticket type; a freed seat becomes a time-limited
 * offer to the next in line (its seats are set aside while the offer runs); unclaimed offers pass on.
 */
// Load the job queue (and its registry) before notify.server: notify → queue → registry → notify is a cycle
// that leaves `notificationJobs` undefined when notify.server is the first of them imported.
import { and, asc, eq, inArray, sql } from 'drizzle-orm'
import { getDb, type Database } from '#db/client'
import { events, ticketTypes, waitlistEntries } from '#db/schema/index'
import { recordAudit } from '~/modules/audit/audit.server'
import { notify } from '~/modules/notifications/notify.server'
import { getEnv } from '~/utils/env.server'
import { hashToken, randomToken } from '~/utils/tokens.server'
import { Refusal } from '~/utils/refusal'
import { busyIfLockConflict, setLockTimeout } from '~/modules/locks/locks.server'
import { findShortfall } from './capacity'
import { waitlistInputSchema, type WaitlistInput } from './registration-schemas'
import { lockAndCountSeats } from './seats.server'

type Ctx = { db?: Database; now?: Date }
const SYSTEM = { label: 'system' }

export async function joinWaitlist(raw: WaitlistInput | unknown, ctx: Ctx = {}) {
  const parsed = waitlistInputSchema.safeParse(raw)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw new Refusal('invalidInput', { field: issue?.path.join('.'), details: { issues: parsed.error.issues } })
  }
  const input = parsed.data
  const db = ctx.db ?? getDb()
  const now = ctx.now ?? new Date()
  return db.transaction(async (tx) => {
    const [type] = await tx
      .select({ id: ticketTypes.id, hidden: ticketTypes.hidden, active: ticketTypes.active, status: events.status, startsAt: events.startsAt })
      .from(ticketTypes)
      .innerJoin(events, eq(events.id, ticketTypes.eventId))
      .where(and(eq(ticketTypes.id, input.ticketTypeId), eq(ticketTypes.eventId, input.eventId)))
    if (!type || !type.active || type.status !== 'published') throw new Refusal('invalidTicket', { field: 'ticketTypeId' })
    if (type.startsAt <= now) throw new Refusal('registrationClosed')
    const [existing] = await tx
      .select({ id: waitlistEntries.id, status: waitlistEntries.status })
      .from(waitlistEntries)
      .where(
        and(
          eq(waitlistEntries.ticketTypeId, input.ticketTypeId),
          sql`lower(${waitlistEntries.email}) = ${input.email}`,
          inArray(waitlistEntries.status, ['waiting', 'offered']),
        ),
      )
    if (existing) return { entryId: existing.id, status: existing.status, created: false }
    const [row] = await tx
      .insert(waitlistEntries)
      .values({ ...input, companyName: input.companyName ?? null })
      .returning({ id: waitlistEntries.id })
    await recordAudit(tx, { actor: { label: `company:${input.email}` }, action: 'waitlist.joined', subjectType: 'waitlist_entry', subjectId: row.id, data: { ticketTypeId: input.ticketTypeId, quantity: input.quantity } })
    return { entryId: row.id, status: 'waiting' as const, created: true }
  })
}

/**
 * Offers free seats to the next in line, per ticket type, first come first served: when the head
 * of a type's queue does not fit, later entries of that type wait too.
 */
export async function offerFreedSeats(eventId: string, ctx: Ctx = {}) {
  const db = ctx.db ?? getDb()
  const now = ctx.now ?? new Date()
  try {
    return await db.transaction(async (tx) => {
      await setLockTimeout(tx)
      const [event] = await tx
        .select({ id: events.id, status: events.status, startsAt: events.startsAt, waitlistOfferHours: events.waitlistOfferHours })
        .from(events)
        .where(eq(events.id, eventId))
      if (!event || event.status !== 'published' || event.startsAt <= now) return []
      const seats = await lockAndCountSeats(tx, eventId)
      const waiting = await tx
        .select()
        .from(waitlistEntries)
        .where(and(eq(waitlistEntries.eventId, eventId), eq(waitlistEntries.status, 'waiting')))
        .orderBy(asc(waitlistEntries.createdAt), asc(waitlistEntries.id))
        .for('update', { skipLocked: true })
      const blocked = new Set<string>()
      const offers: { entryId: string; token: string }[] = []
      for (const entry of waiting) {
        if (blocked.has(entry.ticketTypeId)) continue
        if (findShortfall(seats, new Map([[entry.ticketTypeId, entry.quantity]]))) {
          blocked.add(entry.ticketTypeId)
          continue
        }
        seats.usedByType.set(entry.ticketTypeId, (seats.usedByType.get(entry.ticketTypeId) ?? 0) + entry.quantity)
        const token = randomToken()
        const offerExpiresAt = new Date(now.getTime() + event.waitlistOfferHours * 3_600_000)
        await tx
          .update(waitlistEntries)
          .set({ status: 'offered', offerTokenHash: hashToken(token), offeredAt: now, offerExpiresAt })
          .where(eq(waitlistEntries.id, entry.id))
        await recordAudit(tx, { actor: SYSTEM, action: 'waitlist.offered', subjectType: 'waitlist_entry', subjectId: entry.id, data: { offerExpiresAt: offerExpiresAt.toISOString() } })
        // The token travels in the job payload: acceptable because the offer itself expires.
        await notify(tx, {
          kind: 'waitlist.offer',
          eventId,
          waitlistEntryId: entry.id,
          data: { token, url: offerUrl(entry.locale, token), offerExpiresAt: offerExpiresAt.toISOString() },
        })
        offers.push({ entryId: entry.id, token })
      }
      return offers
    })
  } catch (error) {
    return busyIfLockConflict(error)
  }
}

export function offerUrl(locale: 'fr' | 'en', token: string) {
  return `${getEnv().PUBLIC_URL ?? ''}/${locale}/waitlist/${token}`
}

/** The running offer a token opens (with its event), or null when wrong, claimed or expired. */
export async function findOffer(token: string, ctx: Ctx = {}) {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null
  const db = ctx.db ?? getDb()
  const now = ctx.now ?? new Date()
  const [row] = await db
    .select({
      entryId: waitlistEntries.id,
      eventId: waitlistEntries.eventId,
      ticketTypeId: waitlistEntries.ticketTypeId,
      quantity: waitlistEntries.quantity,
      name: waitlistEntries.name,
      email: waitlistEntries.email,
      companyName: waitlistEntries.companyName,
      offerExpiresAt: waitlistEntries.offerExpiresAt,
      status: waitlistEntries.status,
      eventSlug: events.slug,
    })
    .from(waitlistEntries)
    .innerJoin(events, eq(events.id, waitlistEntries.eventId))
    .where(eq(waitlistEntries.offerTokenHash, hashToken(token)))
  if (!row || row.status !== 'offered' || !row.offerExpiresAt || row.offerExpiresAt <= now) return null
  return row
}

/** Job: offers past their time expire and pass to the next in line; lists with free seats are served. */
export async function expireOffers(now: Date = new Date(), ctx: Ctx = {}) {
  const db = ctx.db ?? getDb()
  const expired = await db.transaction(async (tx) => {
    const rows = await tx
      .update(waitlistEntries)
      .set({ status: 'expired' })
      .where(and(eq(waitlistEntries.status, 'offered'), sql`${waitlistEntries.offerExpiresAt} <= ${now.toISOString()}::timestamptz`))
      .returning({ id: waitlistEntries.id, eventId: waitlistEntries.eventId })
    for (const r of rows) await recordAudit(tx, { actor: SYSTEM, action: 'waitlist.offer-expired', subjectType: 'waitlist_entry', subjectId: r.id })
    return rows
  })
  const queued = await db
    .selectDistinct({ eventId: waitlistEntries.eventId })
    .from(waitlistEntries)
    .innerJoin(events, eq(events.id, waitlistEntries.eventId))
    .where(and(eq(waitlistEntries.status, 'waiting'), sql`${events.startsAt} > ${now.toISOString()}::timestamptz`))
  const eventIds = [...new Set([...expired.map((r) => r.eventId), ...queued.map((r) => r.eventId)])]
  let offered = 0
  for (const eventId of eventIds) {
    try {
      offered += (await offerFreedSeats(eventId, { ...ctx, now })).length
    } catch (error) {
      if (!(error instanceof Refusal && error.code === 'busy')) throw error
    }
  }
  return { expired: expired.length, offered }
}

export const WAITLIST_PAGE_SIZE = 50
export type WaitlistView = 'active' | 'all' | (typeof waitlistEntries.$inferSelect)['status']

/**
 * The event's waiting list for organisers, in queue order: `position` counts only people still
 * waiting (1 = next to be offered a seat). `active` = waiting or holding an offer.
 */
export async function listWaitlist(eventId: string, filter: { view: WaitlistView; q?: string; page: number }, ctx: Ctx = {}) {
  const db = ctx.db ?? getDb()
  const where = [sql`w.event_id = ${eventId}`]
  if (filter.view === 'active') where.push(sql`w.status in ('waiting', 'offered')`)
  else if (filter.view !== 'all') where.push(sql`w.status = ${filter.view}`)
  if (filter.q) {
    const like = `%${filter.q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`
    where.push(sql`(lower(w.name) like ${like} or lower(w.email) like ${like} or lower(coalesce(w.company_name, '')) like ${like})`)
  }
  const condition = sql.join(where, sql` and `)
  const rows = await db.execute<{
    id: string
    name: string
    email: string
    companyName: string | null
    locale: 'fr' | 'en'
    quantity: number
    status: WaitlistView
    ticketTypeName: { fr: string; en: string }
    createdAt: string
    offerExpiresAt: string | null
    position: number | null
  }>(sql`
    with queue as (
      select id, row_number() over (partition by ticket_type_id order by created_at, id) as position
      from waitlist_entry where event_id = ${eventId} and status = 'waiting')
    select w.id, w.name, w.email, w.company_name as "companyName", w.locale, w.quantity, w.status, tt.name as "ticketTypeName",
      w.created_at as "createdAt", w.offer_expires_at as "offerExpiresAt", q.position::int as position
    from waitlist_entry w join ticket_type tt on tt.id = w.ticket_type_id left join queue q on q.id = w.id
    where ${condition}
    order by case w.status when 'offered' then 0 when 'waiting' then 1 else 2 end, w.created_at, w.id
    limit ${WAITLIST_PAGE_SIZE} offset ${(filter.page - 1) * WAITLIST_PAGE_SIZE}`)
  // The filtered total and the event's counts in one pass over the event's entries.
  const [{ total, waiting, offered }] = await db.execute<{ total: number; waiting: number; offered: number }>(sql`
    select count(*) filter (where ${condition})::int as total,
      count(*) filter (where w.status = 'waiting')::int as waiting, count(*) filter (where w.status = 'offered')::int as offered
    from waitlist_entry w where w.event_id = ${eventId}`)
  return {
    rows: rows.map((r) => ({ ...r, createdAt: new Date(r.createdAt), offerExpiresAt: r.offerExpiresAt ? new Date(r.offerExpiresAt) : null })),
    total,
    counts: { waiting, offered },
  }
}

/**
 * An organiser takes someone off the list (they found another way, asked to be removed...).
 * Freeing needs no lock; a running offer's seats go to the next in line at once.
 */
export async function removeFromWaitlist(entryId: string, eventId: string, actor: { userId: string }, ctx: Ctx = {}) {
  const db = ctx.db ?? getDb()
  const removed = await db.transaction(async (tx) => {
    const [row] = await tx
      .update(waitlistEntries)
      .set({ status: 'cancelled', offerTokenHash: null })
      .where(and(eq(waitlistEntries.id, entryId), eq(waitlistEntries.eventId, eventId), inArray(waitlistEntries.status, ['waiting', 'offered'])))
      .returning({ id: waitlistEntries.id })
    if (!row) return false
    await recordAudit(tx, { actor, action: 'waitlist.removed', subjectType: 'waitlist_entry', subjectId: row.id })
    return true
  })
  if (!removed) throw new Refusal('registrationNotFound')
  try {
    await offerFreedSeats(eventId, ctx)
  } catch (error) {
    // The every-minute offer sweep serves the queue anyway.
    if (!(error instanceof Refusal && error.code === 'busy')) throw error
  }
}
