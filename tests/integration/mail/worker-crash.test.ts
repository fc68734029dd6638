import { fork, type ChildProcess } from 'node:child_process'
import { and, eq, inArray, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { getDb } from '#db/client'
import { emailMessages } from '#db/schema/index'
import { deliverEmail, INTERRUPTED_ERROR, retryFailedEmail } from '~/modules/mail/send.server'
import { dispatch } from '~/modules/notifications/dispatch.server'
import { createMailFixture } from '../../factories/mail-fixtures'
import { messagesOf } from './helpers'
import { TestSmtp } from './smtp'

const smtp = new TestSmtp()
beforeAll(async () => {
  await smtp.start()
})
afterAll(async () => {
  await smtp.stop()
})

function startWorker(eventId: string): Promise<ChildProcess> {
  const child = fork(new URL('./worker-child.ts', import.meta.url).pathname, [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, SMTP_URL: smtp.url, ONLY_EVENT_ID: eventId, LOG_LEVEL: 'silent' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  return new Promise((resolve, reject) => {
    child.once('message', () => resolve(child))
    child.once('exit', (code) => reject(new Error(`worker exited early (${code})`)))
  })
}

async function until(check: () => Promise<boolean> | boolean, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (await check()) return
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error('timed out')
}

describe('a worker killed mid-batch', () => {
  it('loses no mail and sends none twice', async () => {
    const count = 24
    const fx = await createMailFixture(getDb(), {
      attendees: Array.from({ length: count }, (_, i) => ({ locale: i % 2 ? ('en' as const) : ('fr' as const) })),
    })
    await dispatch({ kind: 'registration.confirmed', registrationId: fx.registration.id })
    const rows = await messagesOf(fx.event.id)
    expect(rows).toHaveLength(count + 1)
    const byMessageId = () => {
      const seen = new Map<string, number>()
      for (const r of smtp.received) if (r.messageId) seen.set(r.messageId, (seen.get(r.messageId) ?? 0) + 1)
      return seen
    }

    smtp.delayMs = 300 // the server takes its time to answer: the kill lands mid-send
    const first = await startWorker(fx.event.id)
    await until(() => smtp.arrived >= 9, 60_000)
    first.kill('SIGKILL')
    await new Promise((r) => first.once('exit', r))
    const atKill = await messagesOf(fx.event.id)
    const sentAtKill = atKill.filter((r) => r.status === 'sent').length
    expect(sentAtKill).toBeGreaterThanOrEqual(7)
    await new Promise((r) => setTimeout(r, 400)) // the server finishes accepting what had arrived
    expect(sentAtKill).toBeLessThan(count + 1)

    // What pg-boss's supervisor does when a job's expiry passes: its active jobs go back to retry.
    const ids = rows.map((r) => r.id)
    await getDb().execute(sql`
      update pgboss.job set state = 'retry', start_after = now()
      where name = 'email.send' and state = 'active' and data->>'emailMessageId' in ${sql.raw(`(${ids.map((id) => `'${id}'`).join(',')})`)}`)
    // ...and the same time has passed for the claim of the message that was mid-send.
    await getDb()
      .update(emailMessages)
      .set({ claimedAt: sql`${emailMessages.claimedAt} - interval '10 minutes'` })
      .where(and(inArray(emailMessages.id, ids), eq(emailMessages.status, 'sending')))

    smtp.delayMs = 0
    const second = await startWorker(fx.event.id)
    try {
      await until(async () => (await messagesOf(fx.event.id)).every((r) => r.status === 'sent' || r.status === 'failed'), 60_000)
    } finally {
      second.kill('SIGTERM')
    }
    const final = await messagesOf(fx.event.id)
    const seen = byMessageId()
    // no message was sent twice
    for (const [, n] of seen) expect(n).toBe(1)
    // every message is either sent (and received once) or shown as interrupted (at most the one in flight)
    const interrupted = final.filter((r) => r.status === 'failed')
    expect(interrupted.length).toBeLessThanOrEqual(1)
    for (const r of interrupted) expect(r.lastError).toBe(INTERRUPTED_ERROR)
    for (const r of final.filter((r) => r.status === 'sent')) expect(seen.get(r.messageId!)).toBe(1)

    // an organiser retries an interrupted message the server never got: delivered once
    for (const r of interrupted) {
      if (seen.has(r.messageId!)) continue
      expect(await retryFailedEmail(r.id)).toBe(true)
      const { setMailTransport, createSmtpTransport } = await import('~/modules/mail/transport.server')
      setMailTransport(createSmtpTransport(smtp.url))
      expect(await deliverEmail(r.id)).toBe('sent')
      setMailTransport(undefined)
    }
    const delivered = byMessageId()
    for (const r of await messagesOf(fx.event.id)) expect(delivered.get(r.messageId!) ?? 0).toBeLessThanOrEqual(1)
    const lost = (await messagesOf(fx.event.id)).filter((r) => !delivered.has(r.messageId!) && r.status !== 'failed')
    expect(lost).toHaveLength(0)
    console.log(`crash test: ${sentAtKill} sent before the kill, ${interrupted.length} interrupted mid-send, ${delivered.size} delivered once each`)
  })
})
