import { and, eq, inArray, lt, sql } from 'drizzle-orm'
import type { DbOrTx } from '#db/client'
import { getDb } from '#db/client'
import { emailMessages, events, managementTokens } from '#db/schema/index'
import { enqueue } from '~/jobs/queue.server'
import { logger } from '~/utils/logger.server'
import { MailBatchContext, PermanentMailError } from './batch-context.server'
import { composeMail, type ComposedMail } from './compose.server'
import { mailPayloadSchema, type MailPayload } from './payload'
import { getMailTransport } from './transport.server'

/** Attempts before a transient failure (SMTP down, timeout) is given up and shown as failed. */
export const MAX_SEND_ATTEMPTS = 8
/**
 * A row still `sending` this long after its claim was interrupted (worker killed between the
 * SMTP hand-off and the `sent` mark). Longer than any SMTP timeout, so a send still in flight
 * elsewhere is never mistaken for a dead one.
 */
export const SENDING_STALE_MS = 5 * 60_000
export const INTERRUPTED_ERROR = 'interrupted while sending: delivery unknown (check before retrying)'

export type QueueEmailInput = {
  /** (kind, recipient, subject id, version): the same key never sends twice. */
  dedupeKey: string
  kind: string
  payload: MailPayload
  toAddress: string
  locale: 'fr' | 'en'
  eventId?: string | null
  registrationId?: string | null
  /** The organiser message this mail belongs to (its progress page counts them). */
  organiserMessageId?: string | null
}

/**
 * Records an outbound message and enqueues its `email.send` job, inside the caller's
 * transaction. A key already recorded is left alone (returns null): duplicates send nothing.
 */
export async function queueEmail(tx: DbOrTx, input: QueueEmailInput): Promise<string | null> {
  const payload = mailPayloadSchema.parse(input.payload) as MailPayload
  const [row] = await tx
    .insert(emailMessages)
    .values({
      dedupeKey: input.dedupeKey,
      kind: input.kind,
      template: payload.template,
      locale: input.locale,
      toAddress: input.toAddress,
      eventId: input.eventId ?? null,
      registrationId: input.registrationId ?? null,
      organiserMessageId: input.organiserMessageId ?? null,
      payload,
    })
    .onConflictDoNothing({ target: emailMessages.dedupeKey })
    .returning({ id: emailMessages.id })
  if (!row) return null
  await enqueue(tx, 'email.send', { emailMessageId: row.id })
  return row.id
}

function isPermanent(error: unknown): boolean {
  if (error instanceof PermanentMailError) return true
  const code = (error as { responseCode?: number }).responseCode
  // 5xx from the server: the address or the message is refused; retrying will not help.
  return typeof code === 'number' && code >= 500 && code < 600
}

function errorText(error: unknown) {
  return (error instanceof Error ? error.message : String(error)).slice(0, 1000)
}

/**
 * Re-checks, when its turn comes, that a queued message still makes sense: nothing but a
 * cancellation goes to a cancelled attendee, and a reminder is dropped when the event started,
 * was cancelled or moved (the sweep queues the reminder of the new start).
 */
async function obsoleteReason(ctx: MailBatchContext, row: { kind: string | null; dedupeKey: string }, payload: MailPayload): Promise<string | null> {
  if (payload.recipient.type === 'attendee' && payload.calendar !== 'CANCEL' && payload.template !== 'cancelled') {
    const found = await ctx.attendee(payload.recipient.attendeeId)
    if (found && found.attendee.status !== 'active') return 'attendee cancelled'
  }
  if (row.kind === 'reminder' && payload.eventId) {
    const event = await ctx.event(payload.eventId)
    if (!event || event.status !== 'published') return 'event not published'
    if (event.startsAt.getTime() <= Date.now()) return 'event already started'
    const keyStart = Number(row.dedupeKey.split(':').pop())
    if (keyStart !== Math.floor(event.startsAt.getTime() / 1000)) return 'event moved'
  }
  return null
}

export type DeliveryOutcome = 'sent' | 'already-sent' | 'failed' | 'interrupted' | 'skipped'

type EmailRow = typeof emailMessages.$inferSelect

