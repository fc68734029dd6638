import { desc, eq } from 'drizzle-orm'
import { simpleParser } from 'mailparser'
import { getDb } from '#db/client'
import { devMailbox } from '#db/schema/index'
import { getEnv } from '~/utils/env.server'
import { notFound } from '~/utils/http.server'

/** The dev mailbox exists only outside production: every route calls this first. */
export function requireDevMailbox() {
  if (getEnv().NODE_ENV === 'production') notFound()
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** The list, newest first, in the shape of Mailpit's small API. */
export async function listDevMessages(limit = 200) {
  const rows = await getDb()
    .select({
      id: devMailbox.id,
      subject: devMailbox.subject,
      from: devMailbox.fromAddress,
      to: devMailbox.toAddresses,
      date: devMailbox.receivedAt,
      language: devMailbox.locale,
      template: devMailbox.template,
      messageId: devMailbox.messageId,
    })
    .from(devMailbox)
    .orderBy(desc(devMailbox.receivedAt))
    .limit(limit)
  return rows.map((r) => ({ ...r, date: r.date.toISOString() }))
}

export async function getDevMessageRaw(id: string) {
  if (!UUID.test(id)) return null
  const [row] = await getDb().select().from(devMailbox).where(eq(devMailbox.id, id))
  return row ?? null
}

/** One message parsed back: HTML, text, calendar part and raw source. */
export async function getDevMessage(id: string) {
  const row = await getDevMessageRaw(id)
  if (!row) return null
  const parsed = await simpleParser(row.raw)
  const calendar = parsed.attachments.find((a) => a.contentType.startsWith('text/calendar'))
  return {
    id: row.id,
    subject: row.subject,
    from: row.fromAddress,
    to: row.toAddresses,
    date: row.receivedAt.toISOString(),
    language: row.locale,
    template: row.template,
    html: typeof parsed.html === 'string' ? parsed.html : null,
    text: parsed.text ?? null,
    calendar: calendar ? calendar.content.toString('utf8') : null,
    raw: row.raw,
  }
}
