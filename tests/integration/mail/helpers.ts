import { and, eq, inArray } from 'drizzle-orm'
import ICAL from 'ical.js'
import { getDb } from '#db/client'
import { emailMessages } from '#db/schema/index'
import { deliverEmail } from '~/modules/mail/send.server'

/** Messages recorded for an event, oldest first. */
export async function messagesOf(eventId: string) {
  return getDb().select().from(emailMessages).where(eq(emailMessages.eventId, eventId)).orderBy(emailMessages.createdAt)
}

/** Runs the `email.send` handler for every queued message of an event (as the worker would). */
export async function drain(eventId: string) {
  const rows = await getDb()
    .select({ id: emailMessages.id })
    .from(emailMessages)
    .where(and(eq(emailMessages.eventId, eventId), inArray(emailMessages.status, ['queued'])))
  const outcomes = []
  for (const row of rows) outcomes.push(await deliverEmail(row.id))
  return outcomes
}

export function parseIcs(text: string) {
  const component = new ICAL.Component(ICAL.parse(text))
  return component
}

/** Every content line is at most 75 octets and every line ends with CRLF. */
export function assertFoldedCrlf(text: string) {
  if (!text.endsWith('\r\n')) throw new Error('ICS does not end with CRLF')
  const lines = text.split('\r\n')
  for (const line of lines) {
    if (line.includes('\n') || line.includes('\r')) throw new Error(`bare LF/CR in line: ${JSON.stringify(line)}`)
    if (Buffer.byteLength(line, 'utf8') > 75) throw new Error(`line over 75 octets: ${line}`)
  }
}
