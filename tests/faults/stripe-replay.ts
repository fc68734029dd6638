/**
 * Stripe events replayed: 200 checkout sessions opened over HTTP (register, then pay by card);
 * each `checkout.session.completed` event, signed with Stripe's SDK and the webhook secret the
 * server runs with, is delivered 5 times in random order, and for one session in five the first
 * delivery arrives before the session is known (the payment row does not carry its id yet, as
 * between Stripe's answer and our update). Each payment applied once, one receipt each, invoice
 * numbers without gaps.
 *
 * The web process runs in development mode on the production build (as the end-to-end tests
 * do): checkout sessions are then opened by the labelled test checkout, since Stripe's API is not
 * reachable from here; the webhook path is the production one, with STRIPE_WEBHOOK_SECRET.
 */
import { eq, inArray, sql } from 'drizzle-orm'
import Stripe from 'stripe'
import { getDb } from '#db/client'
import { emailMessages, invoices, payments, registrations, testCheckoutSessions } from '#db/schema/index'
import { createTestEvent } from '../factories'
import type { Scenario } from './context'
import { inParallel, registrationForm, request } from './http'
import { WEBHOOK_SECRET, until } from './processes'

const SESSIONS = 200
const DELIVERIES = 5
const EARLY_EVERY = 5

const stripe = new Stripe('sk_test_fault_suite_signing_only')

function shuffle<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1))
    ;[items[i], items[j]] = [items[j], items[i]]
  }
  return items
}

