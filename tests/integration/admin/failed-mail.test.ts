import crypto from 'node:crypto'
import { eq, sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { getDb } from '#db/client'
import { emailMessages } from '#db/schema/index'
import { action, loader } from '~/routes/$lang.admin.mail'
import { run } from '../auth/helpers'
import { createAdminWorld, request } from './fixtures'
import { routeArgs } from '../../factories/route-args'

const ctx = { context: { requestId: 'test', cspNonce: 'test' } }

async function failedMail(toAddress: string, eventId: string | null) {
  const [row] = await getDb()
    .insert(emailMessages)
    .values({ dedupeKey: `test:${crypto.randomUUID()}`, template: 'reminder', locale: 'fr', toAddress, subject: `Rappel ${toAddress}`, status: 'failed', attempts: 3, lastError: '550 mailbox unavailable', eventId })
    .returning({ id: emailMessages.id })
  return row.id
}

describe('back-office list of undelivered emails', () => {
  it('shows each organisation only its own failed mails (admins also account mails) and sends one again on request', async () => {
    const world = await createAdminWorld()
    const other = await createAdminWorld()
    const ours = await failedMail(`ours-${world.org.slug}@example.test`, world.event.id)
    const accountMail = await failedMail(`account-${world.org.slug}@example.test`, null)
    const theirs = await failedMail(`theirs-${other.org.slug}@example.test`, other.event.id)

    const list = async (cookie: string) => {
      const result = await run(() => loader(routeArgs({ request: request('/fr/admin/mail', cookie), params: { lang: 'fr' }, ...ctx })))
      return (result.body as { failed: { id: string }[] }).failed.map((m) => m.id)
    }
    const organiserSees = await list(world.people.organiser.cookie)
    expect(organiserSees).toContain(ours)
    expect(organiserSees).not.toContain(accountMail)
    expect(organiserSees).not.toContain(theirs)
    const adminSees = await list(world.people.admin.cookie)
    expect(adminSees).toContain(ours)
    expect(adminSees).toContain(accountMail)
    expect(adminSees).not.toContain(theirs)

    const retry = (id: string, cookie = world.people.organiser.cookie) =>
      run(() => action(routeArgs({ request: request('/fr/admin/mail', cookie, { form: { emailMessageId: id } }), params: { lang: 'fr' }, ...ctx })))
    const foreign = await retry(theirs)
    expect(foreign.status).toBe(404)
    expect(foreign.body).toMatchObject({ ok: false, formError: 'refusals.mailNotRetryable' })
    const [still] = await getDb().select({ status: emailMessages.status }).from(emailMessages).where(eq(emailMessages.id, theirs))
    expect(still.status).toBe('failed')
    expect((await retry('not-a-uuid')).status).toBe(404)

    const done = await retry(ours)
    expect(done.status).toBe(200)
    expect(done.body).toMatchObject({ ok: true, notice: 'admin.mail.retried' })
    const [row] = await getDb().select({ status: emailMessages.status, attempts: emailMessages.attempts }).from(emailMessages).where(eq(emailMessages.id, ours))
    expect(row).toEqual({ status: 'queued', attempts: 0 })
    const jobs = await getDb().execute(sql`select id from pgboss.job where name = 'email.send' and data->>'emailMessageId' = ${ours}`)
    expect(jobs).toHaveLength(1)
    // A second click finds nothing to retry.
    expect((await retry(ours)).status).toBe(404)
    expect(await list(world.people.organiser.cookie)).not.toContain(ours)
  })
})
