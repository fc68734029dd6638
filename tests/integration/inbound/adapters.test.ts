import { spawn } from 'node:child_process'
import crypto from 'node:crypto'
import path from 'node:path'
import { and, eq } from 'drizzle-orm'
import { ImapFlow } from 'imapflow'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { getDb } from '#db/client'
import { inboundMessages, programmeItemContactRsvps } from '#db/schema/index'
import { action as webhookAction } from '~/routes/webhooks.inbound-mail'
import { buildClientReply } from '~/modules/inbound/client-replies.server'
import { pollImapMailbox, REFUSED_KEYWORD, STORED_KEYWORD } from '~/modules/inbound/imap.server'
import { processInboundMessage } from '~/modules/inbound/process.server'
import { signInboundBody } from '~/modules/inbound/webhook.server'
import { getEnv, setEnv } from '~/utils/env.server'
import { createInboundWorld, jobsNamed } from './fixtures'
import { startDovecot } from './dovecot'
import { routeArgs } from '../../factories/route-args'

const SECRET = 'inbound-test-secret-0123456789'
const ROOT = path.resolve(__dirname, '../../..')

async function messageRow(messageId: string) {
  const [row] = await getDb().select().from(inboundMessages).where(eq(inboundMessages.messageId, messageId))
  return row ?? null
}
const messageIdOf = (raw: Buffer) => /^Message-ID:\s*<([^>]+)>/im.exec(raw.toString('latin1'))![1]

async function rsvpOf(world: Awaited<ReturnType<typeof createInboundWorld>>) {
  const [row] = await getDb()
    .select()
    .from(programmeItemContactRsvps)
    .where(and(eq(programmeItemContactRsvps.programmeItemId, world.item.id), eq(programmeItemContactRsvps.partnerContactId, world.contact.id)))
  return row ?? null
}

describe('POST /webhooks/inbound-mail', () => {
  const before = getEnv()
  beforeAll(() => setEnv({ ...before, INBOUND_MAIL_SECRET: SECRET }))
  afterAll(() => setEnv(before))

  const post = (body: Buffer, headers: Record<string, string>) =>
    webhookAction(routeArgs({
      request: new Request('http://passerelle.test/webhooks/inbound-mail', { method: 'POST', body: new Uint8Array(body), headers }),
      params: {},
      context: {},
    })) as Promise<Response>

  it('stores a signed message once (200, then 200 duplicate) and its job applies it', async () => {
    const world = await createInboundWorld()
    const raw = await buildClientReply({ invitation: world.contactInvitation, client: 'outlook', answer: 'accepted', locale: 'en' })
    const headers = { 'content-type': 'message/rfc822', 'x-passerelle-signature': signInboundBody(raw, SECRET) }
    const first = await post(raw, headers)
    expect(first.status).toBe(200)
    const body = (await first.json()) as { id: string; duplicate: boolean }
    expect(body.duplicate).toBe(false)
    const again = await post(raw, headers)
    expect(again.status).toBe(200)
    expect(((await again.json()) as { duplicate: boolean }).duplicate).toBe(true)
    expect(await jobsNamed('inbound.process', body.id)).toHaveLength(1)
    await processInboundMessage(body.id)
    expect((await messageRow(messageIdOf(raw)))?.status).toBe('applied')
    expect((await rsvpOf(world))?.partstat).toBe('accepted')
  })

  it('answers 401 to a bad signature, 413 to a 20 MB body, 415 to what is not mail — and stores nothing', async () => {
    const world = await createInboundWorld()
    const raw = await buildClientReply({ invitation: world.contactInvitation, client: 'gmail', answer: 'declined', locale: 'fr' })
    const bad = await post(raw, { 'content-type': 'message/rfc822', 'x-passerelle-signature': signInboundBody(raw, 'another-secret-entirely') })
    expect(bad.status).toBe(401)
    expect((await post(raw, { 'content-type': 'message/rfc822' })).status).toBe(401)

    const big = Buffer.alloc(20 * 1024 * 1024, 'a')
    const tooLarge = await post(big, { 'content-type': 'message/rfc822', 'x-passerelle-signature': signInboundBody(big, SECRET) })
    expect(tooLarge.status).toBe(413)
    expect(((await tooLarge.json()) as { message: string }).message).toMatch(/too large/i)

    const json = Buffer.from(JSON.stringify({ from: 'x@y.test', text: 'hello' }))
    expect((await post(json, { 'content-type': 'application/json', 'x-passerelle-signature': signInboundBody(json, SECRET) })).status).toBe(415)
    expect((await post(json, { 'content-type': 'message/rfc822', 'x-passerelle-signature': signInboundBody(json, SECRET) })).status).toBe(415)
    expect(await messageRow(messageIdOf(raw))).toBeNull()
  })
})