export const stripeReplay: Scenario = {
  name: 'Stripe events replayed',
  timeoutMs: 240_000,
  async run(ctx) {
    const devBuild = { NODE_ENV: 'development', SERVE_BUILD: 'true', HMR_DISABLED: 'true' }
    const event = await createTestEvent(getDb(), {
      tickets: [{ key: 'delegate', priceMinor: 15000 }],
      pools: [{ key: 'main', size: SESSIONS + 10, tickets: ['delegate'] }],
    })
    const web = await ctx.startWeb({ env: devBuild })
    await ctx.startWorker({ env: devBuild })

    // Open the sessions as companies do: register with "card" chosen, which opens the checkout.
    const sessionIds: string[] = []
    await inParallel(
      SESSIONS,
      8,
      async (i) => {
        const registered = await request(web.url, `/fr/events/${event.slug}/register`, {
          form: registrationForm(event.id, event.ticket.delegate, 1, `stripe-${i}`),
        })
        // Card chosen in the form: the registration answers with the checkout itself (one click).
        const straight = /\/test-checkout\/([^/?]+)/.exec(registered.location ?? '')?.[1]
        if (registered.status !== 302 || !straight) throw new Error(`registration ${i}: ${registered.status} ${registered.location ?? registered.body.slice(0, 200)}`)
        const sessionId = straight
        sessionIds.push(sessionId)
      },
      ctx.signal,
    )
    const sessions = await getDb().select().from(testCheckoutSessions).where(inArray(testCheckoutSessions.id, sessionIds))
    const events = sessions.map((s, i) => {
      const params = s.params as { client_reference_id?: string; metadata?: Record<string, string> }
      return {
        id: `evt_fault_${i}_${s.id.slice(-8)}`,
        object: 'event',
        type: 'checkout.session.completed',
        api_version: '2025-01-27.acacia',
        created: Math.floor(Date.now() / 1000),
        livemode: false,
        pending_webhooks: 1,
        request: { id: null, idempotency_key: null },
        data: {
          object: {
            id: s.id,
            object: 'checkout.session',
            status: 'complete',
            payment_status: 'paid',
            payment_intent: s.paymentIntentId,
            amount_total: s.amountTotal,
            currency: s.currency,
            client_reference_id: params.client_reference_id ?? null,
            metadata: params.metadata ?? {},
            url: null,
            expires_at: Math.floor(s.expiresAt.getTime() / 1000),
          },
        },
      }
    })
    const statuses = new Map<number, number>()
    const deliver = async (payload: string) => {
      const signature = stripe.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET })
      const answer = await request(web.url, '/webhooks/stripe', {
        body: payload,
        headers: { 'stripe-signature': signature, 'content-type': 'application/json', origin: '', 'sec-fetch-site': 'cross-site' },
      })
      statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1)
      return answer
    }

    // One session in five: Stripe is faster than our own update of the payment row.
    const early = events.filter((_, i) => i % EARLY_EVERY === 0)
    const earlyRows = await getDb()
      .select({ id: payments.id, sessionId: payments.checkoutSessionId })
      .from(payments)
      .where(inArray(payments.checkoutSessionId, early.map((e) => e.data.object.id)))
    if (earlyRows.length !== early.length) throw new Error(`${earlyRows.length} payment rows for ${early.length} early sessions`)
    await getDb().update(payments).set({ checkoutSessionId: null }).where(inArray(payments.id, earlyRows.map((r) => r.id)))
    await inParallel(early.length, 8, async (i) => void (await deliver(JSON.stringify(early[i]))))
    for (const row of earlyRows) await getDb().update(payments).set({ checkoutSessionId: row.sessionId }).where(eq(payments.id, row.id))

    const rest = shuffle(events.flatMap((e) => Array.from({ length: DELIVERIES - (early.includes(e) ? 1 : 0) }, () => JSON.stringify(e))))
    await inParallel(rest.length, 8, async (i) => void (await deliver(rest[i])), ctx.signal)
    const summary = [...statuses].sort(([a], [b]) => a - b).map(([s, n]) => `${n}×${s}`).join(' ')
    if ([...statuses.keys()].some((s) => s >= 500)) throw new Error(`webhook answers ≥ 500: ${summary}`)

    const regIds = (await getDb().select({ id: registrations.id }).from(registrations).where(eq(registrations.eventId, event.id))).map((r) => r.id)
    const paid = await getDb().execute<{ status: string; paid_ok: boolean; n: number }>(sql`
      select r.status, r.paid_minor = r.total_minor as paid_ok, count(*)::int as n from registration r
      where r.event_id = ${event.id} group by 1, 2`)
    const applied = paid.find((p) => p.status === 'confirmed' && p.paid_ok)?.n ?? 0
    if (applied !== SESSIONS) throw new Error(`${applied} of ${SESSIONS} payments applied exactly once (${JSON.stringify(paid)}; webhook answers ${summary})`)
    const succeeded = await getDb().select({ n: sql<number>`count(*)::int` }).from(payments).where(sql`${payments.registrationId} in ${regIds} and ${payments.status} = 'succeeded'`)
    if (succeeded[0].n !== SESSIONS) throw new Error(`${succeeded[0].n} succeeded payments for ${SESSIONS}`)
    const issued = await getDb().select({ sequence: invoices.sequence, registrationId: invoices.registrationId }).from(invoices).where(eq(invoices.organisationId, event.organisationId)).orderBy(invoices.sequence)
    if (issued.length !== SESSIONS) throw new Error(`${issued.length} invoices for ${SESSIONS} payments`)
    const gaps = issued.filter((inv, i) => inv.sequence !== issued[0].sequence + i).length
    if (gaps) throw new Error(`invoice numbers with ${gaps} gaps: ${issued.map((i) => i.sequence).join(',')}`)
    if (new Set(issued.map((i) => i.registrationId)).size !== SESSIONS) throw new Error('a registration got two invoices')
    let receipts: { registrationId: string | null; n: number }[] = []
    await until(
      'one receipt per payment',
      async () => {
        receipts = await getDb()
          .select({ registrationId: emailMessages.registrationId, n: sql<number>`count(*)::int` })
          .from(emailMessages)
          .where(sql`${emailMessages.kind} = 'payment.receipt' and ${emailMessages.eventId} = ${event.id}`)
          .groupBy(emailMessages.registrationId)
        return receipts.length === SESSIONS
      },
      60_000,
      500,
    )
    if (receipts.some((r) => r.n !== 1)) throw new Error(`${receipts.filter((r) => r.n !== 1).length} registrations with several receipts`)
    return `${SESSIONS} sessions, ${SESSIONS * DELIVERIES} signed deliveries in random order (${early.length} first delivered before the session was known): answers ${summary}; ${applied} payments applied once, ${receipts.length} receipts (1 each), invoices ${issued[0].sequence}–${issued[issued.length - 1].sequence} without gaps`
  },
}
