import { eq, sql } from 'drizzle-orm'
import ICAL from 'ical.js'
import { simpleParser } from 'mailparser'
import { describe, expect, it } from 'vitest'
import { getDb } from '#db/client'
import { attendees, devMailbox, emailMessages } from '#db/schema/index'
import { fanOutCalendarUpdate } from '~/modules/notifications/calendar-fan-out.server'
import { dispatch } from '~/modules/notifications/dispatch.server'
import type { Notification } from '~/modules/notifications/notify.server'
import { changeAttendee } from '~/modules/registration/attendees.server'
import { cancelEvent, cancelProgrammeItem, moveProgrammeItem, rescheduleEvent } from '~/modules/calendar/changes.server'
import { issueCalendarFeed, privateFeedCalendar, publicEventCalendar } from '~/modules/calendar/feeds.server'
import { createSmtpTransport, setMailTransport } from '~/modules/mail/transport.server'
import { deliverEmail, requeueStrandedEmails, retryFailedEmail } from '~/modules/mail/send.server'
import { qrCodePng } from '~/modules/checkin/checkin.server'
import { createMailFixture } from '../../factories/mail-fixtures'
import { assertFoldedCrlf, drain, messagesOf } from './helpers'
import { TestSmtp } from './smtp'
import { smtpForThisFile } from './smtp-per-file'
import { routeArgs } from '../../factories/route-args'

const smtp = smtpForThisFile()

function calendarPart(raw: string) {
  // nodemailer's icalEvent: a text/calendar alternative whose method= parameter matches METHOD.
  const header = /Content-Type: text\/calendar; charset=utf-8; method=([A-Z]+)/i.exec(raw)
  return header?.[1] ?? null
}

async function icsOf(raw: string) {
  const parsed = await simpleParser(raw)
  const part = parsed.attachments.find((a) => a.contentType === 'text/calendar')
  if (!part) throw new Error('no calendar part')
  const text = part.content.toString('utf8')
  assertFoldedCrlf(text)
  return { text, cal: new ICAL.Component(ICAL.parse(text)), parsed }
}

async function pendingCalendarUpdates(eventId: string, itemIds: string[] = []) {
  // The change services enqueue `calendar.update`; run its handler like the worker would.
  await getDb().transaction((tx) => fanOutCalendarUpdate(tx, { scope: 'event', id: eventId, method: 'REQUEST' }))
  for (const id of itemIds) await getDb().transaction((tx) => fanOutCalendarUpdate(tx, { scope: 'programme-item', id, method: 'REQUEST' }))
}

