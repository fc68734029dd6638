/**
 * Mail throughput: confirmation mails (react-email HTML + text + a METHOD:REQUEST invitation)
 * through the real job queue (pg-boss worker, `email.send` handler: render, claim, SMTP, mark)
 * to a local smtp-server, against a raw nodemailer loop sending the same rendered mail to the
 * same server in the same run. Both rates are taken between the first and the last message the
 * server accepted (steady sending); the worker's start, before its first mail, is printed apart.
 */
import { eq } from 'drizzle-orm'
import nodemailer from 'nodemailer'
import { createDatabase, getDatabaseHandle, setDatabase } from '#db/client'
import { emailMessages } from '#db/schema/index'
import { startJobs, stopJobs } from '~/jobs/queue.server'
import { jobHandlers } from '~/jobs/registry.server'
import { composeMail } from '~/modules/mail/compose.server'
import type { MailPayload } from '~/modules/mail/payload'
import { setMailTransport } from '~/modules/mail/transport.server'
import { dispatch } from '~/modules/notifications/dispatch.server'
import { getEnv, parseEnv, setEnv } from '~/utils/env.server'
import { createMailFixture } from '../factories/mail-fixtures'
import { TestSmtp } from '../integration/mail/smtp'
import type { BenchContext, BenchFigure } from './types'

// 1,000: a 300-mail run lasted about 2 s and its ratio swung between 0.68 and 1.02 from run to run.
const MAILS = Number(process.env.MAIL_BENCH_COUNT ?? 1000)

/** Mails per second between the first and the last of `received` (n − 1 intervals). */
function steadyRate(received: { at: number }[]) {
  const times = received.map((r) => r.at)
  return (times.length - 1) / ((Math.max(...times) - Math.min(...times)) / 1000)
}

export default async function mailBench({ databaseUrl, log }: BenchContext): Promise<BenchFigure[]> {
  const smtp = await new TestSmtp().start()
  const previousEnv = (() => {
    try {
      return getEnv()
    } catch {
      return undefined
    }
  })()
  let previousDb: ReturnType<typeof getDatabaseHandle> | undefined
  try {
    previousDb = getDatabaseHandle()
  } catch {
    previousDb = undefined
  }
  setEnv(parseEnv({ ...process.env, NODE_ENV: 'test', DATABASE_URL: databaseUrl, PUBLIC_URL: 'http://passerelle.bench', SMTP_URL: smtp.url, LOG_LEVEL: 'silent' }))
  const handle = createDatabase(databaseUrl, { max: 8 })
  setDatabase(handle)
  setMailTransport(undefined)
  try {
    await startJobs({ connectionString: databaseUrl, max: 4 })
    const fx = await createMailFixture(handle.db, {
      attendees: Array.from({ length: MAILS }, (_, i) => ({ locale: i % 2 ? ('en' as const) : ('fr' as const) })),
    })
    // the contact is one of the attendees: exactly MAILS mails
    await handle.db.transaction(async (tx) => {
      await tx.execute(`update registration set contact_email = '${fx.attendees[0].email}' where id = '${fx.registration.id}'`)
    })
    await dispatch({ kind: 'registration.confirmed', registrationId: fx.registration.id })
    const rows = await handle.db.select().from(emailMessages).where(eq(emailMessages.eventId, fx.event.id))
    if (rows.length !== MAILS) throw new Error(`expected ${MAILS} queued mails, found ${rows.length}`)

    // Baseline: the same kind of mail, rendered once, sent MAILS times in a plain nodemailer loop.
    const sample = await composeMail(handle.db, { id: rows[0].id, payload: rows[0].payload as MailPayload })
    const { meta: _meta, ...message } = sample.mail
    const raw = nodemailer.createTransport({ url: smtp.url, pool: true, maxConnections: 5 } as never)
    await raw.sendMail(message) // warm up the connection
    const rawFrom = smtp.received.length
    const rawStart = performance.now()
    for (let i = 0; i < MAILS; i++) await raw.sendMail({ ...message, messageId: `<raw-${i}@bench>` })
    const rawSeconds = (performance.now() - rawStart) / 1000
    raw.close()
    const rawRate = steadyRate(smtp.received.slice(rawFrom))
    log(`raw nodemailer loop: ${MAILS} mails in ${rawSeconds.toFixed(2)} s; ${rawRate.toFixed(0)} mails/s from the first to the last`)

    // Through the queue: the app's own worker configuration.
    await stopJobs({ timeoutMs: 2000 })
    const before = smtp.received.length
    const queueStart = performance.now()
    await startJobs({ connectionString: databaseUrl, handlers: jobHandlers, max: 4 })
    const deadline = Date.now() + 300_000
    for (;;) {
      const sent = await handle.db.$count(emailMessages, eq(emailMessages.status, 'sent'))
      if (smtp.received.length - before >= MAILS && sent >= MAILS) break
      if (Date.now() > deadline) throw new Error(`only ${smtp.received.length - before} of ${MAILS} mails arrived`)
      await new Promise((r) => setTimeout(r, 50))
    }
    const queued = smtp.received.slice(before)
    const queueSeconds = (Math.max(...queued.map((r) => r.at)) - queueStart) / 1000
    const firstMs = Math.min(...queued.map((r) => r.at)) - queueStart
    const queueRate = steadyRate(queued)
    const duplicates = queued.length - MAILS
    log(
      `job queue: ${MAILS} mails in ${queueSeconds.toFixed(2)} s from the worker's start (first mail after ${firstMs.toFixed(0)} ms); ` +
        `${queueRate.toFixed(0)} mails/s from the first to the last; ${duplicates} duplicates`,
    )
    return [
      {
        name: 'mails/s through the job queue ÷ raw nodemailer loop (same SMTP server)',
        value: Number(queueRate.toFixed(1)),
        unit: 'mails/s',
        baseline: Number(rawRate.toFixed(1)),
        ratio: Number((queueRate / rawRate).toFixed(3)),
        goal: '>= 0.9',
      },
      { name: 'duplicate mails through the job queue', value: duplicates, unit: 'mails', baseline: null, ratio: null, goal: '== 0' },
    ]
  } finally {
    await stopJobs({ timeoutMs: 5000 })
    setMailTransport(undefined)
    await handle.sql.end({ timeout: 5 })
    setDatabase(previousDb)
    if (previousEnv) setEnv(previousEnv)
    await smtp.stop()
  }
}