/**
 * The one mail function: builds and sends one recorded message at most once.
 * The row is claimed `queued → sending` atomically just before the SMTP hand-off and marked
 * `sent` right after; a transient failure puts it back to `queued` and throws (the job retries
 * with backoff); a permanent one marks it `failed`. See docs/decisions/004-mail-delivery.md.
 */
export async function deliverEmail(emailMessageId: string, db: DbOrTx = getDb()): Promise<DeliveryOutcome> {
  const [outcome] = await deliverEmails([emailMessageId], db)
  return outcome
}

/**
 * `deliverEmail` for the messages of one job batch, in order, with what they share read once
 * (see `MailBatchContext`). Each mail is claimed on its own, handed to SMTP and marked exactly as
 * alone, and one message at a time is between its claim and its `sent` mark: the next mail is
 * built while the previous one is with the SMTP server, and claimed only once that one is marked.
 * When a message throws (sent elsewhere right now, SMTP down), the ones before it are done, the
 * ones after it are left untouched and the error is thrown (the batch retries; the messages
 * already sent are then skipped by their row).
 */
export async function deliverEmails(emailMessageIds: string[], db: DbOrTx = getDb()): Promise<DeliveryOutcome[]> {
  const rows = emailMessageIds.length
    ? await db.select().from(emailMessages).where(inArray(emailMessages.id, emailMessageIds))
    : []
  const byId = new Map(rows.map((row) => [row.id, row]))
  const ctx = new MailBatchContext(db)
  await ctx.prefetch(
    rows
      .filter((row) => row.status === 'queued')
      .flatMap((row) => {
        const parsed = mailPayloadSchema.safeParse(row.payload)
        return parsed.success ? [parsed.data as MailPayload] : []
      }),
  )

  const outcomes: DeliveryOutcome[] = []
  // the mail with the SMTP server, if any; its failure is kept until it is waited for
  let sending: Promise<void> | undefined
  let sendError: { error: unknown } | undefined
  const previousSent = async () => {
    await sending
    sending = undefined
    if (sendError) throw sendError.error
  }
  for (const [index, id] of emailMessageIds.entries()) {
    let prepared: Awaited<ReturnType<typeof prepare>>
    try {
      prepared = await prepare(ctx, byId.get(id), id)
    } catch (error) {
      await previousSent()
      throw error
    }
    if (typeof prepared === 'string') {
      outcomes[index] = prepared
      continue
    }
    await previousSent()
    const { composed } = prepared
    // its management link is inserted by the claim's own statement, before the mail can leave
    sending = claimAndSend(db, id, composed, ctx.takeLinks()).then(
      (outcome) => void (outcomes[index] = outcome),
      (error: unknown) => void (sendError = { error }),
    )
  }
  await previousSent()
  return outcomes
}

/** Checks one message and builds its mail; a string is its outcome when there is nothing to send. */
async function prepare(
  ctx: MailBatchContext,
  current: EmailRow | undefined,
  emailMessageId: string,
): Promise<DeliveryOutcome | { row: EmailRow; composed: ComposedMail }> {
  const db = ctx.db
  if (!current) return 'skipped'
  if (current.status === 'sent') return 'already-sent'
  if (current.status === 'failed') return 'skipped'
  if (current.status === 'sending') {
    const claimedAt = current.claimedAt?.getTime() ?? 0
    if (Date.now() - claimedAt < SENDING_STALE_MS) {
      // Another worker is sending it right now: come back later and find it sent.
      throw new Error(`email ${emailMessageId} is being sent by another worker`)
    }
    // At most once: the previous sender died after the claim; the mail may have left. Show it.
    await db
      .update(emailMessages)
      .set({ status: 'failed', lastError: INTERRUPTED_ERROR })
      .where(and(eq(emailMessages.id, emailMessageId), eq(emailMessages.status, 'sending')))
    return 'interrupted'
  }
  if (current.status !== 'queued') return 'skipped'

  const payload = mailPayloadSchema.parse(current.payload) as MailPayload
  const obsolete = await obsoleteReason(ctx, current, payload)
  if (obsolete) {
    await db
      .update(emailMessages)
      .set({ status: 'cancelled', lastError: obsolete })
      .where(and(eq(emailMessages.id, emailMessageId), eq(emailMessages.status, 'queued')))
    return 'skipped'
  }

  try {
    return { row: current, composed: await composeMail(db, { id: current.id, payload }, ctx) }
  } catch (error) {
    if (isPermanent(error)) {
      await db
        .update(emailMessages)
        .set({ status: 'failed', lastError: errorText(error) })
        .where(and(eq(emailMessages.id, emailMessageId), eq(emailMessages.status, 'queued')))
      return 'failed'
    }
    throw error
  }
}