describe('confirmation mails with calendar invitations, through a real SMTP server', () => {
  it('sends each attendee a multipart mail with text, HTML and a METHOD:REQUEST invitation in their language', async () => {
    const fx = await createMailFixture(getDb(), { startsAt: new Date('2027-01-14T23:00:00Z'), endsAt: new Date('2027-01-15T02:00:00Z') })
    await dispatch({ kind: 'registration.confirmed', registrationId: fx.registration.id })
    await dispatch({ kind: 'registration.confirmed', registrationId: fx.registration.id }) // duplicate job
    const outcomes = await drain(fx.event.id)
    expect(outcomes.filter((o) => o === 'sent')).toHaveLength(3) // two attendees + the contact
    const [fr, en] = fx.attendees
    for (const [attendee, lang] of [
      [fr, 'fr'],
      [en, 'en'],
    ] as const) {
      const received = smtp.to(attendee.email)
      expect(received).toHaveLength(1)
      const raw = received[0].raw
      expect(raw).toMatch(/Content-Type: multipart\/alternative/)
      expect(raw).toMatch(/Content-Type: text\/plain/)
      expect(raw).toMatch(/Content-Type: text\/html/)
      expect(calendarPart(raw)).toBe('REQUEST')
      expect(raw).toMatch(/^Auto-Submitted: auto-generated/m)
      expect(raw).toMatch(/^Date: /m)
      const { cal, parsed, text } = await icsOf(raw)
      expect(cal.getFirstPropertyValue('method')).toBe('REQUEST')
      const ve = cal.getFirstSubcomponent('vevent')!
      expect(ve.getFirstPropertyValue('uid')).toBe(attendee.calendarUid)
      expect(ve.getFirstPropertyValue('sequence')).toBe(0)
      expect(ve.getFirstPropertyValue('status')).toBe('CONFIRMED')
      expect(String(ve.getFirstPropertyValue('organizer')).toLowerCase()).toBe(`mailto:${fx.org.organiserMailbox}`)
      expect(String(ve.getFirstPropertyValue('attendee')).toLowerCase()).toBe(`mailto:${attendee.email}`)
      expect(ve.getFirstProperty('attendee')!.getParameter('rsvp')).toBe('TRUE')
      expect(cal.getAllSubcomponents('vtimezone').map((z) => z.getFirstPropertyValue('tzid'))).toContain('America/New_York')
      expect(text).toMatch(/\r\nDTSTAMP:\d{8}T\d{6}Z\r\n/)
      // Message-ID on the organisation's domain, stable = the email_message id
      expect(parsed.messageId).toMatch(/@ccem\.example>$/)
      expect(parsed.replyTo?.text).toContain(fx.org.organiserMailbox)
      const html = String(parsed.html)
      // Inline images are base64, where "NaN" can occur by chance: only the words are checked.
      const body = `${parsed.subject}\n${parsed.text}\n${html.replace(/data:[\w/+.-]+;base64,[A-Za-z0-9+/=]+/g, 'data:')}`
      expect(body).not.toMatch(/undefined|NaN|\[object Object\]/)
      for (const [, href] of html.matchAll(/href="([^"]+)"/g)) expect(href).toMatch(/^(https?:|mailto:)/)
      expect(html).toContain(`http://passerelle.test/${lang}/manage/`)
      expect(html).toContain(`http://passerelle.test/${lang}/events/${fx.event.slug}/calendar.ics`)
      expect(html).toContain('calendar.google.com')
      expect(html).toContain('outlook.office.com')
      // The check-in QR code travels as an inline image part: this attendee's own code.
      const qr = parsed.attachments.find((a) => a.contentType === 'image/png')
      expect(qr?.cid).toBe('checkin-qr@passerelle')
      expect(qr?.contentDisposition).toBe('inline')
      expect(String((await simpleParser(raw, { keepCidLinks: true })).html)).toContain('src="cid:checkin-qr@passerelle"')
      expect(qr!.content.equals(await qrCodePng(fx.event.id, attendee.checkInSecret))).toBe(true)
      if (lang === 'fr') {
        expect(parsed.subject).toBe('Inscription confirmée — Délégation à Miami')
        expect(ve.getFirstPropertyValue('summary')).toBe('Délégation à Miami')
        expect(String(ve.getFirstPropertyValue('description'))).toContain('19:00 heure de Martinique')
      } else {
        expect(parsed.subject).toBe('Registration confirmed — Delegation to Miami')
        expect(ve.getFirstPropertyValue('summary')).toBe('Delegation to Miami')
        expect(String(ve.getFirstPropertyValue('description'))).toContain('7:00 PM Martinique time')
      }
    }
    // the contact (not an attendee) gets a confirmation without an invitation
    const contactMail = smtp.to(fx.registration.contactEmail)
    expect(contactMail).toHaveLength(1)
    expect(calendarPart(contactMail[0].raw)).toBeNull()
    expect(contactMail[0].raw).not.toMatch(/Content-Type: image\/png/)
    const rows = await messagesOf(fx.event.id)
    expect(rows.every((r) => r.status === 'sent' && r.attempts === 1 && r.messageId)).toBe(true)
  })

  it('a duplicated email.send job sends nothing twice', async () => {
    const fx = await createMailFixture(getDb(), { attendees: [{ locale: 'en' }] })
    await dispatch({ kind: 'registration.received', registrationId: fx.registration.id })
    const [row] = await messagesOf(fx.event.id)
    const results = await Promise.allSettled([deliverEmail(row.id), deliverEmail(row.id), deliverEmail(row.id)])
    await deliverEmail(row.id)
    expect(results.filter((r) => r.status === 'fulfilled' && r.value === 'sent')).toHaveLength(1)
    expect(smtp.to(fx.registration.contactEmail)).toHaveLength(1)
  })

  it('moving the event sends REQUEST again with the same UID and SEQUENCE+1; partners get their session updates', async () => {
    const fx = await createMailFixture(getDb(), {
      startsAt: new Date('2027-07-15T22:00:00Z'),
      endsAt: new Date('2027-07-16T01:00:00Z'),
      programme: [{ offsetMinutes: 60, durationMinutes: 60, contacts: 2 }],
    })
    await dispatch({ kind: 'registration.confirmed', registrationId: fx.registration.id })
    await dispatch({ kind: 'partner.invitation', programmeItemId: fx.items[0].id })
    await drain(fx.event.id)
    const partner = fx.contacts[0].contact
    const invite = await icsOf(smtp.to(partner.email)[0].raw)
    const inviteUid = invite.cal.getFirstSubcomponent('vevent')!.getFirstPropertyValue('uid')
    expect(invite.cal.getFirstSubcomponent('vevent')!.getFirstPropertyValue('sequence')).toBe(0)
    expect(invite.parsed.subject).toBe('Invitation: Meeting 1 — Delegation to Miami')

    // one week later, in winter: Miami and Martinique now differ by one hour
    const seq = await rescheduleEvent({ eventId: fx.event.id, startsAt: new Date('2027-11-18T23:00:00Z'), endsAt: new Date('2027-11-19T02:00:00Z') })
    expect(seq).toBe(1)
    await pendingCalendarUpdates(fx.event.id, [fx.items[0].id])
    await drain(fx.event.id)
    const attendee = fx.attendees[0]
    const mails = smtp.to(attendee.email)
    expect(mails).toHaveLength(2)
    const first = (await icsOf(mails[0].raw)).cal.getFirstSubcomponent('vevent')!
    const update = await icsOf(mails[1].raw)
    const ve = update.cal.getFirstSubcomponent('vevent')!
    expect(calendarPart(mails[1].raw)).toBe('REQUEST')
    expect(ve.getFirstPropertyValue('uid')).toBe(first.getFirstPropertyValue('uid'))
    expect(ve.getFirstPropertyValue('sequence')).toBe(1)
    expect(new ICAL.Event(ve).startDate.toJSDate().toISOString()).toBe('2027-11-18T23:00:00.000Z')
    expect(update.text).toContain('DTSTART;TZID=America/New_York:20271118T180000')
    expect(update.parsed.subject).toBe('Changement d’horaire ou de lieu — Délégation à Miami')

    const partnerMails = smtp.to(partner.email)
    expect(partnerMails).toHaveLength(2)
    const partnerUpdate = (await icsOf(partnerMails[1].raw)).cal.getFirstSubcomponent('vevent')!
    expect(partnerUpdate.getFirstPropertyValue('uid')).toBe(inviteUid)
    expect(partnerUpdate.getFirstPropertyValue('sequence')).toBe(1)
    // the session moved with the event (same shift)
    expect(new ICAL.Event(partnerUpdate).startDate.toJSDate().toISOString()).toBe('2027-11-19T00:00:00.000Z')

    // moving only the session: partners only
    await moveProgrammeItem({ programmeItemId: fx.items[0].id, startsAt: new Date('2027-11-19T01:00:00Z'), endsAt: new Date('2027-11-19T02:00:00Z'), place: 'Salle Brickell' })
    await pendingCalendarUpdates(fx.event.id, [fx.items[0].id])
    await drain(fx.event.id)
    expect(smtp.to(attendee.email)).toHaveLength(2)
    const third = (await icsOf(smtp.to(partner.email)[2].raw)).cal.getFirstSubcomponent('vevent')!
    expect(third.getFirstPropertyValue('sequence')).toBe(2)
    expect(String(third.getFirstPropertyValue('location'))).toContain('Salle Brickell')

    // cancelling the session: CANCEL to its partners
    await cancelProgrammeItem({ programmeItemId: fx.items[0].id })
    await getDb().transaction((tx) => fanOutCalendarUpdate(tx, { scope: 'programme-item', id: fx.items[0].id, method: 'CANCEL' }))
    await drain(fx.event.id)
    const cancelMail = smtp.to(partner.email)[3]
    expect(calendarPart(cancelMail.raw)).toBe('CANCEL')
    const cancelled = (await icsOf(cancelMail.raw)).cal
    expect(cancelled.getFirstPropertyValue('method')).toBe('CANCEL')
    expect(cancelled.getFirstSubcomponent('vevent')!.getFirstPropertyValue('status')).toBe('CANCELLED')
    expect(cancelled.getFirstSubcomponent('vevent')!.getFirstPropertyValue('sequence')).toBe(3)
  })

  it('cancelling one attendee sends CANCEL to that person only; cancelling the event sends CANCEL to everyone', async () => {
    const fx = await createMailFixture(getDb(), { programme: [{ offsetMinutes: 0, durationMinutes: 30, contacts: 1 }] })
    await dispatch({ kind: 'registration.confirmed', registrationId: fx.registration.id })
    await dispatch({ kind: 'partner.invitation', programmeItemId: fx.items[0].id })
    await drain(fx.event.id)
    const [leaving, staying] = fx.attendees
    await getDb().update(attendees).set({ status: 'cancelled', cancelledAt: new Date() }).where(eq(attendees.id, leaving.id))
    await dispatch({ kind: 'attendee.cancelled', attendeeId: leaving.id })
    await dispatch({ kind: 'attendee.cancelled', attendeeId: leaving.id })
    await drain(fx.event.id)
    expect(smtp.to(leaving.email)).toHaveLength(2)
    expect(smtp.to(staying.email)).toHaveLength(1)
    const personal = await icsOf(smtp.to(leaving.email)[1].raw)
    expect(personal.cal.getFirstPropertyValue('method')).toBe('CANCEL')
    expect(personal.cal.getFirstSubcomponent('vevent')!.getFirstPropertyValue('sequence')).toBe(1)

    await cancelEvent({ eventId: fx.event.id })
    await getDb().transaction((tx) => fanOutCalendarUpdate(tx, { scope: 'event', id: fx.event.id, method: 'CANCEL' }))
    await drain(fx.event.id)
    expect(smtp.to(leaving.email)).toHaveLength(2) // already cancelled: nothing more
    const staysMails = smtp.to(staying.email)
    expect(staysMails).toHaveLength(2)
    const cancel = await icsOf(staysMails[1].raw)
    expect(calendarPart(staysMails[1].raw)).toBe('CANCEL')
    expect(cancel.cal.getFirstSubcomponent('vevent')!.getFirstPropertyValue('status')).toBe('CANCELLED')
    expect(cancel.cal.getFirstSubcomponent('vevent')!.getFirstPropertyValue('uid')).toBe(staying.calendarUid)
    expect(cancel.cal.getFirstSubcomponent('vevent')!.getFirstPropertyValue('sequence')).toBe(1)
    const partnerMails = smtp.to(fx.contacts[0].contact.email)
    expect(partnerMails).toHaveLength(2)
    expect(calendarPart(partnerMails[1].raw)).toBe('CANCEL')
    // the partner's mail says it is cancelled, in their language: subject, heading, text
    const partnerLocale = fx.contacts[0].contact.locale
    const parsedCancel = (await smtp.parsed(fx.contacts[0].contact.email))[1]
    expect(parsedCancel.subject).toMatch(partnerLocale === 'fr' ? /^Séance annulée : / : /^Session cancelled: /)
    expect(String(parsedCancel.html)).not.toMatch(/invité\(e\) à une séance|invited to a session/i)
    expect(String(parsedCancel.text)).toMatch(partnerLocale === 'fr' ? /est annulée/ : /is cancelled/)
  })

  it('changing a delegate’s email withdraws the invitation from the old address (CANCEL, no management link) and invites the new one', async () => {
    const fx = await createMailFixture(getDb(), { attendees: [{ locale: 'en' }] })
    await dispatch({ kind: 'registration.confirmed', registrationId: fx.registration.id })
    await drain(fx.event.id)
    const [delegate] = fx.attendees
    const newEmail = `new-${delegate.email}`
    await changeAttendee(delegate.id, { firstName: delegate.firstName, lastName: delegate.lastName, email: newEmail, locale: 'en' }, { label: 'test' })
    const jobs = await getDb().execute<{ data: Notification }>(
      sql`select data from pgboss.job where name = 'notify.dispatch' and data->>'kind' = 'attendee.changed' and data->>'attendeeId' = ${delegate.id}`,
    )
    expect(jobs).toHaveLength(1)
    await dispatch(jobs[0].data)
    await dispatch(jobs[0].data) // a retried job
    await drain(fx.event.id)

    const old = smtp.to(delegate.email)
    expect(old).toHaveLength(2) // the first confirmation, then the withdrawal
    const withdrawal = await icsOf(old[1].raw)
    expect(calendarPart(old[1].raw)).toBe('CANCEL')
    const oldEvent = withdrawal.cal.getFirstSubcomponent('vevent')!
    expect(oldEvent.getFirstPropertyValue('uid')).toBe(delegate.calendarUid)
    expect(oldEvent.getFirstPropertyValue('sequence')).toBe(1)
    expect(String(oldEvent.getFirstPropertyValue('attendee')).toLowerCase()).toBe(`mailto:${delegate.email}`)
    expect(withdrawal.parsed.text).toContain('now uses another email address')
    expect(String(withdrawal.parsed.html)).not.toContain('/manage/')
    expect(old[1].raw).not.toMatch(/Content-Type: image\/png/)

    const fresh = smtp.to(newEmail)
    expect(fresh).toHaveLength(1)
    const invitation = await icsOf(fresh[0].raw)
    expect(calendarPart(fresh[0].raw)).toBe('REQUEST')
    const newEvent = invitation.cal.getFirstSubcomponent('vevent')!
    expect(newEvent.getFirstPropertyValue('uid')).toBe(delegate.calendarUid)
    expect(newEvent.getFirstPropertyValue('sequence')).toBe(1)
    expect(String(newEvent.getFirstPropertyValue('attendee')).toLowerCase()).toBe(`mailto:${newEmail}`)
    expect(String(invitation.parsed.html)).toContain('/manage/')
  })

  it('SMTP down: the message stays queued with its error, then is delivered exactly once after recovery', async () => {
    const fx = await createMailFixture(getDb(), { attendees: [{ locale: 'fr' }, { locale: 'en' }, { locale: 'fr' }] })
    await dispatch({ kind: 'registration.confirmed', registrationId: fx.registration.id })
    const port = smtp.port
    await smtp.stop()
    const rows = await messagesOf(fx.event.id)
    for (const row of rows) await expect(deliverEmail(row.id)).rejects.toThrow()
    const afterFailure = await messagesOf(fx.event.id)
    expect(afterFailure.every((r) => r.status === 'queued' && r.attempts === 1 && r.lastError)).toBe(true)
    await smtp.start(port)
    for (const row of rows) await deliverEmail(row.id) // the retried jobs
    for (const row of rows) await deliverEmail(row.id) // and a duplicate of each
    for (const attendee of fx.attendees) expect(smtp.to(attendee.email)).toHaveLength(1)
    const final = await messagesOf(fx.event.id)
    expect(final.every((r) => r.status === 'sent' && r.attempts === 2)).toBe(true)
  })

  it('a permanent refusal is marked failed and visible; retryFailedEmail sends it again', async () => {
    const fx = await createMailFixture(getDb(), { attendees: [{ locale: 'fr', email: 'refused@entreprise.example' }] })
    await dispatch({ kind: 'registration.confirmed', registrationId: fx.registration.id })
    const [row] = (await messagesOf(fx.event.id)).filter((r) => r.toAddress === 'refused@entreprise.example')
    const refusing = new TestSmtp()
    await refusing.start()
    // a server that refuses the recipient with 550
    const { SMTPServer } = await import('smtp-server')
    const strict = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onRcptTo: (_address, _session, callback) => callback(Object.assign(new Error('mailbox unavailable'), { responseCode: 550 })),
    })
    await new Promise<void>((resolve) => strict.listen(0, '127.0.0.1', () => resolve()))
    const strictPort = (strict.server.address() as { port: number }).port
    setMailTransport(createSmtpTransport(`smtp://127.0.0.1:${strictPort}`))
    expect(await deliverEmail(row.id)).toBe('failed')
    const [failed] = await getDb().select().from(emailMessages).where(eq(emailMessages.id, row.id))
    expect(failed.status).toBe('failed')
    expect(failed.lastError).toMatch(/550|unavailable/)
    setMailTransport(createSmtpTransport(smtp.url))
    expect(await retryFailedEmail(row.id)).toBe(true)
    expect(await retryFailedEmail(row.id)).toBe(false)
    expect(await deliverEmail(row.id)).toBe('sent')
    expect(smtp.to('refused@entreprise.example')).toHaveLength(1)
    await new Promise<void>((resolve) => strict.close(() => resolve()))
    await refusing.stop()
  })
})

