/**
 * PostgreSQL restarts under load: 30 s of registrations and page loads against a web process
 * and a worker; the private cluster is restarted twice (fast, then immediate shutdown). Both
 * processes recover unaided within 10 s, no request hangs, an outage answers 503 (never 500), no seat
 * is oversold, no job is lost.
 */
import { eq, sql } from 'drizzle-orm'
import { getDb } from '#db/client'
import { registrations } from '#db/schema/index'
import { createTestEvent } from '../factories'
import type { Scenario } from './context'
import { registrationForm, request, seatsInUse } from './http'
import { sleep, until } from './processes'

const LOAD_MS = 30_000
const SEATS = 120
const RECOVERY_MS = 10_000
const REQUEST_DEADLINE_MS = 20_000

/** Jobs by queue and state, and mails by state: what a FAIL line needs to tell a stuck worker from a lost job. */
async function queueStates() {
  const jobs = await getDb().execute<{ name: string; state: string; n: number; oldest: string }>(sql`
    select name, state, count(*)::int as n, min(coalesce(started_on, created_on))::text as oldest
    from pgboss.job where name in ('notify.dispatch', 'email.send') group by 1, 2 order by 1, 2`)
  const mails = await getDb().execute<{ status: string; n: number }>(sql`select status, count(*)::int as n from email_message group by 1`)
  return [...jobs.map((j) => `${j.name} ${j.state}: ${j.n} (oldest ${j.oldest})`), `mails ${mails.map((m) => `${m.n} ${m.status}`).join(', ')}`].join('\n')
}

