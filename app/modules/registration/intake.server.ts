/**
 * Intake: a company registers its delegates (or claims a waiting-list offer). Unscarce work first,
 * then the seats are locked once, in the order of decision 007, checked, and the rows committed.
 */
// Load the job queue (and its registry) before notify.server: notify → queue → registry → notify is a cycle
// that leaves `notificationJobs` undefined when notify.server is the first of them imported.
import crypto from 'node:crypto'
import { and, asc, eq, sql } from 'drizzle-orm'
import { executePrepared, getDb, type DbOrTx, type Transaction } from '#db/client'
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
import { recordAudits, type AuditActor } from '~/modules/audit/audit.server'
import { recordRegistrationConsents } from '~/modules/privacy/consents.server'
import { openInvoicePayment } from '~/modules/invoices/invoice-payment.server'
import { claimWaitlistOffer, firstFailure, inLockedTransaction, inPipelinedTransaction, raisedRefusal, takeCodeUse } from '~/modules/locks/locks.server'
import { notify } from '~/modules/notifications/notify.server'
import { hashToken } from '~/utils/tokens.server'
import { Refusal } from '~/utils/refusal'
import { shortfallInSnapshot } from './capacity'
import { mintManagementLink } from './management-link.server'
import { codeAppliesTo, priceRegistration } from './pricing'
import { newReference } from './references.server'
import { newAttendeeRow, parseInput, statusWhenSeatsTaken, toPricingCode, type ServiceContext } from './registration-core.server'
import { registerInputSchema, type RegisterInput } from './registration-schemas'
import { lockSeatsOrRefuse, refuseRegisteredEmails } from './seats.server'

export type RegisterContext = ServiceContext & {
  actor?: AuditActor
  /** The company proved it owns this contact email (sign-in link): its profile may be updated. */
  verifiedCompanyEmail?: string
  /**
   * Seats left per ticket type, read without locks by the caller moments before (the registration
   * page's availability). A request they cannot hold is refused before any write and without
   * queueing for the event lock; the locked count stays the only one that lets seats be taken.
   */
  seatsLeft?: ReadonlyMap<string, number | null>
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
  /** How the company chose to pay in the form (`none` for a free registration). */
  paymentMethod: 'none' | 'card' | 'invoice'
}

const companyActor = (email: string): AuditActor => ({ label: `company:${email}` })

type TicketTypeRow = typeof ticketTypes.$inferSelect