describe('stranded messages', () => {
  it('a queued message whose job is gone gets a new job from the sweep', async () => {
    const fx = await createMailFixture(getDb(), { attendees: [{ locale: 'fr' }] })
    await dispatch({ kind: 'registration.received', registrationId: fx.registration.id })
    const [row] = await messagesOf(fx.event.id)
    await getDb().execute(sql`delete from pgboss.job where name = 'email.send' and data->>'emailMessageId' = ${row.id}`)
    await getDb().update(emailMessages).set({ updatedAt: new Date(Date.now() - 3_600_000) }).where(eq(emailMessages.id, row.id))
    expect(await requeueStrandedEmails()).toBeGreaterThanOrEqual(1)
    const jobs = await getDb().execute<{ n: number }>(
      sql`select count(*)::int as n from pgboss.job where name = 'email.send' and state = 'created' and data->>'emailMessageId' = ${row.id}`,
    )
    expect(jobs[0].n).toBe(1)
    await requeueStrandedEmails() // it has a live job now: not requeued again
    const again = await getDb().execute<{ n: number }>(
      sql`select count(*)::int as n from pgboss.job where name = 'email.send' and data->>'emailMessageId' = ${row.id}`,
    )
    expect(again[0].n).toBe(1)
    expect(await deliverEmail(row.id)).toBe('sent')
  })
})

