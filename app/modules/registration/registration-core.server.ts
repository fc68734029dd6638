/**
 * What the registration use cases (intake, decisions, attendees, lifecycle) share: their context,
 * input parsing, attendee rows, the registration's lock and its repricing.
 */
import crypto from 'node:crypto'
import { and, asc, eq, sql } from 'drizzle-orm'
import type { Database, DbOrTx } from '#db/client'
import { attendees, codes, codeTicketTypes, events, funderShares, registrations, ticketTypes, type RegistrationStatus } from '#db/schema/index'
import type { AuditActor } from '~/modules/audit/audit.server'
import { lockRegistration as lockRegistrationRow } from '~/modules/locks/locks.server'
import { Refusal } from '~/utils/refusal'
import { priceRegistration, type PricingCode } from './pricing'
import { newCalendarUid } from './references.server'
import { offerFreedSeats } from './waitlist.server'

export type ServiceContext = {
  /** Another connection pool (tests race two pools); defaults to the process's. */
  db?: Database
  now?: Date
}

export const SYSTEM: AuditActor = { label: 'system' }

export function parseInput<T>(schema: { safeParse: (v: unknown) => { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } } }, raw: unknown): T {
  const parsed = schema.safeParse(raw)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw new Refusal('invalidInput', {
      field: issue ? formatPath(issue.path) : undefined,
      details: { issues: parsed.error.issues.map((i) => ({ path: formatPath(i.path), message: i.message })) },
    })
  }
  return parsed.data
}

function formatPath(path: PropertyKey[]): string {
  return path.reduce<string>((acc, part) => (typeof part === 'number' ? `${acc}[${part}]` : acc ? `${acc}.${String(part)}` : String(part)), '')
}

/** A new attendee row: its calendar UID and check-in secret are made here, once, for good. */
export function newAttendeeRow(
  a: { ticketTypeId: string; firstName: string; lastName: string; email: string; jobTitle?: string | null; phone?: string | null; locale: 'fr' | 'en'; needs?: string | null },
  registrationId: string,
  eventId: string,
  priceMinor: number,
) {
  return {
    id: crypto.randomUUID(),
    registrationId,
    eventId,
    ticketTypeId: a.ticketTypeId,
    firstName: a.firstName,
    lastName: a.lastName,
    email: a.email,
    jobTitle: a.jobTitle ?? null,
    phone: a.phone ?? null,
    locale: a.locale,
    needs: a.needs ?? null,
    priceMinor,
    calendarUid: newCalendarUid(),
    checkInSecret: crypto.randomBytes(18).toString('base64url'),
  }
}

export type EventRow = typeof events.$inferSelect
export type TicketTypeRow = typeof ticketTypes.$inferSelect

/** What a registration should become once its seats are taken. */
export function statusWhenSeatsTaken(event: Pick<EventRow, 'invoiceConfirmsImmediately' | 'holdMinutes'>, totalMinor: number, method: 'none' | 'card' | 'invoice', now: Date) {
  if (totalMinor === 0) return { status: 'confirmed' as const, holdExpiresAt: null }
  if (method === 'invoice' && event.invoiceConfirmsImmediately) return { status: 'confirmed' as const, holdExpiresAt: null }
  return { status: 'awaiting_payment' as const, holdExpiresAt: new Date(now.getTime() + event.holdMinutes * 60_000) }
}

/** The parts of a code that pricing needs. */
export type CodeForPricing = Pick<typeof codes.$inferSelect, 'kind' | 'funderPartnerId' | 'percentOffBp' | 'amountOffMinor'> & { ticketTypeIds: string[] }

export function toPricingCode(code: CodeForPricing | null): PricingCode | null {
  if (!code) return null
  return {
    kind: code.kind === 'funder' && !code.funderPartnerId ? 'discount' : code.kind,
    percentOffBp: code.percentOffBp,
    amountOffMinor: code.amountOffMinor,
    ticketTypeIds: code.ticketTypeIds,
  }
}

/** The registration row, locked first (decision 007); `registrationNotFound` when there is none. */
export async function lockRegistration(tx: DbOrTx, registrationId: string) {
  const row = await lockRegistrationRow(tx, registrationId)
  if (!row) throw new Refusal('registrationNotFound')
  return row
}

export async function activeAttendees(tx: DbOrTx, registrationId: string) {
  return tx
    .select()
    .from(attendees)
    .where(and(eq(attendees.registrationId, registrationId), eq(attendees.status, 'active')))
    .orderBy(asc(attendees.createdAt), asc(attendees.id))
}

export function countByType(rows: { ticketTypeId: string }[]) {
  const map = new Map<string, number>()
  for (const r of rows) map.set(r.ticketTypeId, (map.get(r.ticketTypeId) ?? 0) + 1)
  return map
}

export async function releaseCodeUse(tx: DbOrTx, codeId: string | null) {
  if (codeId) await tx.update(codes).set({ uses: sql`greatest(0, ${codes.uses} - 1)` }).where(eq(codes.id, codeId))
}

export const CANCELLABLE: RegistrationStatus[] = ['pending_approval', 'awaiting_payment', 'confirmed']

/** Recomputes the amounts of an unpaid registration from its active attendees. */
export async function reprice(tx: DbOrTx, registration: typeof registrations.$inferSelect) {
  const people = await activeAttendees(tx, registration.id)
  let code: PricingCode | null = null
  if (registration.codeId) {
    const [row] = await tx.select().from(codes).where(eq(codes.id, registration.codeId))
    const restricted = await tx.select({ id: codeTicketTypes.ticketTypeId }).from(codeTicketTypes).where(eq(codeTicketTypes.codeId, registration.codeId))
    code = toPricingCode({ ...row, ticketTypeIds: restricted.map((r) => r.id) })
  }
  const byType = new Map<string, { quantity: number; unitPriceMinor: number }>()
  for (const a of people) {
    const line = byType.get(a.ticketTypeId) ?? { quantity: 0, unitPriceMinor: a.priceMinor }
    line.quantity++
    byType.set(a.ticketTypeId, line)
  }
  const pricing = priceRegistration([...byType].map(([ticketTypeId, l]) => ({ ticketTypeId, ...l })), code)
  await tx.update(registrations).set(pricing).where(eq(registrations.id, registration.id))
  if (pricing.funderShareMinor >= 0 && code?.kind === 'funder')
    await tx.update(funderShares).set({ amountMinor: pricing.funderShareMinor }).where(eq(funderShares.registrationId, registration.id))
  return pricing
}

export function assertBeforeCutoff(event: EventRow, now: Date) {
  if (now.getTime() >= event.startsAt.getTime() - event.changeCutoffHours * 3_600_000) throw new Refusal('cutoffPassed')
}

/** Whether the registration's attendees count as seats in use (the `SEAT_IN_USE` definition). */
export function holdsSeats(registration: typeof registrations.$inferSelect, now: Date) {
  return registration.status === 'confirmed' || (registration.status === 'awaiting_payment' && (!registration.holdExpiresAt || registration.holdExpiresAt > now))
}

/** Serves the waiting list after seats were freed; a busy lock is left to the every-minute sweep. */
export async function offerFreedSeatsSafely(eventId: string, ctx: ServiceContext, now?: Date) {
  try {
    await offerFreedSeats(eventId, { ...ctx, now: now ?? ctx.now })
  } catch (error) {
    // The every-minute `waitlist.expire-offers` job serves the list again; a busy lock here is not an error.
    if (!(error instanceof Refusal && error.code === 'busy')) throw error
  }
}
