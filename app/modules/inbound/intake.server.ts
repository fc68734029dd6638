import crypto from 'node:crypto'
import { eq } from 'drizzle-orm'
import { getDb, type DbOrTx } from '#db/client'
import { inboundMessages, type InboundSource } from '#db/schema/index'
import { enqueue } from '~/jobs/queue.server'
import { Refusal } from '~/utils/refusal'

/** A calendar reply is a few kilobytes; 10 MB leaves room for a forwarded one with its attachments. */
export const INBOUND_MAX_BYTES = 10 * 1024 * 1024

export type StoredInbound = { id: string; messageId: string; duplicate: boolean }

/** The header block of a raw message (up to the first empty line), unfolded, names lower-cased. */
export function headerBlock(raw: Buffer): Map<string, string[]> {
  const text = raw.subarray(0, Math.min(raw.length, 256 * 1024)).toString('latin1')
  const end = text.search(/\r?\n\r?\n/)
  const block = end < 0 ? text : text.slice(0, end)
  const headers = new Map<string, string[]>()
  for (const line of block.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':')
    if (colon <= 0) continue
    const name = line.slice(0, colon).trim().toLowerCase()
    if (!/^[\x21-\x39\x3b-\x7e]+$/.test(name)) continue
    headers.set(name, [...(headers.get(name) ?? []), line.slice(colon + 1).trim()])
  }
  return headers
}

/**
 * Is this an RFC 5322 message? It must start with header lines and carry at least From and one
 * of Date / Message-ID / MIME-Version — a JSON body, an HTML page or a bare ICS file is not mail.
 */
export function looksLikeMail(raw: Buffer): boolean {
  if (raw.length === 0) return false
  const head = raw.subarray(0, 2048).toString('latin1')
  // mbox "From " separator lines (Postfix pipes can add one) are tolerated
  const first = head.replace(/^From [^\r\n]*\r?\n/, '')
  if (!/^[\x21-\x39\x3b-\x7e]+:/.test(first)) return false
  const headers = headerBlock(raw)
  return headers.has('from') && (headers.has('date') || headers.has('message-id') || headers.has('mime-version'))
}

function messageIdOf(raw: Buffer, headers: Map<string, string[]>): string {
  const value = headers.get('message-id')?.[0]?.trim()
  if (value) return value.replace(/^<|>$/g, '').slice(0, 900)
  // No Message-ID: the same bytes delivered twice are still one message.
  return `sha256:${crypto.createHash('sha256').update(raw).digest('hex')}`
}

/**
 * Stores one received message raw, unique by Message-ID, and enqueues its processing in the
 * same transaction. A message delivered twice (IMAP re-poll, MTA retry, webhook retry) finds its
 * row and is processed once. Every adapter (IMAP, pipe, webhook, dev mailbox) calls this.
 */
export async function storeInboundMessage(raw: Buffer, source: InboundSource, db: DbOrTx = getDb()): Promise<StoredInbound> {
  if (raw.length > INBOUND_MAX_BYTES) throw new Refusal('inboundTooLarge', { vars: { max: `${INBOUND_MAX_BYTES / 1024 / 1024} MB` } })
  if (!looksLikeMail(raw)) throw new Refusal('inboundNotMail')
  const headers = headerBlock(raw)
  const messageId = messageIdOf(raw, headers)
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(inboundMessages)
      .values({
        messageId,
        source,
        raw,
        sizeBytes: raw.length,
        fromAddress: headers.get('from')?.[0]?.slice(0, 500) ?? null,
        subject: headers.get('subject')?.[0]?.slice(0, 500) ?? null,
      })
      .onConflictDoNothing({ target: inboundMessages.messageId })
      .returning({ id: inboundMessages.id })
    if (!row) {
      const [existing] = await tx.select({ id: inboundMessages.id }).from(inboundMessages).where(eq(inboundMessages.messageId, messageId))
      return { id: existing.id, messageId, duplicate: true }
    }
    await enqueue(tx, 'inbound.process', { inboundMessageId: row.id })
    return { id: row.id, messageId, duplicate: false }
  })
}