export const postgresRestart: Scenario = {
  name: 'PostgreSQL restarts under load',
  timeoutMs: 180_000,
  async run(ctx) {
    const event = await createTestEvent(getDb(), { pools: [{ key: 'main', size: SEATS, tickets: ['guest'] }] })
    // The recovery probes register on an event of their own: the load may sell the first one out
    // before a restart, and a refused registration sends no mail to prove the worker is back.
    const probeEvent = await createTestEvent(getDb(), { pools: [{ key: 'main', size: 1000, tickets: ['guest'] }] })
    const web = await ctx.startWeb()
    const worker = await ctx.startWorker()
    const statuses = new Map<string, number>()
    const count = (key: string) => statuses.set(key, (statuses.get(key) ?? 0) + 1)
    let hung = 0
    let slowest = 0
    let attempt = 0
    const started = Date.now()
    const loop = async (kind: 'register' | 'page') => {
      while (Date.now() - started < LOAD_MS && !ctx.signal.aborted) {
        const i = attempt++
        try {
          const answer =
            kind === 'register'
              ? await request(web.url, `/fr/events/${event.slug}/register`, {
                  form: registrationForm(event.id, event.ticket.guest, 1, `restart-${i}`),
                  timeoutMs: REQUEST_DEADLINE_MS,
                })
              : await request(web.url, i % 2 ? `/fr/events/${event.slug}` : '/en/events', { timeoutMs: REQUEST_DEADLINE_MS })
          slowest = Math.max(slowest, answer.ms)
          count(`${kind} ${answer.status}`)
          if (answer.status >= 500) await sleep(200)
        } catch (error) {
          if (error instanceof Error && error.name === 'TimeoutError') hung++
          else count(`${kind} connection error`)
          await sleep(200)
        }
      }
    }

    // Recovery: from the moment the server accepts connections again until the web process
    // registers someone and the worker delivers that registration's mail.
    const recoveries: { mode: string; web: number; worker: number }[] = []
    const restarts = (async () => {
      for (const [at, mode] of [[8_000, 'fast'], [19_000, 'immediate']] as const) {
        await sleep(Math.max(0, started + at - Date.now()))
        await ctx.cluster.restart(mode)
        const back = Date.now()
        const key = `probe-${mode}`
        await until(
          `web process registering again after the ${mode} restart`,
          async () => {
            const answer = await request(web.url, `/fr/events/${probeEvent.slug}/register`, {
              form: registrationForm(probeEvent.id, probeEvent.ticket.guest, 1, `${key}-${Date.now()}`),
              timeoutMs: 3000,
            }).catch(() => null)
            return answer?.status === 302
          },
          RECOVERY_MS,
          200,
        )
        const webBack = Date.now() - back
        const before = ctx.smtp.acceptedTotal
        await until(`worker delivering again after the ${mode} restart`, () => ctx.smtp.acceptedTotal > before, 60_000, 100).catch(async (error) => {
          throw new Error(`${error.message}\n--- queues ---\n${await queueStates()}\n--- worker output ---\n${worker.output().slice(-3000)}`)
        })
        recoveries.push({ mode, web: webBack, worker: Date.now() - back })
      }
    })()
    await Promise.all([loop('register'), loop('register'), loop('register'), loop('page'), loop('page'), restarts])

    const figures = recoveries.map((r) => `${r.mode}: web ${(r.web / 1000).toFixed(1)} s, worker ${(r.worker / 1000).toFixed(1)} s`).join('; ')
    const slow = recoveries.filter((r) => r.worker > RECOVERY_MS || r.web > RECOVERY_MS)
    if (slow.length) throw new Error(`recovery slower than ${RECOVERY_MS / 1000} s: ${figures}`)
    if (hung) throw new Error(`${hung} requests hung past ${REQUEST_DEADLINE_MS / 1000} s`)
    // An outage answers 503 + Retry-After ("try again"), never a 500 (server/database-outage.ts).
    const errors = [...statuses].filter(([key]) => / 5\d\d$/.test(key) && !key.endsWith(' 503'))
    if (errors.length) throw new Error(`answers other than 503 during the outage: ${errors.map(([k, n]) => `${n}× ${k}`).join(', ')}`)
    if (web.child.exitCode !== null || worker.child.exitCode !== null) throw new Error('a process exited')
    const used = await seatsInUse(event.id)
    if (used > SEATS) throw new Error(`oversold: ${used} seats for ${SEATS}`)
    // No job lost: every mail of every registration leaves (none stays queued, none fails).
    // No job lost: once the load stops, every mail is sent, or still has a live job (one whose
    // completion the outage swallowed comes back at its expiry, 180 s), or was mid-send when the
    // database went away (left `sending`: flagged for the organiser after 5 minutes, 004).
    let mailStates = ''
    let delayed = 0
    let midSend = 0
    let delayedDispatch = 0
    await until(
      'every mail of the run sent or still owned by a job',
      async () => {
        const rows = await getDb().execute<{ status: string; live: boolean; n: number }>(sql`
          select m.status, exists (select 1 from pgboss.job j where j.name = 'email.send' and j.state in ('created', 'retry', 'active')
            and j.data->>'emailMessageId' = m.id::text) as live, count(*)::int as n
          from email_message m group by 1, 2`)
        const jobs = await getDb().execute<{ state: string; n: number }>(sql`
          select state, count(*)::int as n from pgboss.job where name = 'notify.dispatch' group by state`)
        mailStates = `mails ${rows.map((r) => `${r.n} ${r.status}${r.live ? ' with a job' : ''}`).join(', ')}; notify.dispatch jobs ${jobs.map((j) => `${j.n} ${j.state}`).join(', ')}`
        delayed = rows.filter((r) => r.status === 'queued' && r.live).reduce((sum, r) => sum + r.n, 0)
        midSend = rows.filter((r) => r.status === 'sending').reduce((sum, r) => sum + r.n, 0)
        const lostMail = rows.some((r) => (r.status === 'queued' && !r.live) || r.status === 'failed')
        const lostDispatch = jobs.some((j) => !['completed', 'created', 'retry', 'active'].includes(j.state))
        delayedDispatch = jobs.filter((j) => j.state !== 'completed').reduce((sum, j) => sum + j.n, 0)
        return !lostMail && !lostDispatch
      },
      30_000,
      500,
    ).catch((error) => {
      throw new Error(`${error.message} (${mailStates})`)
    })
    if (midSend > 2 * 5) throw new Error(`${midSend} mails left mid-send by 2 restarts (at most 5 SMTP loops each): ${mailStates}`)
    const [confirmed] = await getDb().select({ n: sql<number>`count(*)::int` }).from(registrations).where(eq(registrations.status, 'confirmed'))
    const [unmailed] = await getDb().execute<{ n: number }>(sql`
      select count(*)::int as n from registration r where r.status = 'confirmed'
      and not exists (select 1 from email_message m where m.registration_id = r.id)
      and not exists (select 1 from pgboss.job j where j.name = 'notify.dispatch' and j.state in ('created', 'retry', 'active')
        and j.data->>'registrationId' = r.id::text)`)
    if (unmailed.n > 0) throw new Error(`${unmailed.n} confirmed registrations without their mails or a job to send them`)
    const summary = [...statuses].sort().map(([s, n]) => `${n}× ${s}`).join(', ')
    return `2 restarts (fast, immediate), recovered (${figures}); ${attempt} requests: ${summary}; 0 hung (slowest ${slowest} ms); ${used}/${SEATS} seats, 0 oversold; ${confirmed.n} registrations, each with its mails; ${delayed} mails and ${delayedDispatch} dispatch jobs waiting for their job's expiry, ${midSend} mid-send (flagged after 5 min)`
  },
}
