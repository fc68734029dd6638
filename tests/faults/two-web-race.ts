/**
 * Two web processes + one worker: 1,000 registration attempts over HTTP, spread over both web
 * processes, for the last 50 seats. None oversold, none answered ≥ 500 but "busy" (503, a
 * lock conflict the visitor is asked to retry), every confirmed seat's mail sent.
 */
import { getDb } from '#db/client'
import { createTestEvent } from '../factories'
import type { Scenario } from './context'
import { inParallel, registrationForm, request, seatsInUse } from './http'
import { until } from './processes'

const ATTEMPTS = 1000
const SEATS = 50

export const twoWebRace: Scenario = {
  name: 'two web processes + one worker',
  timeoutMs: 240_000,
  async run(ctx) {
    const event = await createTestEvent(getDb(), { pools: [{ key: 'main', size: SEATS, tickets: ['guest'] }] })
    const [a, b] = await Promise.all([ctx.startWeb(), ctx.startWeb()])
    await ctx.startWorker()
    const statuses = new Map<number, number>()
    const byProcess = [0, 0]
    let slowest = 0
    await inParallel(
      ATTEMPTS,
      24,
      async (i) => {
        const web = i % 2 ? b : a
        const seats = 1 + (i % 2)
        const answer = await request(web.url, `/fr/events/${event.slug}/register`, {
          form: registrationForm(event.id, event.ticket.guest, seats, `race-${i}`),
        })
        statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1)
        slowest = Math.max(slowest, answer.ms)
        if (answer.status === 302) byProcess[i % 2]++
      },
      ctx.signal,
    )
    const summary = [...statuses].sort(([x], [y]) => x - y).map(([s, n]) => `${n}×${s}`).join(' ')
    const bad = [...statuses].filter(([s]) => s >= 500 && s !== 503)
    if (bad.length) throw new Error(`answers ≥ 500: ${summary}`)
    const used = await seatsInUse(event.id)
    if (used > SEATS) throw new Error(`oversold: ${used} seats in use for ${SEATS} (${summary})`)
    if (used < SEATS - 1) throw new Error(`only ${used} of ${SEATS} seats taken by ${ATTEMPTS} attempts (${summary})`)
    // The confirmations go out through the worker.
    await until('confirmation mails sent', () => ctx.smtp.acceptedTotal >= byProcess[0] + byProcess[1], 60_000)
    return `${ATTEMPTS} attempts (1 or 2 seats) over 2 web processes: ${used}/${SEATS} seats taken, 0 oversold; answers ${summary}; ${byProcess.join('+')} registrations per process; slowest ${slowest} ms`
  },
}
