import ICAL from 'ical.js'
import { describe, expect, it } from 'vitest'
import { foldLines } from 'ical-generator'
import { buildCalendar, foldCalendarLines, renderCalendar } from '~/modules/calendar/ics.server'
import { eventEntry } from '~/modules/calendar/entries.server'
import type { EventRow } from '~/modules/calendar/entries.server'

function event(startsAt: string, endsAt: string): EventRow {
  const now = new Date()
  return {
    id: '00000000-0000-4000-8000-000000000001',
    organisationId: '00000000-0000-4000-8000-000000000002',
    slug: 'rencontre-miami',
    kind: 'b2b_meetup',
    status: 'published',
    title: { fr: 'Rencontre acheteurs de Floride — une très longue réunion d’affaires', en: 'Florida buyers meetup — a very long business meeting' },
    summary: { fr: 'Rencontres d’affaires à Miami avec des acheteurs', en: 'Business meetings in Miami with buyers' },
    description: { fr: '', en: '' },
    timezone: 'America/New_York',
    startsAt: new Date(startsAt),
    endsAt: new Date(endsAt),
    venueName: 'Miami-Dade County Hall',
    venueAddress: '111 NW 1st St',
    venueCity: 'Miami',
    venueCountry: 'US',
    latitude: null,
    longitude: null,
    currency: 'USD',
    taxRateBp: 0,
    capacity: null,
    approvalRequired: false,
    registrationOpensAt: null,
    registrationClosesAt: null,
    changeCutoffHours: 48,
    holdMinutes: 30,
    waitlistOfferHours: 48,
    reminderOffsetsMinutes: [10080, 1440, 120],
    paymentMethods: ['card'],
    invoiceConfirmsImmediately: true,
    cancellationTerms: null,
    calendarSequence: 0,
    publishedAt: now,
    cancelledAt: null,
    createdAt: now,
    updatedAt: now,
  }
}

const organiser = { name: 'CCEM', email: 'organisatrice@ccem.example' }
const attendee = { email: 'grace@example.com', name: 'Grace Miller' }

function invitation(ev: EventRow, locale: 'fr' | 'en', method: 'REQUEST' | 'CANCEL' | 'PUBLISH', sequence = 0) {
  return buildCalendar({
    method,
    organiser,
    entries: [eventEntry(ev, locale, { uid: 'attendee-1@passerelle.test', sequence }, method === 'PUBLISH' ? undefined : attendee)],
    stamp: new Date('2026-11-26T10:11:12Z'),
  })
}

function checkWellFormed(text: string) {
  expect(text.endsWith('\r\n')).toBe(true)
  for (const line of text.split('\r\n')) {
    expect(line).not.toMatch(/[\r\n]/)
    expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75)
  }
  expect(text).not.toMatch(/undefined|NaN|\[object Object\]/)
  const cal = new ICAL.Component(ICAL.parse(text))
  const tzids = new Set(
    cal.getAllSubcomponents('vevent').flatMap((ve) =>
      ['dtstart', 'dtend'].map((p) => ve.getFirstProperty(p)?.getParameter('tzid')).filter(Boolean),
    ),
  )
  const vtimezones = new Set(cal.getAllSubcomponents('vtimezone').map((tz) => tz.getFirstPropertyValue('tzid')))
  for (const tzid of tzids) expect(vtimezones.has(tzid as string)).toBe(true)
  return cal
}