describe('npm run mail:ingest < message.eml', () => {
  const ingest = (input: Buffer) =>
    new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), path.join(ROOT, 'app/modules/inbound/ingest-cli.ts')], {
        cwd: ROOT,
        env: { ...process.env, DATABASE_URL: inject('databaseUrl'), NODE_ENV: 'test', LOG_LEVEL: 'silent' },
      })
      let stdout = ''
      let stderr = ''
      child.stdout.on('data', (d) => (stdout += d))
      child.stderr.on('data', (d) => (stderr += d))
      child.on('close', (code) => resolve({ code, stdout, stderr }))
      child.stdin.end(input)
    })

  it('exits 0 when stored (and again for the same message), non-zero with a message otherwise', async () => {
    const world = await createInboundWorld()
    const raw = await buildClientReply({ invitation: world.contactInvitation, client: 'thunderbird', answer: 'tentative', locale: 'fr' })
    const stored = await ingest(raw)
    expect(stored.stderr).toBe('')
    expect(stored.code).toBe(0)
    expect(stored.stdout).toMatch(/^stored /)
    const row = await messageRow(messageIdOf(raw))
    expect(row).toMatchObject({ source: 'pipe', status: 'stored' })
    const again = await ingest(raw)
    expect(again.code).toBe(0)
    expect(again.stdout).toMatch(/^already stored /)
    await processInboundMessage(row!.id)
    expect((await rsvpOf(world))?.partstat).toBe('tentative')

    const notMail = await ingest(Buffer.from('just some words\n'))
    expect(notMail.code).not.toBe(0)
    expect(notMail.stderr).toMatch(/not an e-mail message/)

    const tooLarge = await ingest(Buffer.concat([Buffer.from('From: a@b.test\r\nDate: Sat, 5 Dec 2026 10:00:00 +0000\r\n\r\n'), Buffer.alloc(20 * 1024 * 1024, 'a')]))
    expect(tooLarge.code).toBe(65)
    expect(tooLarge.stderr).toMatch(/too large/)
  }, 90_000)
})

// Not skipped when Dovecot is missing: .ci/run installs it (dovecot-imapd), and a skip would hide the adapter.
describe('IMAP adapter against a real Dovecot', () => {
  let dovecot: Awaited<ReturnType<typeof startDovecot>>
  beforeAll(async () => {
    dovecot = await startDovecot()
  })
  afterAll(async () => {
    await dovecot?.stop()
  })

  async function withClient<T>(work: (client: ImapFlow) => Promise<T>) {
    const client = new ImapFlow({ host: '127.0.0.1', port: dovecot.port, secure: false, doSTARTTLS: false, auth: { user: dovecot.user, pass: dovecot.password }, logger: false })
    await client.connect()
    try {
      return await work(client)
    } finally {
      await client.logout()
    }
  }

  it('stores each new message once, flags it, moves it to the processed mailbox, deletes nothing', async () => {
    const world = await createInboundWorld()
    const reply = await buildClientReply({ invitation: world.contactInvitation, client: 'apple', answer: 'accepted', locale: 'en' })
    const notMail = Buffer.from(`Subject: no sender\r\nMessage-ID: <${crypto.randomUUID()}@x>\r\n\r\nbody\r\n`)
    await withClient(async (client) => {
      await client.append('INBOX', reply)
      await client.append('INBOX', notMail)
    })

    const first = await pollImapMailbox({ url: dovecot.url, processedMailbox: 'Passerelle/Processed' })
    expect(first).toMatchObject({ fetched: 2, stored: 1, duplicates: 0, refused: 1 })
    const row = await messageRow(messageIdOf(reply))
    expect(row).toMatchObject({ source: 'imap', status: 'stored' })
    await processInboundMessage(row!.id)
    expect((await rsvpOf(world))?.partstat).toBe('accepted')

    // a second poll fetches nothing again
    expect(await pollImapMailbox({ url: dovecot.url, processedMailbox: 'Passerelle/Processed' })).toMatchObject({ fetched: 0 })

    await withClient(async (client) => {
      const inbox = await client.getMailboxLock('INBOX')
      try {
        const left = await client.fetchAll('1:*', { flags: true, envelope: true })
        // the refused message stays in the inbox, unread, marked so it is not fetched again
        expect(left).toHaveLength(1)
        expect([...(left[0].flags ?? [])]).toContain(REFUSED_KEYWORD)
        expect([...(left[0].flags ?? [])]).not.toContain('\\Seen')
        expect([...(left[0].flags ?? [])]).not.toContain('\\Deleted')
      } finally {
        inbox.release()
      }
      const processed = await client.getMailboxLock(['Passerelle', 'Processed'])
      try {
        const moved = await client.fetchAll('1:*', { flags: true, envelope: true })
        expect(moved).toHaveLength(1)
        expect(moved[0].envelope?.messageId).toBe(`<${messageIdOf(reply)}>`)
        expect([...(moved[0].flags ?? [])]).toEqual(expect.arrayContaining(['\\Seen', STORED_KEYWORD]))
      } finally {
        processed.release()
      }
    })
  })

  it('with IDLE, a message arriving while it listens is stored within seconds', async () => {
    const world = await createInboundWorld()
    const reply = await buildClientReply({ invitation: world.contactInvitation, client: 'gmail', answer: 'tentative', locale: 'fr' })
    const started = Date.now()
    const polling = pollImapMailbox({ url: dovecot.url }, { idleSeconds: 6 })
    await new Promise((r) => setTimeout(r, 1500))
    await withClient((client) => client.append('INBOX', reply))
    // stored while the job is still listening, well before the IDLE window ends
    let row = null
    for (let i = 0; i < 40 && !row; i++) {
      await new Promise((r) => setTimeout(r, 100))
      row = await messageRow(messageIdOf(reply))
    }
    expect(row).not.toBeNull()
    expect(Date.now() - started).toBeLessThan(6000)
    const result = await polling
    expect(result?.stored).toBe(1)
  })
})