type ManagementTokenRow = typeof managementTokens.$inferInsert

/**
 * The claim and the `sent` mark, built once per database handle (they run for every mail; only
 * their values change). `updatedAt` is given explicitly: a prepared statement would otherwise
 * keep the time it was built at.
 */
function buildStatements(db: DbOrTx) {
  // values are given as the driver takes them (timestamps as ISO strings)
  const param = (name: string) => sql`${sql.placeholder(name)}`
  const claimSet = {
    status: 'sending' as const,
    attempts: sql`${emailMessages.attempts} + 1`,
    claimedAt: param('now'),
    messageId: param('messageId'),
    subject: param('subject'),
    toAddress: param('toAddress'),
    locale: param('locale'),
    updatedAt: param('now'),
  }
  const claimWhere = and(eq(emailMessages.id, sql.placeholder('id')), eq(emailMessages.status, 'queued'))
  const link = db.$with('minted_link', {}).as(
    db
      .insert(managementTokens)
      .values({ tokenHash: sql.placeholder('tokenHash'), registrationId: sql.placeholder('registrationId'), expiresAt: sql.placeholder('expiresAt') })
      .getSQL(),
  )
  return {
    claim: db.update(emailMessages).set(claimSet).where(claimWhere).returning({ attempts: emailMessages.attempts }).prepare('email_claim'),
    claimWithLink: db
      .with(link)
      .update(emailMessages)
      .set(claimSet)
      .where(claimWhere)
      .returning({ attempts: emailMessages.attempts })
      .prepare('email_claim_with_link'),
    markSent: db
      .update(emailMessages)
      .set({ status: 'sent', sentAt: param('now'), lastError: null, updatedAt: param('now') })
      .where(eq(emailMessages.id, sql.placeholder('id')))
      .prepare('email_mark_sent'),
  }
}
const statementsByDb = new WeakMap<DbOrTx, ReturnType<typeof buildStatements>>()
function statementsFor(db: DbOrTx) {
  let statements = statementsByDb.get(db)
  if (!statements) statementsByDb.set(db, (statements = buildStatements(db)))
  return statements
}

/** `queued → sending` for one built message, its management links inserted by the same statement. */
async function claim(db: DbOrTx, emailMessageId: string, composed: ComposedMail, links: ManagementTokenRow[]) {
  const values = {
    id: emailMessageId,
    now: new Date().toISOString(),
    messageId: String(composed.mail.messageId),
    subject: composed.subject,
    toAddress: composed.toAddress,
    locale: composed.locale,
  }
  const statements = statementsFor(db)
  if (!links.length) return statements.claim.execute(values)
  if (links.length === 1) return statements.claimWithLink.execute({ ...values, ...links[0] })
  await db.insert(managementTokens).values(links)
  return statements.claim.execute(values)
}

/**
 * Claims one built message (`queued → sending`), hands it to SMTP and marks it. The management
 * links minted for it are inserted by the claim's statement (a CTE), so they exist before the
 * mail can leave, whether or not the claim succeeds.
 */
async function claimAndSend(db: DbOrTx, emailMessageId: string, composed: ComposedMail, links: ManagementTokenRow[]): Promise<DeliveryOutcome> {
  const [claimed] = await claim(db, emailMessageId, composed, links)
  if (!claimed) return 'skipped'

  try {
    await getMailTransport().send(composed.mail)
  } catch (error) {
    const permanent = isPermanent(error) || claimed.attempts >= MAX_SEND_ATTEMPTS
    await db
      .update(emailMessages)
      .set({ status: permanent ? 'failed' : 'queued', lastError: errorText(error), claimedAt: null })
      .where(eq(emailMessages.id, emailMessageId))
    logger.warn({ emailMessageId, err: error, permanent }, 'mail not sent')
    if (permanent) return 'failed'
    throw error
  }
  await statementsFor(db).markSent.execute({ id: emailMessageId, now: new Date().toISOString() })
  return 'sent'
}