async function loadCode(tx: DbOrTx, eventId: string, text: string) {
  const [row] = await tx
    .select()
    .from(codes)
    .where(and(eq(codes.eventId, eventId), sql`upper(${codes.code}) = upper(${text})`))
  if (!row) {
    const [elsewhere] = await tx.select({ id: codes.id }).from(codes).where(sql`upper(${codes.code}) = upper(${text})`).limit(1)
    throw new Refusal(elsewhere ? 'codeWrongEvent' : 'codeInvalid', { field: 'code' })
  }
  const restricted = await tx.select({ ticketTypeId: codeTicketTypes.ticketTypeId }).from(codeTicketTypes).where(eq(codeTicketTypes.codeId, row.id))
  return { ...row, ticketTypeIds: restricted.map((r) => r.ticketTypeId) }
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
      if (q.required && !yes && !no) throw new Refusal('answerRequired', { field })
      if (yes || no) answers[q.id] = yes
      continue
    }
    const text = typeof value === 'string' ? value.trim() : ''
    if (!text) {
      if (q.required) throw new Refusal('answerRequired', { field })
      continue
    }
    if (q.kind === 'choice' && !(q.options ?? []).some((o) => o.key === text)) throw new Refusal('answerInvalid', { field })
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

  // 1. Read and validate without locks and before the transaction (nothing here is scarce; each
  //    statement of a read-committed transaction would see its own snapshot all the same). One round
  //    trip: the reads are prepared (parsed and planned once per connection). A refusal here, the
  //    sold-out one included, costs no BEGIN, ROLLBACK nor reserved connection (decision 032).
  const [[found], types, eventQuestions] = await Promise.all([
    db
      .select({ event: registrationEventColumns, prefix: organisations.invoicePrefix })
      .from(events)
      .innerJoin(organisations, eq(organisations.id, events.organisationId))
      .where(eq(events.id, input.eventId))
      .prepare('register_event')
      .execute(),
    db.select(registrationTicketTypeColumns).from(ticketTypes).where(eq(ticketTypes.eventId, input.eventId)).prepare('register_ticket_types').execute(),
    db.select(registrationQuestionColumns).from(questions).where(eq(questions.eventId, input.eventId)).orderBy(asc(questions.position)).prepare('register_questions').execute(),
  ])
  const event = found?.event
  if (!event || event.status !== 'published' || event.cancelledAt) throw new Refusal('eventUnavailable')
  if ((event.registrationOpensAt && now < event.registrationOpensAt) || (event.registrationClosesAt && now >= event.registrationClosesAt) || now >= event.startsAt)
    throw new Refusal('registrationClosed')
  const typeById = new Map(types.map((t) => [t.id, t]))
  const code = input.code ? await loadCode(db, event.id, input.code) : null
  const offer = input.offerToken ? await loadOffer(db, input.offerToken, event.id, now) : null

  const requested = new Map<string, number>()
  for (const [index, line] of input.tickets.entries()) {
    const type = typeById.get(line.ticketTypeId)
    if (!type || !type.active) throw new Refusal('invalidTicket', { field: `tickets[${index}].ticketTypeId` })
    if (line.quantity > 0) requested.set(type.id, (requested.get(type.id) ?? 0) + line.quantity)
  }
  if (requested.size === 0) throw new Refusal('nothingSelected', { field: 'tickets' })

  if (code) {
    if ((code.validFrom && now < code.validFrom) || (code.validUntil && now >= code.validUntil))
      throw new Refusal('codeExpired', { field: 'code' })
    if (code.maxUses !== null && code.uses >= code.maxUses) throw new Refusal('codeExhausted', { field: 'code' })
    if (![...requested.keys()].some((id) => codeAppliesTo(code, id))) throw new Refusal('codeNotApplicable', { field: 'code' })
  }

  for (const [ticketTypeId, quantity] of requested) {
    const type = typeById.get(ticketTypeId) as RegistrationTicketType
    const field = `tickets`
    const unlocked =
      !type.hidden ||
      (code?.kind === 'invitation' && codeAppliesTo(code, type.id)) ||
      (offer !== null && offer.ticketTypeId === type.id)
    if (!unlocked) throw new Refusal('invalidTicket', { field })
    if ((type.salesStartAt && now < type.salesStartAt) || (type.salesEndAt && now >= type.salesEndAt))
      throw new Refusal('salesClosed', { field, details: { ticketTypeId } })
    if (quantity > type.maxPerOrder) throw new Refusal('tooMany', { field, details: { ticketTypeId, max: type.maxPerOrder } })
    if (quantity < type.minPerOrder) throw new Refusal('tooFew', { field, details: { ticketTypeId, min: type.minPerOrder } })
  }
  if (offer && !requested.has(offer.ticketTypeId)) throw new Refusal('offerInvalid')

  // The same person twice in this submission?
  const seen = new Set<string>()
  for (const [index, a] of input.attendees.entries()) {
    if (typeById.get(a.ticketTypeId)?.allowMultiplePerPerson) continue
    if (seen.has(a.email)) throw new Refusal('duplicatePerson', { field: `attendees[${index}].email` })
    seen.add(a.email)
  }

  const answers = normaliseAnswers(eventQuestions, input.answers)
  let eligibility: Record<string, string | boolean> | null = null
  if (code?.kind === 'funder' && code.eligibilityQuestions?.length) {
    eligibility = {}
    for (const q of code.eligibilityQuestions) {
      const value = input.eligibility[q.key]
      const given = value === true || (typeof value === 'string' && value.trim() !== '')
      if (q.required && !given) throw new Refusal('eligibilityRequired', { field: `eligibility.${q.key}` })
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
      if (!offered.includes(input.paymentMethod)) throw new Refusal('paymentMethodInvalid', { field: 'paymentMethod' })
      paymentMethod = input.paymentMethod
    } else if (offered.length === 1) paymentMethod = offered[0]
    else throw new Refusal('paymentMethodRequired', { field: 'paymentMethod' })
  }

  const outcome = event.approvalRequired
    ? { status: 'pending_approval' as const, holdExpiresAt: null }
    : statusWhenSeatsTaken(event, pricing.totalMinor, paymentMethod, now)

  // Sold out by the caller's snapshot: refused after every other check (so the same request gets
  // the same refusal as before), but before the writes and the event lock (decision 029). Not with
  // an offer, whose own seats a snapshot counts as taken.
  if (ctx.seatsLeft && !offer && outcome.status !== 'pending_approval') {
    const shortfall = shortfallInSnapshot(ctx.seatsLeft, requested)
    if (shortfall) throw new Refusal('soldOut', { details: shortfall })
  }

  // With an invoice, it is issued under the locks once the checks have passed (a round trip back
  // here). Otherwise the checks run in SQL and the COMMIT goes out behind them (decision 035).
  const invoiceNow = paymentMethod === 'invoice' && outcome.status !== 'pending_approval'
  try {
    return await (invoiceNow ? inLockedTransaction : inPipelinedTransaction)(db, async (tx) => {
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
      // Proof of the consents given with the form (text version, time, channel): decision 021.
      recordRegistrationConsents(tx, { organisationId: event.organisationId, email: input.company.contactEmail, locale: input.locale, registrationId, listing: input.listingConsent, at: now }),
    ]
    if (outcome.holdExpiresAt)
      writes.push(tx.insert(holds).values(lines.map((l) => ({ eventId: event.id, registrationId, ticketTypeId: l.ticketTypeId, quantity: l.quantity, expiresAt: outcome.holdExpiresAt as Date })))
        .prepare('register_holds').execute())
    if (code?.kind === 'funder' && code.funderPartnerId && pricing.funderShareMinor > 0)
      writes.push(tx.insert(funderShares).values({ registrationId, funderPartnerId: code.funderPartnerId, amountMinor: pricing.funderShareMinor, currency: event.currency }).prepare('register_funder_share').execute())

    // 4. Lock once, in a fixed order — event, then pools (id order), then the code and the offer —
    //    and check, in SQL: a failed check raises and aborts the transaction (see refusalOf). Sent
    //    right behind the writes on the same connection, which runs statements in the order sent:
    //    the locks are taken once the writes are done. Only the checks and the commit run under the
    //    event lock, and nothing under it waits for this process.
    const strictEmails = input.attendees.filter((a) => !typeById.get(a.ticketTypeId)?.allowMultiplePerPerson).map((a) => a.email)
    const checks = [
      lockSeatsOrRefuse(tx, event.id, outcome.status === 'pending_approval' ? null : requested, { excludeOfferId: offer?.id, excludeRegistrationId: registrationId }),
      refuseRegisteredEmails(tx, event.id, strictEmails, { excludeRegistrationId: registrationId }),
    ]
    if (code) checks.push(takeCodeUse(tx, code.id))
    if (offer) checks.push(claimWaitlistOffer(tx, offer.id, registrationId))
    await firstFailure([...writes, ...checks])
    // payments: with invoice / bank transfer, the invoice (bank details) is issued in this transaction.
    if (invoiceNow) await openInvoicePayment(tx, registrationId, contactActor)
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
      paymentMethod,
    }
    })
  } catch (error) {
    throw refusalOf(error, input)
  }
}

/** A refusal raised in SQL under the locks (`passerelle_refuse`), as the form shows it; any other error as is. */
function refusalOf(error: unknown, input: RegisterInput): unknown {
  const raised = raisedRefusal(error)
  if (!raised) return error
  switch (raised.code) {
    case 'soldOut':
      return new Refusal('soldOut', { details: raised.details, cause: error })
    case 'duplicatePerson': {
      const emails = (raised.details.emails ?? []) as string[]
      const index = input.attendees.findIndex((a) => emails.includes(a.email.toLowerCase()))
      return new Refusal('duplicatePerson', { field: `attendees[${index}].email`, cause: error })
    }
    case 'codeExhausted':
      return new Refusal('codeExhausted', { field: 'code', cause: error })
    case 'offerInvalid':
      return new Refusal('offerInvalid', { cause: error })
    default:
      return error
  }
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
    throw new Refusal('offerInvalid')
  return entry
}

/** Registers with a waiting-list offer: the offer's seats are set aside for this registration. */
export function claimOffer(token: string, input: Omit<RegisterInput, 'offerToken'> | unknown, ctx: RegisterContext = {}) {
  return registerCompany({ ...(input as object), offerToken: token }, ctx)
}
