import { ImapFlow } from 'imapflow'
import { getEnv } from '~/utils/env.server'
import { logger } from '~/utils/logger.server'
import { Refusal } from '~/utils/refusal'
import { storeInboundMessage } from './intake.server'

/** Keywords set on the server: a message is fetched once, and what was refused is not fetched again. */
export const STORED_KEYWORD = '$PasserelleStored'
export const REFUSED_KEYWORD = '$PasserelleRefused'

export type ImapSettings = { url: string; processedMailbox?: string }

export type ImapPollResult = { fetched: number; stored: number; duplicates: number; refused: number }

function clientFor(url: URL) {
  const secure = url.protocol === 'imaps:'
  return new ImapFlow({
    host: url.hostname,
    port: url.port ? Number(url.port) : secure ? 993 : 143,
    secure,
    auth: { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) },
    logger: false,
    // A plaintext login only where it cannot leave the machine (a local test or relay server).
    doSTARTTLS: secure ? undefined : !['127.0.0.1', 'localhost', '::1', '[::1]'].includes(url.hostname),
    disableAutoIdle: true,
  })
}

/** `Passerelle/Processed` as path segments: imapflow joins them with the server's own delimiter. */
function mailboxPath(name: string) {
  return name.split('/').filter(Boolean)
}

function mailboxOf(url: URL) {
  const path = decodeURIComponent(url.pathname.replace(/^\//, ''))
  return path || 'INBOX'
}

/**
 * One pass over the replies mailbox: every message not yet stored is fetched, stored raw
 * (`storeInboundMessage`, unique by Message-ID), then marked `\Seen` + `$PasserelleStored` and,
 * when a processed mailbox is set, moved there. Nothing is ever deleted; a message refused
 * (too large, not mail) is only marked `$PasserelleRefused` and stays where it is for a person.
 * A message is marked only after its row committed: a crash in between fetches it again, and
 * the Message-ID makes that a no-op.
 */
export async function pollImapOnce(client: ImapFlow, mailbox: string, processedMailbox?: string): Promise<ImapPollResult> {
  const result: ImapPollResult = { fetched: 0, stored: 0, duplicates: 0, refused: 0 }
  const lock = await client.getMailboxLock(mailbox)
  try {
    const uids = (await client.search({ unKeyword: STORED_KEYWORD, not: { keyword: REFUSED_KEYWORD } } as never, { uid: true })) || []
    for (const uid of uids) {
      const message = await client.fetchOne(String(uid), { source: true, size: true }, { uid: true })
      if (!message || !message.source) continue
      result.fetched++
      try {
        const stored = await storeInboundMessage(message.source, 'imap')
        if (stored.duplicate) result.duplicates++
        else result.stored++
        await client.messageFlagsAdd(String(uid), ['\\Seen', STORED_KEYWORD], { uid: true })
        if (processedMailbox) {
          const moved = await client.messageMove(String(uid), mailboxPath(processedMailbox), { uid: true })
          // not moved: it stays flagged in place, which is enough never to fetch it twice
          if (!moved) logger.warn({ uid, processedMailbox }, 'inbound IMAP message could not be moved')
        }
      } catch (error) {
        if (!(error instanceof Refusal)) throw error
        result.refused++
        logger.warn({ uid, code: error.code }, 'inbound IMAP message refused')
        await client.messageFlagsAdd(String(uid), [REFUSED_KEYWORD], { uid: true })
      }
    }
  } finally {
    lock.release()
  }
  return result
}

/**
 * The `inbound.poll-imap` job: connect, poll, and where the server offers IDLE, keep listening
 * for `idleSeconds` and poll again as soon as a message arrives (so a reply lands within
 * seconds, not at the next minute's poll). Then log out: the next cron run takes over.
 */
export async function pollImapMailbox(settings: ImapSettings | null = imapSettings(), options: { idleSeconds?: number } = {}) {
  if (!settings) return null
  const url = new URL(settings.url)
  const mailbox = mailboxOf(url)
  const client = clientFor(url)
  client.on('error', (error: unknown) => logger.warn({ err: error }, 'inbound IMAP connection error'))
  await client.connect()
  try {
    if (settings.processedMailbox) await client.mailboxCreate(mailboxPath(settings.processedMailbox)).catch(() => undefined)
    const total = await pollImapOnce(client, mailbox, settings.processedMailbox)
    const idleSeconds = options.idleSeconds ?? 0
    if (idleSeconds > 0 && client.capabilities.has('IDLE')) {
      const until = Date.now() + idleSeconds * 1000
      let arrived = false
      const onExists = () => {
        arrived = true
        // a command ends the IDLE at once; the loop then fetches what arrived
        void client.noop().catch(() => undefined)
      }
      client.on('exists', onExists)
      try {
        while (Date.now() < until) {
          const lock = await client.getMailboxLock(mailbox)
          try {
            const timer = setTimeout(() => void client.noop().catch(() => undefined), Math.max(100, until - Date.now()))
            await client.idle()
            clearTimeout(timer)
          } finally {
            lock.release()
          }
          if (arrived) {
            arrived = false
            const more = await pollImapOnce(client, mailbox, settings.processedMailbox)
            total.fetched += more.fetched
            total.stored += more.stored
            total.duplicates += more.duplicates
            total.refused += more.refused
          }
        }
      } finally {
        client.off('exists', onExists)
      }
    }
    return total
  } finally {
    await client.logout().catch(() => client.close())
  }
}

export function imapSettings(): ImapSettings | null {
  const env = getEnv()
  return env.INBOUND_IMAP_URL ? { url: env.INBOUND_IMAP_URL, processedMailbox: env.INBOUND_IMAP_PROCESSED_MAILBOX } : null
}
