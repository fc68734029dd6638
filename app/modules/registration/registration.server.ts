/**
 * Registration service: every front end (public form, management link, back office, payments,
 * jobs) takes and frees seats through these functions. Scarce things are taken in one transaction
 * that locks once in a fixed order — registration row (when one exists) → event → capacity pools
 * (id order) → code → waiting-list entry — checks, then writes.
 */
// Load the job queue (and its registry) before notify.server: notify → queue → registry → notify is a cycle
// that leaves `notificationJobs` undefined when notify.server is the first of them imported.
import crypto from 'node:crypto'
import { and, asc, eq, inArray, sql } from 'drizzle-orm'
import { executePrepared, getDb, type Database, type DbOrTx, type Transaction } from '#db/client'
import {
  attendees,
  codes,
  codeTicketTypes,
  events,
  funderShares,
  holds,
  managementTokens,
  organisations,
  questions,
  registrations,
  ticketTypes,
  waitlistEntries,
  type RegistrationStatus,
} from '#db/schema/index'
import { recordAudit, recordAudits, type AuditActor } from '~/modules/audit/audit.server'
import { notify } from '~/modules/notifications/notify.server'
import { hashToken } from '~/utils/tokens.server'
import { findShortfall } from './capacity'
import { mintManagementLink } from './management-link.server'
import { codeAppliesTo, priceRegistration, type PricingCode } from './pricing'
import { RegistrationError } from './registration-errors'
import {
  addAttendeesSchema,
  attendeeChangeSchema,
  registerInputSchema,
  type AttendeeChange,
  type AttendeeInput,
  type RegisterInput,
} from './registration-schemas'
import { emailsAlreadyRegistered, isLockConflict, lockAndCountSeats } from './seats.server'
import { offerFreedSeats } from './waitlist.server'
import { openInvoicePayment } from '~/modules/payments/invoice-payment.server'

export type ServiceContext = {
  /** Another connection pool (tests race two pools); defaults to the process's. */
  db?: Database
  now?: Date
}

export type RegisterContext = ServiceContext & {
  actor?: AuditActor
  /** The company proved it owns this contact email (sign-in link): its profile may be updated. */
  verifiedCompanyEmail?: string
}

export type RegisterResult = {
  registrationId: string
  reference: string
  status: RegistrationStatus
  totalMinor: number
  currency: 'EUR' | 'USD'
  holdExpiresAt: Date | null
  managementUrl: string
  managementToken: string
}

const SYSTEM: AuditActor = { label: 'system' }
const companyActor = (email: string): AuditActor => ({ label: `company:${email}` })

/** Runs `work` in a transaction with a lock timeout; lock conflicts become `busy`. */
export async function inLockedTransaction<T>(db: Database, work: (tx: Transaction) => Promise<T>): Promise<T> {
  try {
    return await db.transaction(async (tx) => {
      // Sent now (drizzle's `execute` starts when awaited) and pipelined with the work's first statements: one round trip.
      const lockTimeout = tx.execute(sql`set local lock_timeout = '3s'`).then(() => undefined)
      const [, result] = await Promise.all([lockTimeout, work(tx)])
      return result
    })
  } catch (error) {
    if (isLockConflict(error)) throw new RegistrationError('busy', { cause: error })
    throw error
  }
}

function parseInput<T>(schema: { safeParse: (v: unknown) => { success: true; data: T } | { success: false; error: { issues: { path: (string | number)[]; message: string }[] } } }, raw: unknown): T {
  const parsed = schema.safeParse(raw)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw new RegistrationError('invalid_input', {
      field: issue ? formatPath(issue.path) : undefined,
      details: { issues: parsed.error.issues.map((i) => ({ path: formatPath(i.path), message: i.message })) },
    })
  }
  return parsed.data
}

function formatPath(path: (string | number)[]): string {
  return path.reduce<string>((acc, part) => (typeof part === 'number' ? `${acc}[${part}]` : acc ? `${acc}.${part}` : part), '')
}

const REFERENCE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ'
function newReference(prefix: string) {
  const bytes = crypto.randomBytes(8)
  let out = ''
  for (let i = 0; i < 8; i++) out += REFERENCE_ALPHABET[bytes[i] % REFERENCE_ALPHABET.length]
  return `${prefix}-${out}`
}

function newCalendarUid() {
  return `${crypto.randomUUID()}@passerelle.ccem`
}