describe('PUBLISH calendars', () => {
  it('the public .ics and private feeds are PUBLISH, without attendees, with their own UIDs', async () => {
    const fx = await createMailFixture(getDb(), { programme: [{ offsetMinutes: 30, durationMinutes: 60, contacts: 1 }] })
    const pub = await publicEventCalendar(fx.event.slug, 'en')
    expect(pub).not.toBeNull()
    assertFoldedCrlf(pub!)
    const cal = new ICAL.Component(ICAL.parse(pub!))
    expect(cal.getFirstPropertyValue('method')).toBe('PUBLISH')
    expect(cal.getAllSubcomponents('vevent')).toHaveLength(2)
    expect(pub).not.toContain('ATTENDEE')
    expect(cal.getAllSubcomponents('vtimezone')).toHaveLength(1)

    const feed = await getDb().transaction((tx) => issueCalendarFeed(tx, { attendeeId: fx.attendees[0].id }))
    expect(feed.url).toMatch(/^http:\/\/passerelle\.test\/calendar\/feed\/[A-Za-z0-9_-]+\.ics$/)
    const attendeeFeed = await privateFeedCalendar(feed.token)
    assertFoldedCrlf(attendeeFeed!)
    const feedCal = new ICAL.Component(ICAL.parse(attendeeFeed!))
    expect(feedCal.getFirstPropertyValue('method')).toBe('PUBLISH')
    expect(attendeeFeed).not.toContain('ATTENDEE')
    expect(feedCal.getFirstSubcomponent('vevent')!.getFirstPropertyValue('uid')).not.toBe(fx.attendees[0].calendarUid)

    const partnerFeed = await getDb().transaction((tx) => issueCalendarFeed(tx, { partnerContactId: fx.contacts[0].contact.id }))
    const partnerCal = new ICAL.Component(ICAL.parse((await privateFeedCalendar(partnerFeed.token))!))
    expect(partnerCal.getAllSubcomponents('vevent')).toHaveLength(1)
    expect(partnerCal.getFirstSubcomponent('vevent')!.getFirstPropertyValue('summary')).toBe('Meeting 1 — Delegation to Miami')
    expect(await privateFeedCalendar('not-a-real-token-but-long-enough')).toBeNull()
  })
})

