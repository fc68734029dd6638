/**
 * Registration over HTTP, as visitors do it:
 * - full registration form posts per second through the production server (20 visitors at once,
 *   one seat each, each from its own address) ÷ the same transaction from a raw SQL loop at the
 *   same concurrency, alternating short slices in the same run;
 * - the overselling race as the compass test defines it: 1,000 concurrent attempts over HTTP for
 *   the last 50 seats, spread over two web processes, with the dedicated worker running. Oversold
 *   must be 0, and a refused attempt is answered within the lock timeout.
 *   BENCH_RACE_TRACE=<file> writes every attempt there (tab-separated: attempt, when it started
 *   after the race began, how long its answer took, the status), to see which ones are slow.
 */
import fs from 'node:fs'
import postgres from 'postgres'
import { createDatabase, getDatabaseHandle, setDatabase } from '#db/client'
import { inParallel, registrationForm, request, seatsInUse } from '../faults/http'
import { createTestEvent } from '../factories'
import { rawRegistrationLoop } from './raw-registration'
import { forDuration } from './registration.bench'
import type { BenchContext, BenchFigure } from './types'

const VISITORS = 20
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5)
const RACE_ATTEMPTS = 1000
const RACE_SEATS = 50
/** Posts each web process answers before the race: half of them registered, then half refused (sold out). */
const WARM_UP_POSTS = 10
/** `registration.lockTimeout` in app/modules/locks: a refused attempt waits no longer on a lock. */
const LOCK_TIMEOUT_MS = 3000

/**
 * Waits until the jobs queued before this call and already due are done (or failed, or set to
 * retry later); jobs scheduled for later (reminders, earlier benches' retries) are not waited
 * for. Returns how many there were and how long it took.
 */
async function drainJobs(raw: postgres.Sql, timeoutMs: number) {
  const started = Date.now()
  const [{ since }] = await raw`select now() as since`
  const open = async () => {
    const [{ n }] = await raw`
      select count(*)::int as n from pgboss.job
      where created_on <= ${since} and (state = 'active' or (state in ('created', 'retry') and start_after <= now()))`
    return n as number
  }
  const jobs = await open()
  for (let left = jobs; left > 0; left = await open()) {
    if (Date.now() - started > timeoutMs) throw new Error(`jobs still queued after ${timeoutMs / 1000} s: see .cache/bench-worker.log`)
    await new Promise((r) => setTimeout(r, 200))
  }
  return { jobs, ms: Date.now() - started }
}

