/**
 * Worker killed: 1,000 mails to the sink; `kill -9` of the dedicated worker three times at
 * random moments, restarted each time. Every mail delivered, none twice beyond the kills.
 *
 * Decision 004 sends at most once: a mail whose worker died between the claim and the `sent`
 * mark is flagged "interrupted: check before retrying", not resent. The organiser's part is
 * played here as the failed-mail page asks: those that did not reach the mailbox are retried.
 */
import { getDb } from '#db/client'
import { retryFailedEmail, INTERRUPTED_ERROR } from '~/modules/mail/send.server'
import { dispatch } from '~/modules/notifications/dispatch.server'
import { createMailFixture } from '../factories/mail-fixtures'
import type { Scenario } from './context'
import { fastForwardAfterCrash, rowsOf, statusCounts } from './mail-helpers'
import { until } from './processes'

const MAILS = 1000
const KILLS = 3

export const workerKilled: Scenario = {
  name: 'worker killed',
  timeoutMs: 180_000,
  async run(ctx) {
    const fx = await createMailFixture(getDb(), {
      attendees: Array.from({ length: MAILS - 1 }, (_, i) => ({ locale: i % 2 ? ('en' as const) : ('fr' as const) })),
    })
    await dispatch({ kind: 'registration.confirmed', registrationId: fx.registration.id })
    const ids = (await rowsOf(fx.event.id)).map((r) => r.id)
    if (ids.length !== MAILS) throw new Error(`expected ${MAILS} mails queued, got ${ids.length}`)

    // Kill points spread over the run, at random.
    const killAt = Array.from({ length: KILLS }, (_, i) => Math.floor(((i + 0.2 + Math.random() * 0.6) * MAILS) / (KILLS + 1)))
    let worker = await ctx.startWorker()
    let fastForwarded = { expiredJobs: 0, staleClaims: 0 }
    for (const threshold of killAt) {
      ctx.step(`waiting for ${threshold} mails before a kill (${ctx.smtp.acceptedTotal} so far)`)
      await until(`${threshold} mails received before a kill`, () => ctx.smtp.acceptedTotal >= threshold, 120_000, 20)
      worker.child.kill('SIGKILL')
      await worker.exited
      const f = await fastForwardAfterCrash(ids)
      fastForwarded = { expiredJobs: fastForwarded.expiredJobs + f.expiredJobs, staleClaims: fastForwarded.staleClaims + f.staleClaims }
      ctx.step('restarting the worker')
      worker = await ctx.startWorker()
    }
    ctx.step('waiting for every mail to be sent or flagged')
    await until(
      'every mail sent or flagged',
      async () => {
        const counts = await statusCounts(fx.event.id)
        return (counts.sent ?? 0) + (counts.failed ?? 0) === MAILS
      },
      120_000,
    )

    const received = ctx.smtp.receivedRowIds()
    const rows = await rowsOf(fx.event.id)
    const interrupted = rows.filter((r) => r.status === 'failed')
    const otherFailures = interrupted.filter((r) => r.lastError !== INTERRUPTED_ERROR)
    if (otherFailures.length) throw new Error(`${otherFailures.length} mails failed for another reason: ${otherFailures[0].lastError}`)
    const unsentButReceived = rows.filter((r) => r.status === 'sent' && !received.has(r.id))
    if (unsentButReceived.length) throw new Error(`${unsentButReceived.length} rows marked sent were never received`)
    // The organiser retries the interrupted mails that did not arrive (the page says "check before retrying").
    const toRetry = interrupted.filter((r) => !received.has(r.id))
    for (const r of toRetry) if (!(await retryFailedEmail(r.id))) throw new Error(`retry refused for ${r.id}`)
    ctx.step(`waiting for ${toRetry.length} retried mails`)
    await until('retried mails delivered', () => toRetry.every((r) => ctx.smtp.receivedRowIds().has(r.id)), 60_000)

    const finalReceived = ctx.smtp.receivedRowIds()
    const lost = ids.filter((id) => !finalReceived.has(id))
    const duplicates = [...finalReceived.values()].reduce((sum, n) => sum + (n - 1), 0)
    const strangers = [...finalReceived.keys()].filter((id) => !ids.includes(id))
    if (lost.length) throw new Error(`${lost.length} mails lost`)
    if (strangers.length) throw new Error(`${strangers.length} unexpected messages received`)
    if (duplicates > KILLS) throw new Error(`${duplicates} duplicates for ${KILLS} kills`)
    await worker.kill('SIGTERM')
    return `${MAILS} mails, ${KILLS} kills at ${killAt.join('/')} received, ${finalReceived.size} delivered, ${duplicates} duplicates, 0 lost; ${interrupted.length} flagged interrupted (${interrupted.length - toRetry.length} had arrived, ${toRetry.length} retried); ${fastForwarded.expiredJobs} jobs of dead workers expired early`
  },
}