describe('dev mailbox', () => {
  it('without SMTP, stores the raw message and serves the list, the page data and the .eml', async () => {
    setMailTransport(undefined) // no SMTP_URL in the test environment: the dev mailbox
    try {
      const fx = await createMailFixture(getDb(), { attendees: [{ locale: 'en' }] })
      await dispatch({ kind: 'registration.confirmed', registrationId: fx.registration.id })
      await drain(fx.event.id)
      const email = fx.attendees[0].email
      const [stored] = await getDb().select().from(devMailbox).where(eq(devMailbox.toAddresses, `Prénom0 Nom0 <${email}>`))
      expect(stored).toBeDefined()
      expect(stored.template).toBe('registration-confirmed')
      expect(stored.locale).toBe('en')
      expect(stored.subject).toBe('Registration confirmed — Delegation to Miami')
      const list = await import('~/routes/dev.mail.messages[.json]')
      const json = (await (await list.loader()).json()) as { messages: { id: string; subject: string; to: string; language: string; template: string; from: string; date: string }[] }
      const item = json.messages.find((m) => m.id === stored.id)!
      expect(item).toMatchObject({ subject: stored.subject, language: 'en', template: 'registration-confirmed' })
      expect(item.from).toContain('@ccem.example')
      const eml = await import('~/routes/dev.mail.$id')
      const response = (await eml.loader(routeArgs({ params: { id: `${stored.id}.eml` }, request: new Request('http://x/'), context: {} as never }))) as Response
      expect(response.headers.get('Content-Type')).toBe('message/rfc822')
      const parsed = await simpleParser(await response.text())
      expect(parsed.attachments.find((a) => a.contentType === 'text/calendar')).toBeDefined()
      const { getDevMessage } = await import('~/modules/mail/dev-mailbox.server')
      const page = await getDevMessage(stored.id)
      expect(page?.calendar).toContain('METHOD:REQUEST')
      expect(page?.html).toContain('Your place is confirmed')
    } finally {
      setMailTransport(createSmtpTransport(smtp.url))
    }
  })
})

describe('dev mailbox in production', () => {
  it('every dev mailbox route answers 404', async () => {
    const { getEnv, setEnv } = await import('~/utils/env.server')
    const before = getEnv()
    setEnv({ ...before, NODE_ENV: 'production' })
    try {
      const list = await import('~/routes/dev.mail.messages[.json]')
      const eml = await import('~/routes/dev.mail.$id')
      const page = await import('~/routes/dev.mail._index')
      const args = routeArgs({ params: { id: '00000000-0000-4000-8000-000000000000.eml' }, request: new Request('http://x/dev/mail'), context: {} as never })
      const calls: (() => Promise<unknown>)[] = [() => list.loader(), () => eml.loader(args), () => page.loader(args)]
      for (const call of calls) {
        const thrown = await Promise.resolve()
          .then(call)
          .then(() => null, (e: unknown) => e)
        expect(thrown).toBeInstanceOf(Response)
        expect((thrown as Response).status).toBe(404)
      }
    } finally {
      setEnv(before)
    }
  })
})
