import { desc, eq, inArray } from 'drizzle-orm'
import type { DbOrTx } from '#db/client'
import { attendees, events, managementTokens, organisations, registrations, ticketTypes } from '#db/schema/index'
import type { Locale } from '~/locales'
import type { EventRow, OrganisationRow } from '~/modules/calendar/entries.server'
import { mintManagementLink } from '~/modules/registration/management-link.server'
import { getEnv } from '~/utils/env.server'
import type { MailPayload } from './payload'

export class PermanentMailError extends Error {}

async function loadOrganisation(db: DbOrTx, organisationId?: string): Promise<OrganisationRow> {
  const [org] = organisationId
    ? await db.select().from(organisations).where(eq(organisations.id, organisationId))
    : await db.select().from(organisations).orderBy(desc(organisations.isDefault)).limit(1)
  if (!org) throw new PermanentMailError('no organisation to send from')
  return org
}

type AttendeeRow = typeof attendees.$inferSelect
type RegistrationRow = typeof registrations.$inferSelect

/** Texts derived from an event row, by the row's full content and the public URL (see `derive`). */
const DERIVED_LIMIT = 200
const derivedByEventContent = new Map<string, Map<string, unknown>>()

/**
 * What the mails of one batch share, read once: organisations, events, ticket types, the
 * attendees (with their registration) the batch is for, and the texts derived from an event in
 * one language (times, calendar links, the VEVENT without its UID, SEQUENCE and ATTENDEE).
 * Rows are read when the batch starts; every mail is still built for its own recipient. A
 * derived text is kept across batches keyed by the full content of the event row it was
 * computed from (and the public URL), so it can never come from another event or from an older
 * version of the same one: any change to the row is another key. Management links minted while
 * composing are inserted together by `flush()` (or by the caller, with `takeLinks()`), which
 * must happen before any of the mails is sent.
 */
export class MailBatchContext {
  private readonly organisationRows = new Map<string, Promise<OrganisationRow>>()
  private readonly eventRows = new Map<string, EventRow | null>()
  private readonly attendeeRows = new Map<string, { attendee: AttendeeRow; registration: RegistrationRow } | null>()
  private readonly ticketTypeNames = new Map<string, (typeof ticketTypes.$inferSelect)['name'] | null>()
  private readonly derived = new WeakMap<EventRow, Map<string, unknown>>()
  private pendingLinks: (typeof managementTokens.$inferInsert)[] = []

  constructor(readonly db: DbOrTx) {}

  /** Reads in a few queries what the given messages need (attendees, registrations, events, ticket types). */
  async prefetch(payloads: MailPayload[]) {
    const attendeeIds = [
      ...new Set(payloads.flatMap((p) => (p.recipient.type === 'attendee' ? [p.recipient.attendeeId] : [])).filter((id) => !this.attendeeRows.has(id))),
    ]
    const eventIds = new Set(payloads.flatMap((p) => (p.eventId ? [p.eventId] : [])))
    if (attendeeIds.length) {
      const rows = await this.db
        .select({ attendee: attendees, registration: registrations })
        .from(attendees)
        .innerJoin(registrations, eq(registrations.id, attendees.registrationId))
        .where(inArray(attendees.id, attendeeIds))
      for (const id of attendeeIds) this.attendeeRows.set(id, null)
      for (const row of rows) {
        this.attendeeRows.set(row.attendee.id, row)
        eventIds.add(row.attendee.eventId)
      }
      const typeIds = [...new Set(rows.map((r) => r.attendee.ticketTypeId))].filter((id) => !this.ticketTypeNames.has(id))
      if (typeIds.length) {
        for (const id of typeIds) this.ticketTypeNames.set(id, null)
        const types = await this.db.select({ id: ticketTypes.id, name: ticketTypes.name }).from(ticketTypes).where(inArray(ticketTypes.id, typeIds))
        for (const type of types) this.ticketTypeNames.set(type.id, type.name)
      }
    }
    const missing = [...eventIds].filter((id) => !this.eventRows.has(id))
    if (missing.length) {
      for (const id of missing) this.eventRows.set(id, null)
      for (const row of await this.db.select().from(events).where(inArray(events.id, missing))) this.eventRows.set(row.id, row)
    }
  }

  async event(id: string): Promise<EventRow | undefined> {
    if (!this.eventRows.has(id)) {
      const [row] = await this.db.select().from(events).where(eq(events.id, id))
      this.eventRows.set(id, row ?? null)
    }
    return this.eventRows.get(id) ?? undefined
  }

  /** An attendee with their registration and event, or undefined when any of them is gone. */
  async attendee(id: string) {
    if (!this.attendeeRows.has(id)) {
      const [row] = await this.db
        .select({ attendee: attendees, registration: registrations })
        .from(attendees)
        .innerJoin(registrations, eq(registrations.id, attendees.registrationId))
        .where(eq(attendees.id, id))
      this.attendeeRows.set(id, row ?? null)
    }
    const found = this.attendeeRows.get(id)
    if (!found) return undefined
    const event = await this.event(found.attendee.eventId)
    return event ? { ...found, event } : undefined
  }

  organisation(id?: string): Promise<OrganisationRow> {
    const key = id ?? ''
    let row = this.organisationRows.get(key)
    if (!row) {
      row = loadOrganisation(this.db, id)
      // a failed read is not remembered: the next mail of the batch tries again
      row.catch(() => this.organisationRows.delete(key))
      this.organisationRows.set(key, row)
    }
    return row
  }

  async ticketTypeName(id: string) {
    if (!this.ticketTypeNames.has(id)) {
      const [type] = await this.db.select({ name: ticketTypes.name }).from(ticketTypes).where(eq(ticketTypes.id, id))
      this.ticketTypeNames.set(id, type?.name ?? null)
    }
    return this.ticketTypeNames.get(id) ?? undefined
  }

  /**
   * A value computed from this event row only (plus `key` and the public URL), computed once
   * for all the batches that read the row with the same content. Values are shared: never
   * modify one.
   */
  derive<T>(event: EventRow, key: string, compute: () => T): T {
    let values = this.derived.get(event)
    if (!values) {
      const fingerprint = `${getEnv().PUBLIC_URL}\n${JSON.stringify(event)}`
      values = derivedByEventContent.get(fingerprint)
      if (!values) {
        if (derivedByEventContent.size >= DERIVED_LIMIT) derivedByEventContent.clear()
        derivedByEventContent.set(fingerprint, (values = new Map()))
      }
      this.derived.set(event, values)
    }
    if (!values.has(key)) values.set(key, compute())
    return values.get(key) as T
  }

  /** Mints a management link; its row is inserted by `flush()` (before the mail can be sent). */
  managementLink(registrationId: string, expiresAt: Date, locale: Locale) {
    const link = mintManagementLink(registrationId, expiresAt, locale)
    this.pendingLinks.push(link.row)
    return link.url
  }

  async flush() {
    const rows = this.takeLinks()
    if (rows.length) await this.db.insert(managementTokens).values(rows)
  }

  /** The management links minted since the last call, for the caller to insert before its mail is sent. */
  takeLinks() {
    const rows = this.pendingLinks
    this.pendingLinks = []
    return rows
  }
}