/** A new attendee row: its calendar UID and check-in secret are made here, once, for good. */
function newAttendeeRow(
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

type EventRow = typeof events.$inferSelect
type TicketTypeRow = typeof ticketTypes.$inferSelect

/** What a registration should become once its seats are taken. */
function statusWhenSeatsTaken(event: Pick<EventRow, 'invoiceConfirmsImmediately' | 'holdMinutes'>, totalMinor: number, method: 'none' | 'card' | 'invoice', now: Date) {
  if (totalMinor === 0) return { status: 'confirmed' as const, holdExpiresAt: null }
  if (method === 'invoice' && event.invoiceConfirmsImmediately) return { status: 'confirmed' as const, holdExpiresAt: null }
  return { status: 'awaiting_payment' as const, holdExpiresAt: new Date(now.getTime() + event.holdMinutes * 60_000) }
}

async function loadCode(tx: DbOrTx, eventId: string, text: string) {
  const [row] = await tx
    .select()
    .from(codes)
    .where(and(eq(codes.eventId, eventId), sql`upper(${codes.code}) = upper(${text})`))
  if (!row) {
    const [elsewhere] = await tx.select({ id: codes.id }).from(codes).where(sql`upper(${codes.code}) = upper(${text})`).limit(1)
    throw new RegistrationError(elsewhere ? 'code_wrong_event' : 'code_invalid', { field: 'code' })
  }
  const restricted = await tx.select({ ticketTypeId: codeTicketTypes.ticketTypeId }).from(codeTicketTypes).where(eq(codeTicketTypes.codeId, row.id))
  return { ...row, ticketTypeIds: restricted.map((r) => r.ticketTypeId) }
}
type LoadedCode = Awaited<ReturnType<typeof loadCode>>

function toPricingCode(code: LoadedCode | null): PricingCode | null {
  if (!code) return null
  return {
    kind: code.kind === 'funder' && !code.funderPartnerId ? 'discount' : code.kind,
    percentOffBp: code.percentOffBp,
    amountOffMinor: code.amountOffMinor,
    ticketTypeIds: code.ticketTypeIds,
  }
}

function normaliseAnswers(
  eventQuestions: Pick<typeof questions.$inferSelect, 'id' | 'kind' | 'required' | 'options'>[],
  raw: Record<string, string | boolean>,
): Record<string, string | boolean> {
  const answers: Record<string, string | boolean> = {}
  for (const q of eventQuestions) {
    const value = raw[q.id]
    const field = `answers.${q.id}`
    if (q.kind === 'boolean') {
      const yes = value === true || value === 'on' || value === 'true' || value === 'yes'
      const no = value === false || value === 'false' || value === 'no'
      if (q.required && !yes && !no) throw new RegistrationError('answer_required', { field })
      if (yes || no) answers[q.id] = yes
      continue
    }
    const text = typeof value === 'string' ? value.trim() : ''
    if (!text) {
      if (q.required) throw new RegistrationError('answer_required', { field })
      continue
    }
    if (q.kind === 'choice' && !(q.options ?? []).some((o) => o.key === text)) throw new RegistrationError('answer_invalid', { field })
    answers[q.id] = text
  }
  return answers
}

// What registering reads, and no more: titles, descriptions and names (JSON per locale) are not
// needed to take seats, so they are neither sent nor parsed for every registration.
const registrationEventColumns = {
  id: events.id,
  organisationId: events.organisationId,
  status: events.status,
  cancelledAt: events.cancelledAt,
  registrationOpensAt: events.registrationOpensAt,
  registrationClosesAt: events.registrationClosesAt,
  startsAt: events.startsAt,
  endsAt: events.endsAt,
  currency: events.currency,
  paymentMethods: events.paymentMethods,
  approvalRequired: events.approvalRequired,
  invoiceConfirmsImmediately: events.invoiceConfirmsImmediately,
  holdMinutes: events.holdMinutes,
}
const registrationTicketTypeColumns = {
  id: ticketTypes.id,
  active: ticketTypes.active,
  hidden: ticketTypes.hidden,
  priceMinor: ticketTypes.priceMinor,
  minPerOrder: ticketTypes.minPerOrder,
  maxPerOrder: ticketTypes.maxPerOrder,
  salesStartAt: ticketTypes.salesStartAt,
  salesEndAt: ticketTypes.salesEndAt,
  allowMultiplePerPerson: ticketTypes.allowMultiplePerPerson,
}
type RegistrationTicketType = { [K in keyof typeof registrationTicketTypeColumns]: TicketTypeRow[K] }
const registrationQuestionColumns = { id: questions.id, kind: questions.kind, required: questions.required, options: questions.options }

/**
 * A company registers its delegates for an event. Validates everything, then takes the seats
 * (or files an application when the event is by approval) in one transaction.
 */
export async function registerCompany(rawInput: RegisterInput | unknown, ctx: RegisterContext = {}): Promise<RegisterResult> {
  const input = parseInput<RegisterInput>(registerInputSchema, rawInput)
  const db = ctx.db ?? getDb()
  const now = ctx.now ?? new Date()

  return inLockedTransaction(db, async (tx) => {
    // 1. Read and validate without locks (nothing here is scarce). One round trip: the reads are
    //    pipelined and prepared (parsed and planned once per connection).
    const [[found], types, eventQuestions] = await Promise.all([
      tx
        .select({ event: registrationEventColumns, prefix: organisations.invoicePrefix })
        .from(events)
        .innerJoin(organisations, eq(organisations.id, events.organisationId))
        .where(eq(events.id, input.eventId))
        .prepare('register_event')
        .execute(),
      tx.select(registrationTicketTypeColumns).from(ticketTypes).where(eq(ticketTypes.eventId, input.eventId)).prepare('register_ticket_types').execute(),
      tx.select(registrationQuestionColumns).from(questions).where(eq(questions.eventId, input.eventId)).orderBy(asc(questions.position)).prepare('register_questions').execute(),
    ])
    const event = found?.event
    if (!event || event.status !== 'published' || event.cancelledAt) throw new RegistrationError('event_unavailable')
    if ((event.registrationOpensAt && now < event.registrationOpensAt) || (event.registrationClosesAt && now >= event.registrationClosesAt) || now >= event.startsAt)
      throw new RegistrationError('registration_closed')
    const typeById = new Map(types.map((t) => [t.id, t]))
    const code = input.code ? await loadCode(tx, event.id, input.code) : null
    const offer = input.offerToken ? await loadOffer(tx, input.offerToken, event.id, now) : null

    const requested = new Map<string, number>()
    for (const [index, line] of input.tickets.entries()) {
      const type = typeById.get(line.ticketTypeId)
      if (!type || !type.active) throw new RegistrationError('invalid_ticket', { field: `tickets[${index}].ticketTypeId` })
      if (line.quantity > 0) requested.set(type.id, (requested.get(type.id) ?? 0) + line.quantity)
    }
    if (requested.size === 0) throw new RegistrationError('nothing_selected', { field: 'tickets' })

    if (code) {
      if ((code.validFrom && now < code.validFrom) || (code.validUntil && now >= code.validUntil))
        throw new RegistrationError('code_expired', { field: 'code' })
      if (code.maxUses !== null && code.uses >= code.maxUses) throw new RegistrationError('code_exhausted', { field: 'code' })
      if (![...requested.keys()].some((id) => codeAppliesTo(code, id))) throw new RegistrationError('code_not_applicable', { field: 'code' })
    }

    for (const [ticketTypeId, quantity] of requested) {
      const type = typeById.get(ticketTypeId) as RegistrationTicketType
      const field = `tickets`
      const unlocked =
        !type.hidden ||
        (code?.kind === 'invitation' && codeAppliesTo(code, type.id)) ||
        (offer !== null && offer.ticketTypeId === type.id)
      if (!unlocked) throw new RegistrationError('invalid_ticket', { field })
      if ((type.salesStartAt && now < type.salesStartAt) || (type.salesEndAt && now >= type.salesEndAt))
        throw new RegistrationError('sales_closed', { field, details: { ticketTypeId } })
      if (quantity > type.maxPerOrder) throw new RegistrationError('too_many', { field, details: { ticketTypeId, max: type.maxPerOrder } })
      if (quantity < type.minPerOrder) throw new RegistrationError('too_few', { field, details: { ticketTypeId, min: type.minPerOrder } })
    }
    if (offer && !requested.has(offer.ticketTypeId)) throw new RegistrationError('offer_invalid')

    // The same person twice in this submission?
    const seen = new Set<string>()
    for (const [index, a] of input.attendees.entries()) {
      if (typeById.get(a.ticketTypeId)?.allowMultiplePerPerson) continue
      if (seen.has(a.email)) throw new RegistrationError('duplicate_person', { field: `attendees[${index}].email` })
      seen.add(a.email)
    }

    const answers = normaliseAnswers(eventQuestions, input.answers)
    let eligibility: Record<string, string | boolean> | null = null
    if (code?.kind === 'funder' && code.eligibilityQuestions?.length) {
      eligibility = {}
      for (const q of code.eligibilityQuestions) {
        const value = input.eligibility[q.key]
        const given = value === true || (typeof value === 'string' && value.trim() !== '')
        if (q.required && !given) throw new RegistrationError('eligibility_required', { field: `eligibility.${q.key}` })
        if (given) eligibility[q.key] = value === 'on' ? true : typeof value === 'string' ? value.trim() : value
      }
    }

    const lines = [...requested].map(([ticketTypeId, quantity]) => ({
      ticketTypeId,
      quantity,
      unitPriceMinor: (typeById.get(ticketTypeId) as RegistrationTicketType).priceMinor,
    }))
    const pricing = priceRegistration(lines, toPricingCode(code))

    let paymentMethod: 'none' | 'card' | 'invoice' = 'none'
    if (pricing.totalMinor > 0) {
      const offered = event.paymentMethods
      if (input.paymentMethod) {
        if (!offered.includes(input.paymentMethod)) throw new RegistrationError('payment_method_invalid', { field: 'paymentMethod' })
        paymentMethod = input.paymentMethod
      } else if (offered.length === 1) paymentMethod = offered[0]
      else throw new RegistrationError('payment_method_required', { field: 'paymentMethod' })
    }

    const outcome = event.approvalRequired
      ? { status: 'pending_approval' as const, holdExpiresAt: null }
      : statusWhenSeatsTaken(event, pricing.totalMinor, paymentMethod, now)

    // 2. The company: upserted by contact email (its row lock comes before the seat locks, always).
    //    The registration finds it by that key in the next statement of the same pipeline.
    const company = upsertCompany(tx, event.organisationId, input, ctx.verifiedCompanyEmail)

    // 3. Write first: the rows stay invisible to everyone else until commit, so this work happens
    //    outside the seat locks. Ids are made here so the statements can be pipelined.
    const registrationId = crypto.randomUUID()
    const reference = newReference(found.prefix ?? 'REG')
    const contactActor = ctx.actor ?? companyActor(input.company.contactEmail)
    const registrationRow = tx.insert(registrations).values({
      id: registrationId,
      eventId: event.id,
      companyId: sql`(select id from company where organisation_id = ${event.organisationId} and lower(contact_email) = lower(${input.company.contactEmail}))`,
      reference,
      status: outcome.status,
      locale: input.locale,
      contactName: input.company.contactName,
      contactEmail: input.company.contactEmail,
      paymentMethod,
      currency: event.currency,
      ...pricing,
      codeId: code?.id ?? null,
      answers,
      eligibility,
      holdExpiresAt: outcome.holdExpiresAt,
      privacyAcceptedAt: now,
      listingConsent: input.listingConsent,
      confirmedAt: outcome.status === 'confirmed' ? now : null,
    })
    const attendeeRows = input.attendees.map((a) => newAttendeeRow(a, registrationId, event.id, (typeById.get(a.ticketTypeId) as RegistrationTicketType).priceMinor))
    const link = mintManagementLink(registrationId, event.endsAt, input.locale)
    // Statements go out in the order they are started here (drizzle builders start when awaited):
    // the company, then the registration, then the rows that refer to it.
    const writes: Promise<unknown>[] = [
      company,
      registrationRow.prepare('register_registration').execute(),
      tx.insert(attendees).values(attendeeRows).prepare('register_attendees').execute(),
      recordAudits(tx, [
        {
          actor: contactActor,
          action: 'registration.created',
          subjectType: 'registration',
          subjectId: registrationId,
          data: { status: outcome.status, reference, totalMinor: pricing.totalMinor, code: code?.code ?? null },
        },
        ...attendeeRows.map((a) => ({
          actor: contactActor,
          action: 'attendee.added',
          subjectType: 'attendee',
          subjectId: a.id,
          data: { registrationId, ticketTypeId: a.ticketTypeId },
        })),
      ]),
      notify(tx, { kind: outcome.status === 'confirmed' ? 'registration.confirmed' : 'registration.received', registrationId }),
      tx.insert(managementTokens).values(link.row).prepare('register_management_token').execute(),
    ]
    if (outcome.holdExpiresAt)
      writes.push(tx.insert(holds).values(lines.map((l) => ({ eventId: event.id, registrationId, ticketTypeId: l.ticketTypeId, quantity: l.quantity, expiresAt: outcome.holdExpiresAt as Date })))
        .prepare('register_holds').execute())
    if (code?.kind === 'funder' && code.funderPartnerId && pricing.funderShareMinor > 0)
      writes.push(tx.insert(funderShares).values({ registrationId, funderPartnerId: code.funderPartnerId, amountMinor: pricing.funderShareMinor, currency: event.currency }).execute())
    const written = Promise.all(writes)

    // 4. Lock once, in a fixed order — event, then pools (id order), then the code and the offer —
    //    and check. Sent right behind the writes on the same connection, which runs statements in the
    //    order sent: the locks are taken once the writes are done, and each statement runs once the
    //    locks before it are granted. Writes, locks and checks cost one round trip; only the checks and
    //    the commit happen under the event lock.
    const strictEmails = input.attendees.filter((a) => !typeById.get(a.ticketTypeId)?.allowMultiplePerPerson).map((a) => a.email)
    const checked = Promise.all([
      lockAndCountSeats(tx, event.id, { excludeOfferId: offer?.id, excludeRegistrationId: registrationId }),
      emailsAlreadyRegistered(tx, event.id, strictEmails, { excludeRegistrationId: registrationId }),
      code
        ? tx.execute<{ uses: number }>(
            sql`update code set uses = uses + 1 where id = ${code.id} and (max_uses is null or uses < max_uses) returning uses`,
          )
        : null,
      offer
        ? tx.execute<{ id: string }>(
            sql`update waitlist_entry set status = 'claimed', claimed_registration_id = ${registrationId}, updated_at = now()
                where id = ${offer.id} and status = 'offered' returning id`,
          )
        : null,
    ])
    // A failed write fails the locks and checks behind it too; its own error arrives first.
    const [, [seats, taken, codeUse, offerClaim]] = await Promise.all([written, checked])
    if (outcome.status !== 'pending_approval') {
      const shortfall = findShortfall(seats, requested)
      if (shortfall) throw new RegistrationError('sold_out', { details: shortfall })
    }
    if (taken.length > 0) {
      const index = input.attendees.findIndex((a) => taken.includes(a.email))
      throw new RegistrationError('duplicate_person', { field: `attendees[${index}].email` })
    }
    if (codeUse && codeUse.length === 0) throw new RegistrationError('code_exhausted', { field: 'code' })
    if (offerClaim && offerClaim.length === 0) throw new RegistrationError('offer_invalid')
    // payments: with invoice / bank transfer, the invoice (bank details) is issued in this transaction.
    if (paymentMethod === 'invoice' && outcome.status !== 'pending_approval') await openInvoicePayment(tx, registrationId, contactActor)
    const { token, url } = link
    return {
      registrationId,
      reference,
      status: outcome.status,
      totalMinor: pricing.totalMinor,
      currency: event.currency,
      holdExpiresAt: outcome.holdExpiresAt,
      managementUrl: url,
      managementToken: token,
    }
  })
}

async function upsertCompany(tx: Transaction, organisationId: string, input: RegisterInput, verifiedEmail: string | undefined) {
  const c = input.company
  const verified = verifiedEmail !== undefined && verifiedEmail.toLowerCase() === c.contactEmail
  // Unverified: an existing profile only gets its blanks filled (a stranger cannot overwrite it).
  const pick = (column: string) =>
    verified ? sql.raw(`coalesce(excluded.${column}, company.${column})`) : sql.raw(`coalesce(company.${column}, excluded.${column})`)
  const rows = await executePrepared<{ id: string }>(tx, sql`
    insert into company (organisation_id, name, registration_number, sector, website, address_line, postal_code, city, country,
      description, export_interests, contact_email, contact_name, locale)
    values (${organisationId}, ${c.name}, ${c.registrationNumber ?? null}, ${c.sector ?? null}, ${c.website ?? null},
      ${c.addressLine ?? null}, ${c.postalCode ?? null}, ${c.city ?? null}, ${c.country}, ${c.description ?? null},
      ${sql`${`{${c.exportInterests.map((s) => `"${s.replace(/["\\]/g, '')}"`).join(',')}}`}::text[]`}, ${c.contactEmail}, ${c.contactName}, ${input.locale})
    on conflict (organisation_id, lower(contact_email)) do update set
      name = ${verified ? sql`excluded.name` : sql`company.name`},
      registration_number = ${pick('registration_number')},
      sector = ${pick('sector')},
      website = ${pick('website')},
      address_line = ${pick('address_line')},
      postal_code = ${pick('postal_code')},
      city = ${pick('city')},
      country = ${verified ? sql`excluded.country` : sql`company.country`},
      description = ${pick('description')},
      export_interests = ${verified ? sql`excluded.export_interests` : sql`company.export_interests`},
      contact_name = ${pick('contact_name')},
      updated_at = now()
    returning id`)
  return rows[0].id
}

async function loadOffer(tx: DbOrTx, token: string, eventId: string, now: Date) {
  const [entry] = await tx.select().from(waitlistEntries).where(eq(waitlistEntries.offerTokenHash, hashToken(token)))
  if (!entry || entry.eventId !== eventId || entry.status !== 'offered' || !entry.offerExpiresAt || entry.offerExpiresAt <= now)
    throw new RegistrationError('offer_invalid')
  return entry
}

async function lockRegistration(tx: DbOrTx, registrationId: string) {
  const [row] = await tx.select().from(registrations).where(eq(registrations.id, registrationId)).for('update')
  if (!row) throw new RegistrationError('not_found')
  return row
}

async function activeAttendees(tx: DbOrTx, registrationId: string) {
  return tx
    .select()
    .from(attendees)
    .where(and(eq(attendees.registrationId, registrationId), eq(attendees.status, 'active')))
    .orderBy(asc(attendees.createdAt), asc(attendees.id))
}

function countByType(rows: { ticketTypeId: string }[]) {
  const map = new Map<string, number>()
  for (const r of rows) map.set(r.ticketTypeId, (map.get(r.ticketTypeId) ?? 0) + 1)
  return map
}

async function releaseCodeUse(tx: DbOrTx, codeId: string | null) {
  if (codeId) await tx.update(codes).set({ uses: sql`greatest(0, ${codes.uses} - 1)` }).where(eq(codes.id, codeId))
}

/** Organiser approves an application: takes the seats now (or fails with `sold_out`), then confirms or opens payment. */
export async function approveApplication(registrationId: string, actor: AuditActor, ctx: ServiceContext = {}) {
  const db = ctx.db ?? getDb()
  const now = ctx.now ?? new Date()
  return inLockedTransaction(db, async (tx) => {
    const registration = await lockRegistration(tx, registrationId)
    if (registration.status !== 'pending_approval') throw new RegistrationError('invalid_state')
    const [event] = await tx.select().from(events).where(eq(events.id, registration.eventId))
    const people = await activeAttendees(tx, registrationId)
    const seats = await lockAndCountSeats(tx, event.id)
    const shortfall = findShortfall(seats, countByType(people))
    if (shortfall) throw new RegistrationError('sold_out', { details: shortfall })
    const outcome = statusWhenSeatsTaken(event, registration.totalMinor, registration.paymentMethod, now)
    await tx
      .update(registrations)
      .set({ status: outcome.status, holdExpiresAt: outcome.holdExpiresAt, decidedAt: now, confirmedAt: outcome.status === 'confirmed' ? now : null })
      .where(eq(registrations.id, registrationId))
    if (outcome.holdExpiresAt)
      await tx.insert(holds).values(
        [...countByType(people)].map(([ticketTypeId, quantity]) => ({ eventId: event.id, registrationId, ticketTypeId, quantity, expiresAt: outcome.holdExpiresAt as Date })),
      )
    // payments: with invoice / bank transfer, the invoice (bank details) is issued in this transaction.
    if (registration.paymentMethod === 'invoice' && registration.totalMinor > 0) await openInvoicePayment(tx, registrationId, actor)
    await recordAudit(tx, { actor, action: 'registration.approved', subjectType: 'registration', subjectId: registrationId, data: { status: outcome.status } })
    await notify(tx, { kind: 'application.approved', registrationId })
    if (outcome.status === 'confirmed') await notify(tx, { kind: 'registration.confirmed', registrationId })
    return { registrationId, status: outcome.status, holdExpiresAt: outcome.holdExpiresAt }
  })
}

export async function rejectApplication(registrationId: string, actor: AuditActor, note: string | null, ctx: ServiceContext = {}) {
  const db = ctx.db ?? getDb()
  const now = ctx.now ?? new Date()
  return inLockedTransaction(db, async (tx) => {
    const registration = await lockRegistration(tx, registrationId)
    if (registration.status !== 'pending_approval') throw new RegistrationError('invalid_state')
    await tx.update(registrations).set({ status: 'rejected', decidedAt: now, decisionNote: note }).where(eq(registrations.id, registrationId))
    await releaseCodeUse(tx, registration.codeId)
    await recordAudit(tx, { actor, action: 'registration.rejected', subjectType: 'registration', subjectId: registrationId, data: { note } })
    await notify(tx, { kind: 'application.rejected', registrationId })
    return { registrationId, status: 'rejected' as const }
  })
}

export type ConfirmResult =
  | { outcome: 'confirmed'; registrationId: string; lateSeatTaken: boolean }
  | { outcome: 'already_confirmed'; registrationId: string }
  /** The hold had expired and the seats went to someone else: the caller refunds. */
  | { outcome: 'no_seat'; registrationId: string }
  /** Cancelled or rejected meanwhile: the caller refunds. */
  | { outcome: 'not_confirmable'; registrationId: string; status: RegistrationStatus }

/**
 * Confirms a registration once paid, inside the caller's transaction (payments). A payment that
 * arrives after the hold expired is accepted only if seats are free again (checked under the seat locks).
 */
export async function confirmRegistration(tx: Transaction, registrationId: string, actor: AuditActor, ctx: { now?: Date } = {}): Promise<ConfirmResult> {
  const now = ctx.now ?? new Date()
  await tx.execute(sql`set local lock_timeout = '3s'`)
  const registration = await lockRegistration(tx, registrationId)
  if (registration.status === 'confirmed') return { outcome: 'already_confirmed', registrationId }
  const holdValid = registration.status === 'awaiting_payment' && (!registration.holdExpiresAt || registration.holdExpiresAt > now)
  if (!holdValid && registration.status !== 'awaiting_payment' && registration.status !== 'expired')
    return { outcome: 'not_confirmable', registrationId, status: registration.status }

  let lateSeatTaken = false
  if (!holdValid) {
    // Attendees cancelled by the expiry (at or after the hold's end) come back if seats are free.
    const cutoff = registration.holdExpiresAt ?? registration.updatedAt
    const returning = await tx
      .select()
      .from(attendees)
      .where(
        and(
          eq(attendees.registrationId, registrationId),
          sql`(${attendees.status} = 'active' or (${attendees.status} = 'cancelled' and ${attendees.cancelledAt} >= ${cutoff.toISOString()}::timestamptz))`,
        ),
      )
    const seats = await lockAndCountSeats(tx, registration.eventId)
    if (findShortfall(seats, countByType(returning))) {
      await recordAudit(tx, { actor, action: 'registration.late-payment-no-seat', subjectType: 'registration', subjectId: registrationId })
      return { outcome: 'no_seat', registrationId }
    }
    if (returning.some((a) => a.status === 'cancelled'))
      await tx
        .update(attendees)
        .set({ status: 'active', cancelledAt: null })
        .where(inArray(attendees.id, returning.map((a) => a.id)))
    lateSeatTaken = true
  }
  await tx.update(registrations).set({ status: 'confirmed', confirmedAt: now, holdExpiresAt: null, cancelledAt: null }).where(eq(registrations.id, registrationId))
  await tx.update(holds).set({ releasedAt: now }).where(and(eq(holds.registrationId, registrationId), sql`${holds.releasedAt} is null`))
  await recordAudit(tx, { actor, action: 'registration.confirmed', subjectType: 'registration', subjectId: registrationId, data: { lateSeatTaken } })
  await notify(tx, { kind: 'registration.confirmed', registrationId })
  return { outcome: 'confirmed', registrationId, lateSeatTaken }
}

const CANCELLABLE: RegistrationStatus[] = ['pending_approval', 'awaiting_payment', 'confirmed']

/** Cancels a whole registration: attendees cancelled, holds and code use released, then freed seats offered. */
export async function cancelRegistration(registrationId: string, actor: AuditActor, reason: string | null, ctx: ServiceContext = {}) {
  const db = ctx.db ?? getDb()
  const now = ctx.now ?? new Date()
  const result = await inLockedTransaction(db, async (tx) => {
    const registration = await lockRegistration(tx, registrationId)
    if (registration.status === 'cancelled') return { registrationId, eventId: registration.eventId, status: 'cancelled' as const, changed: false }
    if (!CANCELLABLE.includes(registration.status)) throw new RegistrationError('invalid_state')
    const people = await activeAttendees(tx, registrationId)
    await tx.update(registrations).set({ status: 'cancelled', cancelledAt: now, holdExpiresAt: null }).where(eq(registrations.id, registrationId))
    await tx.update(attendees).set({ status: 'cancelled', cancelledAt: now }).where(and(eq(attendees.registrationId, registrationId), eq(attendees.status, 'active')))
    await tx.update(holds).set({ releasedAt: now }).where(and(eq(holds.registrationId, registrationId), sql`${holds.releasedAt} is null`))
    await releaseCodeUse(tx, registration.codeId)
    await recordAudit(tx, { actor, action: 'registration.cancelled', subjectType: 'registration', subjectId: registrationId, data: { reason, previousStatus: registration.status } })
    for (const a of people) await recordAudit(tx, { actor, action: 'attendee.cancelled', subjectType: 'attendee', subjectId: a.id, data: { registrationId } })
    await notify(tx, { kind: 'registration.cancelled', registrationId, data: reason ? { reason } : undefined })
    return { registrationId, eventId: registration.eventId, status: 'cancelled' as const, changed: true }
  })
  if (result.changed) await offerFreedSeatsSafely(result.eventId, ctx)
  return { registrationId: result.registrationId, status: result.status }
}

/** Cancels one delegate; cancelling the last one cancels the registration. */
export async function cancelAttendee(attendeeId: string, actor: AuditActor, ctx: ServiceContext = {}) {
  const db = ctx.db ?? getDb()
  const now = ctx.now ?? new Date()
  const [found] = await db.select({ registrationId: attendees.registrationId }).from(attendees).where(eq(attendees.id, attendeeId))
  if (!found) throw new RegistrationError('not_found')
  const people = await db.select({ id: attendees.id }).from(attendees).where(and(eq(attendees.registrationId, found.registrationId), eq(attendees.status, 'active')))
  if (people.length === 1 && people[0].id === attendeeId) {
    await cancelRegistration(found.registrationId, actor, 'last attendee cancelled', ctx)
    return { attendeeId, registrationCancelled: true }
  }
  const eventId = await inLockedTransaction(db, async (tx) => {
    const registration = await lockRegistration(tx, found.registrationId)
    if (!CANCELLABLE.includes(registration.status)) throw new RegistrationError('invalid_state')
    const [attendee] = await tx.select().from(attendees).where(eq(attendees.id, attendeeId)).for('update')
    if (attendee.status !== 'active') throw new RegistrationError('invalid_state')
    await tx.update(attendees).set({ status: 'cancelled', cancelledAt: now }).where(eq(attendees.id, attendeeId))
    if (registration.paidMinor === 0 && registration.status !== 'confirmed') await reprice(tx, registration)
    await recordAudit(tx, { actor, action: 'attendee.cancelled', subjectType: 'attendee', subjectId: attendeeId, data: { registrationId: registration.id } })
    await notify(tx, { kind: 'attendee.cancelled', registrationId: registration.id, attendeeId })
    return registration.eventId
  })
  await offerFreedSeatsSafely(eventId, ctx)
  return { attendeeId, registrationCancelled: false }
}

/** Recomputes the amounts of an unpaid registration from its active attendees. */
async function reprice(tx: DbOrTx, registration: typeof registrations.$inferSelect) {
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

function assertBeforeCutoff(event: EventRow, now: Date) {
  if (now.getTime() >= event.startsAt.getTime() - event.changeCutoffHours * 3_600_000) throw new RegistrationError('cutoff_passed')
}

/**
 * Change of a delegate's details: self-service until `event.changeCutoffHours` before the start;
 * organisers (`byOrganiser`) may still fix a name or an address after it, up to the end.
 */
export async function changeAttendee(attendeeId: string, rawChanges: AttendeeChange | unknown, actor: AuditActor, ctx: ServiceContext & { byOrganiser?: boolean } = {}) {
  const changes = parseInput<AttendeeChange>(attendeeChangeSchema, rawChanges)
  const db = ctx.db ?? getDb()
  const now = ctx.now ?? new Date()
  const [found] = await db.select({ registrationId: attendees.registrationId }).from(attendees).where(eq(attendees.id, attendeeId))
  if (!found) throw new RegistrationError('not_found')
  return inLockedTransaction(db, async (tx) => {
    const registration = await lockRegistration(tx, found.registrationId)
    if (!CANCELLABLE.includes(registration.status)) throw new RegistrationError('invalid_state')
    const [event] = await tx.select().from(events).where(eq(events.id, registration.eventId))
    if (!ctx.byOrganiser) assertBeforeCutoff(event, now)
    else if (event.endsAt <= now) throw new RegistrationError('cutoff_passed')
    const [attendee] = await tx.select().from(attendees).where(eq(attendees.id, attendeeId)).for('update')
    if (attendee.status !== 'active') throw new RegistrationError('invalid_state')
    if (changes.email !== attendee.email.toLowerCase()) {
      const [type] = await tx.select().from(ticketTypes).where(eq(ticketTypes.id, attendee.ticketTypeId))
      if (!type.allowMultiplePerPerson) {
        // Same lock as registering, so two changes cannot race one email into the event twice.
        await tx.execute(sql`select id from event where id = ${event.id} for no key update`)
        if ((await emailsAlreadyRegistered(tx, event.id, [changes.email], { excludeAttendeeId: attendeeId })).length > 0)
          throw new RegistrationError('duplicate_person', { field: 'email' })
      }
    }
    const before = { firstName: attendee.firstName, lastName: attendee.lastName, email: attendee.email }
    await tx
      .update(attendees)
      .set({
        firstName: changes.firstName,
        lastName: changes.lastName,
        email: changes.email,
        jobTitle: changes.jobTitle ?? null,
        phone: changes.phone ?? null,
        locale: changes.locale,
        needs: changes.needs ?? null,
        calendarSequence: sql`${attendees.calendarSequence} + 1`,
      })
      .where(eq(attendees.id, attendeeId))
    await recordAudit(tx, { actor, action: 'attendee.changed', subjectType: 'attendee', subjectId: attendeeId, data: { before, after: { firstName: changes.firstName, lastName: changes.lastName, email: changes.email } } })
    await notify(tx, { kind: 'attendee.changed', registrationId: registration.id, attendeeId, data: before.email !== changes.email ? { previousEmail: before.email } : undefined })
    return { attendeeId }
  })
}

/**
 * Adds delegates to an existing registration if seats remain. Paid ticket types can be added
 * while the registration is unpaid (its total grows); once confirmed, only free types.
 */
export async function addAttendees(registrationId: string, raw: { attendees: AttendeeInput[] } | unknown, actor: AuditActor, ctx: ServiceContext = {}) {
  const input = parseInput<{ attendees: AttendeeInput[] }>(addAttendeesSchema, raw)
  const db = ctx.db ?? getDb()
  const now = ctx.now ?? new Date()
  const result = await inLockedTransaction(db, async (tx) => {
    const registration = await lockRegistration(tx, registrationId)
    if (!CANCELLABLE.includes(registration.status)) throw new RegistrationError('invalid_state')
    const [event] = await tx.select().from(events).where(eq(events.id, registration.eventId))
    assertBeforeCutoff(event, now)
    const types = await tx.select().from(ticketTypes).where(eq(ticketTypes.eventId, event.id))
    const typeById = new Map(types.map((t) => [t.id, t]))
    const existing = await activeAttendees(tx, registrationId)
    const existingByType = countByType(existing)
    const requested = countByType(input.attendees)
    for (const [index, a] of input.attendees.entries()) {
      const type = typeById.get(a.ticketTypeId)
      const field = `attendees[${index}].ticketTypeId`
      if (!type || !type.active) throw new RegistrationError('invalid_ticket', { field })
      if (type.hidden && !existingByType.has(type.id)) throw new RegistrationError('invalid_ticket', { field })
      if ((type.salesStartAt && now < type.salesStartAt) || (type.salesEndAt && now >= type.salesEndAt)) throw new RegistrationError('sales_closed', { field })
      if ((existingByType.get(type.id) ?? 0) + (requested.get(type.id) ?? 0) > type.maxPerOrder) throw new RegistrationError('too_many', { field, details: { max: type.maxPerOrder } })
      if (type.priceMinor > 0 && (registration.status === 'confirmed' || registration.paidMinor > 0)) throw new RegistrationError('add_requires_payment', { field })
    }
    const seen = new Set(existing.filter((a) => !typeById.get(a.ticketTypeId)?.allowMultiplePerPerson).map((a) => a.email.toLowerCase()))
    for (const [index, a] of input.attendees.entries()) {
      if (typeById.get(a.ticketTypeId)?.allowMultiplePerPerson) continue
      if (seen.has(a.email)) throw new RegistrationError('duplicate_person', { field: `attendees[${index}].email` })
      seen.add(a.email)
    }
    const seats = await lockAndCountSeats(tx, event.id)
    if (registration.status !== 'pending_approval') {
      const shortfall = findShortfall(seats, requested)
      if (shortfall) throw new RegistrationError('sold_out', { details: shortfall })
    }
    const strict = input.attendees.filter((a) => !typeById.get(a.ticketTypeId)?.allowMultiplePerPerson).map((a) => a.email)
    const taken = await emailsAlreadyRegistered(tx, event.id, strict)
    if (taken.length) throw new RegistrationError('duplicate_person', { field: `attendees[${input.attendees.findIndex((a) => taken.includes(a.email))}].email` })
    const rows = input.attendees.map((a) => newAttendeeRow(a, registrationId, event.id, (typeById.get(a.ticketTypeId) as TicketTypeRow).priceMinor))
    await tx.insert(attendees).values(rows)
    if (registration.status !== 'confirmed' && registration.paidMinor === 0) await reprice(tx, registration)
    for (const a of rows) {
      await recordAudit(tx, { actor, action: 'attendee.added', subjectType: 'attendee', subjectId: a.id, data: { registrationId } })
      if (registration.status === 'confirmed') await notify(tx, { kind: 'registration.confirmed', registrationId, attendeeId: a.id })
    }
    return rows.map((r) => r.id)
  })
  return { registrationId, attendeeIds: result }
}

/** Whether the registration's attendees count as seats in use (the `SEAT_IN_USE` definition). */
function holdsSeats(registration: typeof registrations.$inferSelect, now: Date) {
  return registration.status === 'confirmed' || (registration.status === 'awaiting_payment' && (!registration.holdExpiresAt || registration.holdExpiresAt > now))
}

/**
 * Organiser moves one delegate to another ticket type of the same event. Locks like every path
 * that takes seats (registration → attendee → event → pools in id order), checks the target's
 * pools and the event cap with the delegate's current seat given back, then writes. A different
 * price is only accepted while nothing is paid and the registration is not confirmed (its total
 * is recomputed); otherwise the organiser cancels and re-registers, or refunds.
 */
export async function moveAttendee(attendeeId: string, targetTicketTypeId: string, actor: AuditActor, ctx: ServiceContext = {}) {
  const db = ctx.db ?? getDb()
  const now = ctx.now ?? new Date()
  const [found] = await db.select({ registrationId: attendees.registrationId }).from(attendees).where(eq(attendees.id, attendeeId))
  if (!found) throw new RegistrationError('not_found')
  return inLockedTransaction(db, async (tx) => {
    const registration = await lockRegistration(tx, found.registrationId)
    if (!CANCELLABLE.includes(registration.status)) throw new RegistrationError('invalid_state')
    const [attendee] = await tx.select().from(attendees).where(eq(attendees.id, attendeeId)).for('update')
    if (attendee.status !== 'active') throw new RegistrationError('invalid_state')
    if (attendee.ticketTypeId === targetTicketTypeId) throw new RegistrationError('same_ticket_type', { field: 'ticketTypeId' })
    const types = await tx.select().from(ticketTypes).where(eq(ticketTypes.eventId, registration.eventId))
    const target = types.find((t) => t.id === targetTicketTypeId)
    if (!target || !target.active) throw new RegistrationError('invalid_ticket', { field: 'ticketTypeId' })
    const from = types.find((t) => t.id === attendee.ticketTypeId)
    const priceChanges = target.priceMinor !== attendee.priceMinor
    if (priceChanges && (registration.paidMinor > 0 || registration.status === 'confirmed'))
      throw new RegistrationError('move_price_differs', { details: { fromMinor: attendee.priceMinor, toMinor: target.priceMinor } })
    const people = await activeAttendees(tx, registration.id)
    if (people.filter((p) => p.ticketTypeId === target.id).length + 1 > target.maxPerOrder)
      throw new RegistrationError('too_many', { field: 'ticketTypeId', details: { max: target.maxPerOrder } })
    if (from?.allowMultiplePerPerson && !target.allowMultiplePerPerson) {
      if (people.some((p) => p.id !== attendee.id && p.email.toLowerCase() === attendee.email.toLowerCase()))
        throw new RegistrationError('duplicate_person', { field: 'ticketTypeId' })
    }
    const seats = await lockAndCountSeats(tx, registration.eventId)
    if (!target.allowMultiplePerPerson && from?.allowMultiplePerPerson) {
      if ((await emailsAlreadyRegistered(tx, registration.eventId, [attendee.email], { excludeRegistrationId: registration.id })).length > 0)
        throw new RegistrationError('duplicate_person', { field: 'ticketTypeId' })
    }
    if (registration.status !== 'pending_approval') {
      // The delegate's own seat is given back before the target is checked: a shared pool or the event cap is not taken twice.
      if (holdsSeats(registration, now)) seats.usedByType.set(attendee.ticketTypeId, Math.max(0, (seats.usedByType.get(attendee.ticketTypeId) ?? 0) - 1))
      const shortfall = findShortfall(seats, new Map([[target.id, 1]]))
      if (shortfall) throw new RegistrationError('sold_out', { field: 'ticketTypeId', details: shortfall })
    }
    const [moved] = await tx
      .update(attendees)
      .set({ ticketTypeId: target.id, priceMinor: priceChanges ? target.priceMinor : attendee.priceMinor, calendarSequence: sql`${attendees.calendarSequence} + 1` })
      .where(eq(attendees.id, attendeeId))
      .returning({ calendarSequence: attendees.calendarSequence })
    // An open hold (checkout running) follows the seat to its new type.
    const [hold] = await tx
      .select()
      .from(holds)
      .where(and(eq(holds.registrationId, registration.id), eq(holds.ticketTypeId, attendee.ticketTypeId), sql`${holds.releasedAt} is null`))
      .limit(1)
    if (hold && hold.quantity <= 1) await tx.update(holds).set({ ticketTypeId: target.id }).where(eq(holds.id, hold.id))
    else if (hold) {
      await tx.update(holds).set({ quantity: hold.quantity - 1 }).where(eq(holds.id, hold.id))
      await tx.insert(holds).values({ eventId: hold.eventId, registrationId: registration.id, ticketTypeId: target.id, quantity: 1, expiresAt: hold.expiresAt })
    }
    const totals = priceChanges ? await reprice(tx, registration) : null
    await recordAudit(tx, {
      actor,
      action: 'attendee.moved',
      subjectType: 'attendee',
      subjectId: attendeeId,
      data: {
        registrationId: registration.id,
        from: attendee.ticketTypeId,
        to: target.id,
        ...(priceChanges ? { priceBefore: attendee.priceMinor, priceAfter: target.priceMinor, totalBefore: registration.totalMinor, totalAfter: totals?.totalMinor } : {}),
      },
    })
    await notify(tx, { kind: 'attendee.changed', registrationId: registration.id, attendeeId, version: `moved:${moved.calendarSequence}` })
    return { attendeeId, ticketTypeId: target.id, totalMinor: totals?.totalMinor ?? registration.totalMinor }
  })
}

/** Job: holds past their end free their seats (registration `expired`, attendees cancelled), then the waiting list is served. */
export async function expireHolds(now: Date = new Date(), ctx: ServiceContext = {}) {
  const db = ctx.db ?? getDb()
  const expired = await db.transaction(async (tx) => {
    const due = await tx.execute<{ id: string; event_id: string; code_id: string | null }>(sql`
      select id, event_id, code_id from registration
      where status = 'awaiting_payment' and hold_expires_at is not null and hold_expires_at <= ${now.toISOString()}::timestamptz
      order by hold_expires_at limit 500
      for update skip locked`)
    for (const r of due) {
      await tx.update(registrations).set({ status: 'expired', cancelledAt: now }).where(eq(registrations.id, r.id))
      const gone = await tx
        .update(attendees)
        .set({ status: 'cancelled', cancelledAt: now })
        .where(and(eq(attendees.registrationId, r.id), eq(attendees.status, 'active')))
        .returning({ id: attendees.id })
      await tx.update(holds).set({ releasedAt: now }).where(and(eq(holds.registrationId, r.id), sql`${holds.releasedAt} is null`))
      await releaseCodeUse(tx, r.code_id)
      await recordAudit(tx, { actor: SYSTEM, action: 'registration.expired', subjectType: 'registration', subjectId: r.id })
      for (const a of gone) await recordAudit(tx, { actor: SYSTEM, action: 'attendee.cancelled', subjectType: 'attendee', subjectId: a.id, data: { registrationId: r.id, reason: 'hold_expired' } })
      await notify(tx, { kind: 'registration.cancelled', registrationId: r.id, data: { reason: 'hold_expired' } })
    }
    return due
  })
  const eventIds = [...new Set(expired.map((r) => r.event_id))]
  for (const eventId of eventIds) await offerFreedSeatsSafely(eventId, ctx, now)
  return { expired: expired.length, eventIds }
}

// The waiting list lives in its own file; re-exported here so callers have one door.
export { expireOffers, findOffer, joinWaitlist, offerFreedSeats } from './waitlist.server'

/** Registers with a waiting-list offer: the offer's seats are set aside for this registration. */
export function claimOffer(token: string, input: Omit<RegisterInput, 'offerToken'> | unknown, ctx: RegisterContext = {}) {
  return registerCompany({ ...(input as object), offerToken: token }, ctx)
}

async function offerFreedSeatsSafely(eventId: string, ctx: ServiceContext, now?: Date) {
  try {
    await offerFreedSeats(eventId, { ...ctx, now: now ?? ctx.now })
  } catch (error) {
    // The every-minute `waitlist.expire-offers` job serves the list again; a busy lock here is not an error.
    if (!(error instanceof RegistrationError && error.code === 'busy')) throw error
  }
}