describe('calendar invitations (ICS)', () => {
  it('winter event in New York: right times, VTIMEZONE, UTC DTSTAMP, Martinique time (one hour later) in the description', () => {
    // 18:00 in Miami on 14 January 2027 = 23:00 UTC = 19:00 in Martinique.
    const text = invitation(event('2027-01-14T23:00:00Z', '2027-01-15T01:00:00Z'), 'fr', 'REQUEST')
    const cal = checkWellFormed(text)
    expect(cal.getFirstPropertyValue('method')).toBe('REQUEST')
    const ve = cal.getFirstSubcomponent('vevent')!
    const ev = new ICAL.Event(ve)
    expect(ve.getFirstProperty('dtstart')!.getParameter('tzid')).toBe('America/New_York')
    expect(text).toContain('DTSTART;TZID=America/New_York:20270114T180000')
    expect(ev.startDate.toJSDate().toISOString()).toBe('2027-01-14T23:00:00.000Z')
    expect(ev.endDate.toJSDate().toISOString()).toBe('2027-01-15T01:00:00.000Z')
    expect(text).toMatch(/\r\nDTSTAMP:20261126T101112Z\r\n/)
    expect(ev.uid).toBe('attendee-1@passerelle.test')
    expect(ev.sequence).toBe(0)
    expect(ve.getFirstPropertyValue('status')).toBe('CONFIRMED')
    expect(String(ve.getFirstPropertyValue('organizer')).toLowerCase()).toBe('mailto:organisatrice@ccem.example')
    const att = ve.getFirstProperty('attendee')!
    expect(String(att.getFirstValue()).toLowerCase()).toBe('mailto:grace@example.com')
    expect(att.getParameter('rsvp')).toBe('TRUE')
    const description = ev.description
    expect(description).toContain('18:00 heure de Miami')
    expect(description).toContain('19:00 heure de Martinique')
    expect(ev.summary).toBe('Rencontre acheteurs de Floride — une très longue réunion d’affaires')
  })

  it('summer event in New York: EDT offset, and the description says Martinique shows the same time', () => {
    // 18:00 EDT on 15 July 2027 = 22:00 UTC = 18:00 in Martinique.
    const text = invitation(event('2027-07-15T22:00:00Z', '2027-07-15T23:30:00Z'), 'en', 'REQUEST')
    const cal = checkWellFormed(text)
    const ev = new ICAL.Event(cal.getFirstSubcomponent('vevent')!)
    expect(text).toContain('DTSTART;TZID=America/New_York:20270715T180000')
    expect(ev.startDate.toJSDate().toISOString()).toBe('2027-07-15T22:00:00.000Z')
    expect(ev.description).toContain('6:00 PM Miami time')
    expect(ev.description).toContain('Same time in Martinique (6:00 PM Martinique time)')
    expect(ev.summary).toBe('Florida buyers meetup — a very long business meeting')
  })

  it('an update keeps the UID and raises SEQUENCE; a cancel is METHOD:CANCEL with STATUS:CANCELLED', () => {
    const ev = event('2027-01-14T23:00:00Z', '2027-01-15T01:00:00Z')
    const first = new ICAL.Event(checkWellFormed(invitation(ev, 'fr', 'REQUEST', 0)).getFirstSubcomponent('vevent')!)
    const moved = { ...ev, startsAt: new Date('2027-01-15T23:00:00Z'), endsAt: new Date('2027-01-16T01:00:00Z') }
    const update = new ICAL.Event(checkWellFormed(invitation(moved, 'fr', 'REQUEST', 1)).getFirstSubcomponent('vevent')!)
    expect(update.uid).toBe(first.uid)
    expect(update.sequence).toBeGreaterThan(first.sequence)
    const cancelText = invitation(moved, 'fr', 'CANCEL', 2)
    const cancel = checkWellFormed(cancelText)
    expect(cancel.getFirstPropertyValue('method')).toBe('CANCEL')
    const ve = cancel.getFirstSubcomponent('vevent')!
    expect(ve.getFirstPropertyValue('status')).toBe('CANCELLED')
    expect(ve.getFirstPropertyValue('uid')).toBe(first.uid)
    expect(ve.getFirstPropertyValue('sequence')).toBe(2)
    expect(ve.getFirstProperty('attendee')!.getParameter('rsvp')).toBe('FALSE')
  })

  it('a PUBLISH calendar has no ATTENDEE and no RSVP', () => {
    const text = invitation(event('2027-01-14T23:00:00Z', '2027-01-15T01:00:00Z'), 'fr', 'PUBLISH')
    const cal = checkWellFormed(text)
    expect(cal.getFirstPropertyValue('method')).toBe('PUBLISH')
    expect(text).not.toContain('ATTENDEE')
    expect(text).not.toContain('RSVP')
  })

  it('invitations of one mailing, filled from a shell, are exactly what ical-generator writes for each recipient', () => {
    const ev = event('2027-01-14T23:00:00Z', '2027-01-15T01:00:00Z')
    const recipients = [
      { email: 'grace@example.com', name: 'Grace Miller' },
      { email: 'eloise.hebert@exemple.fr', name: 'Éloïse Hébert-Lefèvre de la Grande Maison Créole du Lamentin' },
      { email: 'zoe@example.com', name: 'Zoë 😀 李小龙' },
      // written escaped by ical-generator: never from a shell
      { email: 'quote@example.com', name: 'Jo "JJ" Smith, Jr.; CEO' },
      { email: 'grace@example.com', name: 'Grace Miller' },
    ]
    for (const method of ['REQUEST', 'CANCEL'] as const) {
      for (const [index, person] of recipients.entries()) {
        const document = {
          method,
          organiser,
          entries: [eventEntry(ev, 'fr', { uid: `${index}-${'u'.repeat(index * 7)}@passerelle.test`, sequence: index * 3 }, person)],
          stamp: new Date(Date.UTC(2026, 10, 26, 10, 11, index)),
        }
        const text = buildCalendar(document)
        expect(text).toBe(renderCalendar(document))
        const ve = checkWellFormed(text).getFirstSubcomponent('vevent')!
        if (!person.name.includes('"')) expect(ve.getFirstProperty('attendee')!.getParameter('cn')).toBe(person.name)
        expect(ve.getFirstPropertyValue('attendee')).toBe(`MAILTO:${person.email}`)
        expect(ve.getFirstPropertyValue('uid')).toBe(document.entries[0].uid)
      }
    }
  })

  it('folds lines exactly as ical-generator does (75 octets, whole characters)', () => {
    for (const line of ['a'.repeat(200), 'é'.repeat(100), '😀'.repeat(50), 'a😀'.repeat(60), 'ab\ud800cd'.repeat(30), 'x\udc00y'.repeat(40), 'short']) {
      const text = `${line}\r\n${line.slice(3)}\r\nEND`
      expect(foldCalendarLines(text)).toBe(foldLines(text))
    }
  })
})