/**
 * Back-office "retry" of a failed message: back to `queued` and a new `email.send` job, in one
 * transaction. Returns false when the message is not failed (nothing to do).
 */
export async function retryFailedEmail(emailMessageId: string, db = getDb(), scope?: MailScope): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(emailMessages)
      .set({ status: 'queued', attempts: 0, claimedAt: null })
      .where(and(eq(emailMessages.id, emailMessageId), eq(emailMessages.status, 'failed'), ...(scope ? [inScope(scope)] : [])))
      .returning({ id: emailMessages.id })
    if (!row) return false
    await enqueue(tx, 'email.send', { emailMessageId })
    return true
  })
}

/** Which mails a back-office viewer may see: their organisation's events' mails; admins also those tied to no event. */
export type MailScope = { organisationId: string; withoutEvent: boolean }

function inScope(scope: MailScope) {
  const ofOrganisation = sql`${emailMessages.eventId} in (select id from event where organisation_id = ${scope.organisationId})`
  return scope.withoutEvent ? sql`(${emailMessages.eventId} is null or ${ofOrganisation})` : ofOrganisation
}

/**
 * Failed messages, newest first, for the back-office list with its retry buttons, within what
 * the viewer may see when a scope is given.
 */
export async function listFailedEmails(
  db: DbOrTx = getDb(),
  options: { eventId?: string; limit?: number; scope?: MailScope } = {},
) {
  const conditions = [eq(emailMessages.status, 'failed')]
  if (options.eventId) conditions.push(eq(emailMessages.eventId, options.eventId))
  if (options.scope) conditions.push(inScope(options.scope))
  return db
    .select({
      id: emailMessages.id,
      toAddress: emailMessages.toAddress,
      subject: emailMessages.subject,
      template: emailMessages.template,
      locale: emailMessages.locale,
      attempts: emailMessages.attempts,
      lastError: emailMessages.lastError,
      updatedAt: emailMessages.updatedAt,
      eventId: emailMessages.eventId,
      eventTitle: events.title,
      registrationId: emailMessages.registrationId,
    })
    .from(emailMessages)
    .leftJoin(events, eq(events.id, emailMessages.eventId))
    .where(and(...conditions))
    .orderBy(sql`${emailMessages.updatedAt} desc`)
    .limit(options.limit ?? 100)
}

/** Rows left `sending` past the stale delay (a crashed worker): marked failed so organisers see them. */
export async function markInterruptedSends(db: DbOrTx = getDb()) {
  const rows = await db
    .update(emailMessages)
    .set({ status: 'failed', lastError: INTERRUPTED_ERROR })
    .where(and(eq(emailMessages.status, 'sending'), lt(emailMessages.claimedAt, new Date(Date.now() - SENDING_STALE_MS))))
    .returning({ id: emailMessages.id })
  return rows.map((r) => r.id)
}

/**
 * Safety net run by the minute sweep: a `queued` message whose job is gone (dead-lettered after
 * its batch kept failing, or deleted) gets a new `email.send` job. Nothing is left behind silently.
 */
export async function requeueStrandedEmails(db = getDb(), olderThanMinutes = 15) {
  return db.transaction(async (tx) => {
    const rows = await tx.execute<{ id: string }>(sql`
      select m.id from email_message m
      where m.status = 'queued' and m.updated_at < now() - make_interval(mins => ${olderThanMinutes})
        and not exists (
          select 1 from pgboss.job j
          where j.name = 'email.send' and j.state in ('created', 'retry', 'active')
            and j.data->>'emailMessageId' = m.id::text)
      order by m.updated_at
      limit 500
      for update of m skip locked`)
    for (const row of rows) {
      await tx.update(emailMessages).set({ updatedAt: new Date() }).where(eq(emailMessages.id, row.id))
      await enqueue(tx, 'email.send', { emailMessageId: row.id })
    }
    return rows.length
  })
}
