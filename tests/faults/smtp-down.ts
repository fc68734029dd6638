/**
 * SMTP down: 500 mails; in the middle the sink refuses connections for 60 s, then answers 4xx
 * for a while, and 5xx for one address throughout. Every retryable mail is delivered after
 * recovery, the permanent failure is on the failed-mail list, nothing is lost or sent twice.
 */
import { getDb } from '#db/client'
import { listFailedEmails } from '~/modules/mail/send.server'
import { dispatch } from '~/modules/notifications/dispatch.server'
import { createMailFixture } from '../factories/mail-fixtures'
import type { Scenario } from './context'
import { rowsOf, statusCounts } from './mail-helpers'
import { sleep, until } from './processes'

const MAILS = 500
const OUTAGE_MS = 60_000
const TEMPFAIL_MS = 8_000

export const smtpDown: Scenario = {
  name: 'SMTP down',
  timeoutMs: 360_000,
  async run(ctx) {
    const refused = 'refus-permanent@entreprise.example'
    const fx = await createMailFixture(getDb(), {
      attendees: Array.from({ length: MAILS - 1 }, (_, i) => ({ locale: i % 2 ? ('en' as const) : ('fr' as const), ...(i === 7 ? { email: refused } : {}) })),
    })
    ctx.smtp.rejectRecipients.add(refused)
    await ctx.startWorker()
    await dispatch({ kind: 'registration.confirmed', registrationId: fx.registration.id })
    const ids = (await rowsOf(fx.event.id)).map((r) => r.id)
    if (ids.length !== MAILS) throw new Error(`expected ${MAILS} mails queued, got ${ids.length}`)

    await until('a first part delivered', () => ctx.smtp.acceptedTotal >= MAILS / 4, 120_000, 20)
    await ctx.smtp.stop()
    const atOutage = ctx.smtp.acceptedTotal
    await sleep(OUTAGE_MS)
    ctx.smtp.mode = 'tempfail'
    await ctx.smtp.start()
    await sleep(TEMPFAIL_MS)
    ctx.smtp.mode = 'accept'
    const recovered = Date.now()
    await until(
      'every retryable mail delivered',
      async () => {
        const counts = await statusCounts(fx.event.id)
        return (counts.sent ?? 0) === MAILS - 1 && (counts.failed ?? 0) === 1
      },
      240_000,
      500,
    ).catch(async (error) => {
      throw new Error(`${error.message} (${JSON.stringify(await statusCounts(fx.event.id))})`)
    })
    const afterRecovery = Date.now() - recovered

    const received = ctx.smtp.receivedRowIds()
    const rows = await rowsOf(fx.event.id)
    const failed = rows.filter((r) => r.status === 'failed')
    if (failed.length !== 1 || failed[0].toAddress !== refused) throw new Error(`expected one failure, to ${refused}: ${JSON.stringify(failed)}`)
    const listed = await listFailedEmails()
    if (!listed.some((m) => m.id === failed[0].id)) throw new Error('the permanent failure is not on the failed-mail list')
    const lost = rows.filter((r) => r.status === 'sent' && !received.has(r.id))
    const duplicates = [...received.values()].reduce((sum, n) => sum + (n - 1), 0)
    if (lost.length) throw new Error(`${lost.length} mails marked sent but never received`)
    if (received.size !== MAILS - 1) throw new Error(`${received.size} distinct mails received for ${MAILS - 1}`)
    if (duplicates) throw new Error(`${duplicates} mails received twice`)
    return `${MAILS} mails: ${atOutage} before a ${OUTAGE_MS / 1000} s outage, then ${TEMPFAIL_MS / 1000} s of 4xx (${ctx.smtp.tempFailures} answered); all ${MAILS - 1} retryable delivered ${(afterRecovery / 1000).toFixed(0)} s after recovery, 0 lost, 0 twice; the 5xx one (${ctx.smtp.permanentFailures} refusal) listed as failed: "${failed[0].lastError?.slice(0, 60)}"`
  },
}
