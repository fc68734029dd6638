import { expect } from 'vitest'
import { and, eq, sql } from 'drizzle-orm'
import { getDb } from '#db/client'
import { emailMessages } from '#db/schema/index'
import { composeMail } from '~/modules/mail/compose.server'
import type { MailPayload } from '~/modules/mail/payload'
import { dispatch } from '~/modules/notifications/dispatch.server'
import type { Notification } from '~/modules/notifications/notify.server'
import { participantOfRegistration } from '~/modules/b2b/participants.server'
import { addSession } from '~/modules/b2b/sessions.server'
import { registerCompany } from '~/modules/registration/intake.server'
import { createTestEvent, registrationInput, uniqueSuffix } from '../../factories'

/** A B2B meetup on 10 March 2027 in Miami, one session 09:00–10:00 (three 20-minute slots), two tables. */
export async function createMeetup(options: { tables?: number; endTime?: string } = {}) {
  const event = await createTestEvent(getDb(), {
    kind: 'b2b_meetup',
    timezone: 'America/New_York',
    startsAt: new Date('2027-03-10T13:00:00Z'),
    endsAt: new Date('2027-03-10T22:00:00Z'),
  })
  await addSession(
    { id: event.id, timezone: 'America/New_York' },
    { day: '2027-03-10', startTime: '09:00', endTime: options.endTime ?? '10:00', slotMinutes: 20, tableCount: options.tables ?? 2, breaks: [] },
  )
  return event
}

/** A company registered (free ticket, confirmed) with `delegates` people, as a participant of the meetup. */
export async function joinMeetup(event: Awaited<ReturnType<typeof createMeetup>>, name: string, options: { delegates?: number; country?: string; locale?: 'fr' | 'en' } = {}) {
  const prefix = `${name.toLowerCase().replace(/\W+/g, '')}-${uniqueSuffix()}`
  const input = registrationInput(event, { [event.ticket.guest]: options.delegates ?? 1 }, { emailPrefix: prefix, listingConsent: true })
  input.company = { ...input.company, name, country: options.country ?? 'MQ' }
  if (options.locale) {
    input.locale = options.locale
    input.attendees = input.attendees.map((a) => ({ ...a, locale: options.locale! }))
  }
  const result = await registerCompany(input)
  expect(result.status).toBe('confirmed')
  return participantOfRegistration(result.registrationId)
}

/** The notification jobs queued for a subject (request or meeting id), oldest first. */
export async function notificationsFor(id: string) {
  const rows = await getDb().execute<{ data: Notification }>(
    sql`select data from pgboss.job where name = 'notify.dispatch' and (data->>'requestId' = ${id} or data->>'meetingId' = ${id}) order by created_on, id`,
  )
  return rows.map((r) => r.data)
}

/** Runs the dispatch of every notification about the subject (twice: it must be idempotent). */
export async function dispatchFor(id: string) {
  for (const n of await notificationsFor(id)) {
    await dispatch(n)
    await dispatch(n)
  }
}

export async function mailsOf(eventId: string, kind: string) {
  return getDb()
    .select()
    .from(emailMessages)
    .where(and(eq(emailMessages.eventId, eventId), eq(emailMessages.kind, kind)))
    .orderBy(emailMessages.createdAt)
}

export async function composed(row: { id: string; payload: unknown }) {
  return composeMail(getDb(), { id: row.id, payload: row.payload as MailPayload })
}

export const textOf = (mail: Awaited<ReturnType<typeof composed>>) => String(mail.mail.text ?? '')
export const icsOf = (mail: Awaited<ReturnType<typeof composed>>) => String((mail.mail.icalEvent as { content: string }).content)
