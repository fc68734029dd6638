import { eq, inArray } from 'drizzle-orm'
import ICAL from 'ical.js'
import { simpleParser } from 'mailparser'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { getDb } from '#db/client'
import { attendees, emailMessages, events, organisations } from '#db/schema/index'
import { qrCodePng } from '~/modules/checkin/checkin.server'
import { createSmtpTransport, setMailTransport } from '~/modules/mail/transport.server'
import { deliverEmails } from '~/modules/mail/send.server'
import { dispatch } from '~/modules/notifications/dispatch.server'
import { resolveManagementToken } from '~/modules/registration/management-link.server'
import { createMailFixture } from '../../factories/mail-fixtures'
import { TestSmtp } from './smtp'

const smtp = new TestSmtp()

beforeAll(async () => {
  await smtp.start()
  setMailTransport(createSmtpTransport(smtp.url))
})
afterAll(async () => {
  setMailTransport(undefined)
  await smtp.stop()
})

describe('one job batch mixing events, organisations and languages', () => {
  it('gives every recipient their own mail: organisation, event, language, name, link, QR code and invitation', async () => {
    const people = [
      { firstName: 'Aimé', lastName: 'Joseph', locale: 'fr' as const },
      { firstName: 'Grace', lastName: 'Miller', locale: 'en' as const },
      { firstName: 'Léon', lastName: 'Sainte-Rose', locale: 'fr' as const },
    ]
    const a = await createMailFixture(getDb(), { attendees: people, startsAt: new Date('2027-01-14T23:00:00Z'), endsAt: new Date('2027-01-15T02:00:00Z') })
    const b = await createMailFixture(getDb(), {
      attendees: [
        { firstName: 'Olivia', lastName: 'Brown', locale: 'en' },
        { firstName: 'Rose', lastName: 'Médard', locale: 'fr' },
      ],
      timezone: 'America/Martinique',
      startsAt: new Date('2027-03-02T13:00:00Z'),
      endsAt: new Date('2027-03-02T15:00:00Z'),
    })
    // a second organisation with its own name, and a second event with its own title
    await getDb().update(organisations).set({ name: 'Martinique Export Club' }).where(eq(organisations.id, b.org.id))
    await getDb()
      .update(events)
      .set({ title: { fr: 'Salon de Fort-de-France', en: 'Fort-de-France fair' } })
      .where(eq(events.id, b.event.id))
    await dispatch({ kind: 'registration.confirmed', registrationId: a.registration.id })
    await dispatch({ kind: 'registration.confirmed', registrationId: b.registration.id })
    const rows = await getDb()
      .select()
      .from(emailMessages)
      .where(inArray(emailMessages.eventId, [a.event.id, b.event.id]))
      .orderBy(emailMessages.createdAt)
    expect(rows).toHaveLength(7) // five attendees + two contacts
    // one attendee leaves before the batch runs: their mail is dropped, the others are unaffected
    const leaving = a.attendees[2]
    await getDb().update(attendees).set({ status: 'cancelled', cancelledAt: new Date() }).where(eq(attendees.id, leaving.id))

    // interleave the two events' messages in one batch, as pg-boss may hand them out
    const ofA = rows.filter((r) => r.eventId === a.event.id)
    const ofB = rows.filter((r) => r.eventId === b.event.id)
    const mixed = [...ofA, ...ofB].sort((x, y) => (ofA.indexOf(x) + ofB.indexOf(y)) % 2 || x.id.localeCompare(y.id))
    const outcomes = await deliverEmails(mixed.map((r) => r.id))
    expect(outcomes.filter((o) => o === 'sent')).toHaveLength(6)
    expect(smtp.to(leaving.email)).toHaveLength(0)
    const [left] = await getDb().select().from(emailMessages).where(eq(emailMessages.toAddress, leaving.email))
    expect(left.status).toBe('cancelled')

    const expectations = [
      ...a.attendees.slice(0, 2).map((attendee) => ({ attendee, fx: a, org: 'Collectif Coopération Export Martinique', title: { fr: 'Délégation à Miami', en: 'Delegation to Miami' } })),
      ...b.attendees.map((attendee) => ({ attendee, fx: b, org: 'Martinique Export Club', title: { fr: 'Salon de Fort-de-France', en: 'Fort-de-France fair' } })),
    ]
    for (const { attendee, fx, org, title } of expectations) {
      const received = smtp.to(attendee.email)
      expect(received).toHaveLength(1)
      const parsed = await simpleParser(received[0].raw)
      const lang = attendee.locale
      const html = String(parsed.html)
      expect(parsed.subject).toBe(lang === 'fr' ? `Inscription confirmée — ${title.fr}` : `Registration confirmed — ${title.en}`)
      expect(parsed.from?.text).toContain(org)
      expect(parsed.from?.text).toContain(fx.org.email)
      expect(parsed.headers.get('content-language')).toBe(lang)
      const greeting = lang === 'fr' ? `Bonjour ${attendee.firstName} ${attendee.lastName},` : `Hello ${attendee.firstName} ${attendee.lastName},`
      expect(parsed.text).toContain(greeting)
      expect(html).toContain(`http://passerelle.test/${lang}/events/${fx.event.slug}`)
      expect(html).toContain(fx.registration.reference)
      // their own management link, in their language, opening their own registration
      const token = new RegExp(`http://passerelle\\.test/${lang}/manage/([A-Za-z0-9_-]+)`).exec(html)?.[1]
      expect(token).toBeDefined()
      expect(await resolveManagementToken(getDb(), token!)).toBe(fx.registration.id)
      // their own check-in code
      const qr = parsed.attachments.find((p) => p.contentType === 'image/png')
      expect(qr!.content.equals(await qrCodePng(fx.event.id, attendee.checkInSecret))).toBe(true)
      // their own invitation: UID, SEQUENCE, ATTENDEE, the event's title in their language and its zone
      const part = parsed.attachments.find((p) => p.contentType === 'text/calendar')
      const cal = new ICAL.Component(ICAL.parse(part!.content.toString('utf8')))
      const ve = cal.getFirstSubcomponent('vevent')!
      expect(ve.getFirstPropertyValue('uid')).toBe(attendee.calendarUid)
      expect(ve.getFirstPropertyValue('sequence')).toBe(attendee.calendarSequence)
      expect(String(ve.getFirstPropertyValue('attendee')).toLowerCase()).toBe(`mailto:${attendee.email}`)
      expect(ve.getFirstProperty('attendee')!.getParameter('cn')).toBe(`${attendee.firstName} ${attendee.lastName}`)
      expect(ve.getFirstPropertyValue('summary')).toBe(title[lang])
      expect(String(ve.getFirstPropertyValue('organizer')).toLowerCase()).toBe(`mailto:${fx.org.organiserMailbox}`)
      expect(cal.getAllSubcomponents('vtimezone').map((z) => z.getFirstPropertyValue('tzid'))).toEqual([fx.event.timezone])
      if (fx === b) expect(String(ve.getFirstPropertyValue('description'))).toContain(lang === 'fr' ? 'mardi 2 mars 2027' : 'Tuesday, March 2, 2027')
    }
    // each contact gets their registration's confirmation, from their organisation, no invitation
    for (const [fx, org] of [
      [a, 'Collectif Coopération Export Martinique'],
      [b, 'Martinique Export Club'],
    ] as const) {
      const [mail] = await smtp.parsed(fx.registration.contactEmail)
      expect(mail.from?.text).toContain(org)
      expect(String(mail.html)).toContain(fx.registration.reference)
      expect(mail.attachments.find((p) => p.contentType === 'text/calendar')).toBeUndefined()
    }
    const final = await getDb().select().from(emailMessages).where(inArray(emailMessages.id, rows.map((r) => r.id)))
    expect(final.filter((r) => r.status === 'sent').every((r) => r.attempts === 1)).toBe(true)
  })
})
