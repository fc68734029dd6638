import { eq, sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { getDb } from '#db/client'
import { attendees, emailMessages, registrations } from '#db/schema/index'
import { fanOutCalendarUpdate } from '~/modules/notifications/calendar-fan-out.server'
import { registrationConfirmed } from '~/modules/notifications/kinds/registration-confirmed.server'
import { rescheduleEvent } from '~/modules/calendar/changes.server'
import { sweepReminders } from '~/modules/reminders/reminders.server'
import { createMailFixture } from '../../factories/mail-fixtures'
import { drain, messagesOf } from './helpers'
import { smtpForThisFile } from './smtp-per-file'

const smtp = smtpForThisFile()

const MIN = 60_000
const DAY = 1440 * MIN

async function reminders(eventId: string) {
  return (await messagesOf(eventId)).filter((m) => m.kind === 'reminder')
}

/** The fixture's people registered (and were confirmed) `ago` milliseconds before now. */
async function registeredAgo(fx: { registration: { id: string } }, ago: number) {
  const at = new Date(Date.now() - ago)
  await getDb().update(registrations).set({ confirmedAt: at }).where(eq(registrations.id, fx.registration.id))
  await getDb().update(attendees).set({ createdAt: at }).where(eq(attendees.registrationId, fx.registration.id))
}

/** Moves every mail of the event `by` milliseconds into the past, as if time had passed. */
async function age(eventId: string, by: number) {
  await getDb()
    .update(emailMessages)
    .set({ createdAt: sql`${emailMessages.createdAt} - make_interval(secs => ${by / 1000})` })
    .where(eq(emailMessages.eventId, eventId))
}

describe('reminders', () => {
  it('are due relative to the current start, skip the cancelled, never repeat, and follow a moved event', async () => {
    const start = new Date(Date.now() + 3 * DAY)
    const fx = await createMailFixture(getDb(), {
      startsAt: start,
      attendees: [{ locale: 'fr' }, { locale: 'en' }, { locale: 'fr', status: 'cancelled' }],
    })
    await registeredAgo(fx, 10 * DAY)
    const [fr, en, cancelled] = fx.attendees

    // 3 days before: only the 7-day rule is due
    await sweepReminders(new Date())
    let rows = await reminders(fx.event.id)
    expect(rows.map((r) => r.toAddress).sort()).toEqual([fr.email, en.email].sort())
    expect(rows.every((r) => r.dedupeKey.includes(':10080:'))).toBe(true)
    await sweepReminders(new Date()) // the next minute's sweep: nothing new
    expect(await reminders(fx.event.id)).toHaveLength(2)
    await drain(fx.event.id)
    const mail = (await smtp.parsed(en.email))[0]
    expect(mail.subject).toBe('Reminder: Delegation to Miami starts soon')
    expect(smtp.to(en.email)[0].raw.replace(/\r\n[ \t]+/g, ' ')).toMatch(/^List-Unsubscribe:\s*<mailto:contact-[a-f0-9]+@ccem\.example\?subject=unsubscribe>,\s*<http:\/\/passerelle\.test\/en\/manage\//m)
    expect(String(mail.headers.get('auto-submitted'))).toBe('auto-generated')
    expect(smtp.to(cancelled.email)).toHaveLength(0)

    // one day before: the 1-day rule
    await sweepReminders(new Date(start.getTime() - DAY + MIN))
    expect(await reminders(fx.event.id)).toHaveLength(4)
    await drain(fx.event.id)

    // the event moves 10 days later: the 2-hour rule of the old start never fires
    await rescheduleEvent({ eventId: fx.event.id, startsAt: new Date(start.getTime() + 10 * DAY), endsAt: new Date(start.getTime() + 10 * DAY + 3 * 3_600_000) })
    await sweepReminders(new Date(start.getTime() - 2 * 60 * MIN + MIN))
    expect(await reminders(fx.event.id)).toHaveLength(4)
    // and the new start's reminders come at their new time (7 days before the new start)
    const newStart = new Date(start.getTime() + 10 * DAY)
    await sweepReminders(new Date(newStart.getTime() - 7 * DAY - MIN))
    expect(await reminders(fx.event.id)).toHaveLength(4)
    await sweepReminders(new Date(newStart.getTime() - 7 * DAY + MIN))
    rows = await reminders(fx.event.id)
    expect(rows).toHaveLength(6)
    expect(rows.slice(4).every((r) => r.dedupeKey.endsWith(`:${Math.floor(newStart.getTime() / 1000)}`))).toBe(true)

    // an attendee cancelled after the reminder was queued gets nothing
    await getDb().update(attendees).set({ status: 'cancelled' }).where(eq(attendees.id, en.id))
    await drain(fx.event.id)
    expect(smtp.to(en.email)).toHaveLength(2)
    expect(smtp.to(fr.email)).toHaveLength(3)
    const enRow = (await reminders(fx.event.id)).find((r) => r.toAddress === en.email && r.status === 'cancelled')
    expect(enRow?.lastError).toBe('attendee cancelled')

    // after the start: nothing, even for a worker that was down
    await sweepReminders(new Date(newStart.getTime() + MIN))
    expect(await reminders(fx.event.id)).toHaveLength(6)
  })

  it('a worker down for days sends only the latest useful reminder, and a reminder queued before a move is dropped', async () => {
    const start = new Date(Date.now() + 90 * MIN)
    const fx = await createMailFixture(getDb(), { startsAt: start, attendees: [{ locale: 'fr' }] })
    await registeredAgo(fx, 5 * DAY)
    await sweepReminders(new Date())
    const rows = await reminders(fx.event.id)
    expect(rows).toHaveLength(1)
    expect(rows[0].dedupeKey).toContain(':120:')
    // moved before the queued reminder left: it is dropped, and the new start will remind
    await rescheduleEvent({ eventId: fx.event.id, startsAt: new Date(start.getTime() + DAY), endsAt: new Date(start.getTime() + DAY + 3_600_000) })
    await drain(fx.event.id)
    const [dropped] = await reminders(fx.event.id)
    expect(dropped.status).toBe('cancelled')
    expect(dropped.lastError).toBe('event moved')
    expect(smtp.to(fx.attendees[0].email).filter((m) => m.raw.includes('X-Passerelle-Template: reminder'))).toHaveLength(0)
  })

  it('someone who registers the day before gets the confirmation, no reminder already past, and the next one only when it falls due', async () => {
    const start = new Date(Date.now() + 20 * 60 * MIN)
    const fx = await createMailFixture(getDb(), { startsAt: start, attendees: [{ locale: 'fr' }] })
    await registrationConfirmed(getDb(), { kind: 'registration.confirmed', registrationId: fx.registration.id })
    await sweepReminders(new Date())
    await sweepReminders(new Date(Date.now() + 3 * MIN))
    expect(await reminders(fx.event.id)).toHaveLength(0) // the 7-day and 1-day rules fell due before they registered
    await sweepReminders(new Date(start.getTime() - 2 * 60 * MIN + MIN))
    const rows = await reminders(fx.event.id)
    expect(rows).toHaveLength(1)
    expect(rows[0].dedupeKey).toContain(':120:')
  })

  it('an event moved to start in two hours sends the update, then a single reminder an hour later, never a burst', async () => {
    const start = new Date(Date.now() + 20 * DAY)
    const fx = await createMailFixture(getDb(), { startsAt: start, attendees: [{ locale: 'fr' }, { locale: 'en' }] })
    await registeredAgo(fx, 10 * DAY)
    const now = Date.now()
    const newStart = new Date(now + 2 * 60 * MIN + 5 * MIN)
    await rescheduleEvent({ eventId: fx.event.id, startsAt: newStart, endsAt: new Date(newStart.getTime() + 3 * 60 * MIN) })
    await fanOutCalendarUpdate(getDb(), { scope: 'event', id: fx.event.id, method: 'REQUEST' }) // the worker's calendar.update job
    expect((await messagesOf(fx.event.id)).filter((m) => m.kind === 'event.changed')).toHaveLength(2)

    await sweepReminders(new Date(now)) // the 1-day rule is past: the update stands in for it
    await sweepReminders(new Date(now + 6 * MIN)) // the 2-hour rule falls due, but the update left 6 minutes ago
    await sweepReminders(new Date(now + 30 * MIN))
    expect(await reminders(fx.event.id)).toHaveLength(0)
    await age(fx.event.id, 61 * MIN) // an hour after the update
    await sweepReminders(new Date(now + 5 * MIN))
    const rows = await reminders(fx.event.id)
    expect(rows).toHaveLength(2) // one each
    expect(rows.every((r) => r.dedupeKey.includes(':120:'))).toBe(true)
    await sweepReminders(new Date(now + 6 * MIN))
    expect(await reminders(fx.event.id)).toHaveLength(2)
  })
})