export default async function registrationHttpBench(ctx: BenchContext): Promise<BenchFigure[]> {
  const handle = createDatabase(ctx.databaseUrl, { max: 4, applicationName: 'bench-registration-http' })
  const raw = postgres(ctx.databaseUrl, { max: VISITORS, idle_timeout: 5, onnotice: () => {} })
  const previous = (() => {
    try {
      return getDatabaseHandle()
    } catch {
      return undefined
    }
  })()
  setDatabase(handle) // seatsInUse reads through the app's one handle
  try {
    const db = handle.db
    // --- throughput: form posts through the server against the raw transaction
    const event = await createTestEvent(db, { tickets: [{ key: 'guest', maxPerOrder: 10 }], pools: [{ key: 'hall', size: 1_000_000, tickets: ['guest'] }] })
    let post = 0
    const statuses = new Map<number, number>()
    const httpOnce = async () => {
      const answer = await request(ctx.baseUrl, `/fr/events/${event.slug}/register`, {
        form: registrationForm(event.id, event.ticket.guest, 1, `http-${post++}`),
      })
      statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1)
      return answer.status === 302
    }
    for (let i = 0; i < 10; i++) await httpOnce() // warm-up: modules, plans, the page's code
    const baselineOnce = await rawRegistrationLoop(raw, db)
    const SLICES = 4
    const http = { committed: 0, seconds: 0 }
    const baseline = { committed: 0, seconds: 0 }
    for (let slice = 0; slice < SLICES; slice++) {
      for (const [tally, once] of [
        [http, httpOnce],
        [baseline, baselineOnce],
      ] as const) {
        const started = Date.now()
        const r = await forDuration(VISITORS, SECONDS / SLICES, once)
        tally.committed += r.committed
        tally.seconds += (Date.now() - started) / 1000
      }
    }
    const httpRate = http.committed / http.seconds
    const baselineRate = baseline.committed / baseline.seconds
    const answers = [...statuses].sort(([a], [b]) => a - b).map(([s, n]) => `${n}×${s}`).join(' ')
    ctx.log(`registration over HTTP: ${http.committed} registered (${httpRate.toFixed(1)}/s; answers ${answers}); raw SQL ${baseline.committed} (${baselineRate.toFixed(1)}/s)`)

    // --- the race for the last 50 seats over two web processes and the worker
    const race = await createTestEvent(db, { pools: [{ key: 'main', size: RACE_SEATS, tickets: ['guest'] }] })
    const [second] = await Promise.all([ctx.startServer(), ctx.startWorker()])
    // The throughput slices above queued a confirmation mail (QR code, invitation) per registration,
    // and no worker ran then. The race starts once the worker has sent them: the race's own mails
    // are sent during the race, as a deployed worker would, but not a backlog left by another figure.
    const drained = await drainJobs(raw, 120_000)
    ctx.log(`race: the worker first sent the ${drained.jobs} jobs queued by the throughput slices (${(drained.ms / 1000).toFixed(1)} s)`)
    const servers = [ctx.baseUrl, second]
    // Both processes warmed the same way before the race, as deployed ones that have served both
    // answers already are: a few registrations and refusals on an event of their own.
    const warmUp = await createTestEvent(db, { pools: [{ key: 'main', size: WARM_UP_POSTS, tickets: ['guest'] }] })
    for (let i = 0; i < 2 * WARM_UP_POSTS; i++)
      await request(servers[i % 2], `/fr/events/${warmUp.slug}/register`, { form: registrationForm(warmUp.id, warmUp.ticket.guest, 1, `warm-${i}`) })
    const raceStatuses = new Map<number, number>()
    let slowestRefusal = 0
    const started = Date.now()
    const trace: string[] = ['attempt\tstarted_ms\tanswer_ms\tstatus']
    await inParallel(RACE_ATTEMPTS, 50, async (i) => {
      const answer = await request(servers[i % 2], `/fr/events/${race.slug}/register`, {
        form: registrationForm(race.id, race.ticket.guest, 1 + (i % 2), `race-${i}`),
      })
      raceStatuses.set(answer.status, (raceStatuses.get(answer.status) ?? 0) + 1)
      if (answer.status !== 302) slowestRefusal = Math.max(slowestRefusal, answer.ms)
      trace.push(`${i}\t${Date.now() - started - answer.ms}\t${answer.ms}\t${answer.status}`)
    })
    if (process.env.BENCH_RACE_TRACE) fs.writeFileSync(process.env.BENCH_RACE_TRACE, trace.join('\n') + '\n')
    const raceSeconds = (Date.now() - started) / 1000
    const used = await seatsInUse(race.id)
    const oversold = Math.max(0, used - RACE_SEATS)
    const raceAnswers = [...raceStatuses].sort(([a], [b]) => a - b).map(([s, n]) => `${n}×${s}`).join(' ')
    ctx.log(`race: ${RACE_ATTEMPTS} attempts over 2 web processes in ${raceSeconds.toFixed(1)} s: ${used}/${RACE_SEATS} seats taken; answers ${raceAnswers}; slowest refusal ${slowestRefusal} ms`)

    return [
      {
        name: `registration over HTTP: form posts per second ÷ raw SQL transaction (${VISITORS} at once)`,
        value: Number(httpRate.toFixed(1)),
        unit: 'registrations/s',
        baseline: Number(baselineRate.toFixed(1)),
        ratio: Number((httpRate / baselineRate).toFixed(3)),
        goal: '—',
      },
      { name: `oversold seats: ${RACE_ATTEMPTS} HTTP attempts, last ${RACE_SEATS} seats, 2 web processes + worker`, value: oversold, unit: 'seats', baseline: null, ratio: null, goal: '== 0' },
      {
        name: 'slowest refused attempt in that race ÷ the lock timeout',
        value: slowestRefusal,
        unit: 'ms',
        baseline: LOCK_TIMEOUT_MS,
        ratio: Number((slowestRefusal / LOCK_TIMEOUT_MS).toFixed(2)),
        goal: '<= 1',
      },
    ]
  } finally {
    setDatabase(previous)
    await raw.end({ timeout: 5 })
    await handle.sql.end({ timeout: 5 })
  }
}
