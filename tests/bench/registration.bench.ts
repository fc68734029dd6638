/**
 * Registration throughput and safety.
 * - registrations committed per second by `registerCompany` (20 concurrent workers, one event,
 *   a big pool, 5 s in four slices alternating with the baseline) divided by the same lock-check-insert transaction written as a plain
 *   postgres.js loop (the baseline, same concurrency and duration, same run); goal >= 0.8.
 * - oversold seats after a race of 120 attempts from two pools for 10 seats; goal == 0.
 */
import postgres from 'postgres'
import { createDatabase, getDatabaseHandle, setDatabase } from '#db/client'
import { startJobs, stopJobs, getBoss } from '~/jobs/queue.server'
import { registerCompany } from '~/modules/registration/intake.server'
import { Refusal } from '~/utils/refusal'
import { createTestEvent, registrationInput } from '../factories'
import { rawRegistrationLoop } from './raw-registration'
import type { BenchContext, BenchFigure } from './types'

const WORKERS = 20
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5)

export async function forDuration(workers: number, seconds: number, once: () => Promise<boolean>) {
  const until = Date.now() + seconds * 1000
  let committed = 0
  let refused = 0
  const started = Date.now()
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (Date.now() < until) {
        if (await once()) committed++
        else refused++
      }
    }),
  )
  return { committed, refused, perSecond: committed / ((Date.now() - started) / 1000) }
}

export default async function bench(ctx: BenchContext): Promise<BenchFigure[]> {
  const hadDb = (() => {
    try {
      getDatabaseHandle()
      return true
    } catch {
      return false
    }
  })()
  const handle = createDatabase(ctx.databaseUrl, { max: WORKERS, applicationName: 'bench-registration' })
  if (!hadDb) setDatabase(handle)
  let startedJobs = false
  try {
    getBoss()
  } catch {
    await startJobs({ connectionString: ctx.databaseUrl, max: 2 })
    startedJobs = true
  }
  const raw = postgres(ctx.databaseUrl, { max: WORKERS, idle_timeout: 5, onnotice: () => {} })
  const second = createDatabase(ctx.databaseUrl, { max: 10, applicationName: 'bench-registration-2' })
  try {
    const db = handle.db
    // --- service throughput
    const serviceEvent = await createTestEvent(db, { tickets: [{ key: 'guest', maxPerOrder: 10 }], pools: [{ key: 'hall', size: 1_000_000, tickets: ['guest'] }] })
    // warm-up (module loading, prepared plans)
    for (let i = 0; i < 5; i++) await registerCompany(registrationInput(serviceEvent, { [serviceEvent.ticket.guest]: 1 }), { db })
    const serviceOnce = async () => {
      try {
        await registerCompany(registrationInput(serviceEvent, { [serviceEvent.ticket.guest]: 1 }), { db })
        return true
      } catch (error) {
        if (error instanceof Refusal) return false
        throw error
      }
    }

    // --- baseline: the same lock → check → insert transaction, hand-written with postgres.js
    const baselineOnce = await rawRegistrationLoop(raw, db)
    // Alternate short slices of each so a change in machine load hits both alike.
    const SLICES = 4
    const service = { committed: 0, refused: 0, seconds: 0 }
    const baseline = { committed: 0, refused: 0, seconds: 0 }
    for (let slice = 0; slice < SLICES; slice++) {
      for (const [tally, once] of [
        [service, serviceOnce],
        [baseline, baselineOnce],
      ] as const) {
        const started = Date.now()
        const r = await forDuration(WORKERS, SECONDS / SLICES, once)
        tally.committed += r.committed
        tally.refused += r.refused
        tally.seconds += (Date.now() - started) / 1000
      }
    }
    const servicePerSecond = service.committed / service.seconds
    const baselinePerSecond = baseline.committed / baseline.seconds
    ctx.log(`registration: service ${service.committed} committed (${servicePerSecond.toFixed(1)}/s), ${service.refused} refused`)
    ctx.log(`registration: baseline ${baseline.committed} committed (${baselinePerSecond.toFixed(1)}/s), ${baseline.refused} refused`)

    // --- oversold seats: a race for the last 10 seats from two pools
    const raceEvent = await createTestEvent(db, { tickets: [{ key: 'guest' }], pools: [{ key: 'last', size: 10, tickets: ['guest'] }] })
    const attempts = ctx.databaseKind === 'pglite' ? 40 : 120
    await Promise.allSettled(
      Array.from({ length: attempts }, (_, i) =>
        registerCompany(registrationInput(raceEvent, { [raceEvent.ticket.guest]: 1 }), { db: i % 2 ? second.db : db }),
      ),
    )
    const [{ taken }] = await raw`
      select count(*)::int as taken from attendee a join registration r on r.id = a.registration_id
      where a.event_id = ${raceEvent.id} and a.status = 'active' and r.status in ('confirmed', 'awaiting_payment')`
    const oversold = Math.max(0, taken - 10)
    ctx.log(`registration: race ${attempts} attempts, ${taken} seats taken of 10`)

    return [
      {
        name: 'registration: registrations committed per second, registerCompany vs raw SQL transaction (20 workers)',
        value: Number(servicePerSecond.toFixed(1)),
        unit: 'registrations/s',
        baseline: Number(baselinePerSecond.toFixed(1)),
        ratio: Number((servicePerSecond / baselinePerSecond).toFixed(3)),
        goal: '>= 0.8',
      },
      { name: 'registration: oversold seats after a race for the last 10 seats', value: oversold, unit: 'seats', baseline: null, ratio: null, goal: '== 0' },
    ]
  } finally {
    await raw.end({ timeout: 5 })
    await second.sql.end({ timeout: 5 })
    if (startedJobs) await stopJobs({ timeoutMs: 2000 })
    if (!hadDb) setDatabase(undefined)
    await handle.sql.end({ timeout: 5 })
  }
}
