import { describe, expect, it } from 'vitest'
import { isStale, partstatFromSubject, readCalendarReply, readInvitation } from '~/modules/inbound/ical-reply'
import { findRsvpToken } from '~/modules/calendar/rsvp-address.server'

const reply = (lines: string[]) => ['BEGIN:VCALENDAR', 'VERSION:2.0', ...lines, 'END:VCALENDAR'].join('\r\n')

describe('reading an iMIP REPLY', () => {
  it('unfolds lines, reads quoted parameters and MAILTO: in any case', () => {
    const text = reply([
      'METHOD:REPLY',
      'BEGIN:VEVENT',
      'UID:abc-123@passerelle',
      'SEQUENCE:3',
      'DTSTAMP:20261205T101500Z',
      'ATTENDEE;CN="Lopez, Maria";PARTSTAT=tentative;DELEGATED-TO="mailto:a@b.test":MAILTO:Maria.Lo',
      ' pez@MiamiDade.test',
      'END:VEVENT',
    ])
    const reading = readCalendarReply(text)
    expect(reading).toEqual({
      kind: 'reply',
      reply: {
        method: 'REPLY',
        uid: 'abc-123@passerelle',
        sequence: 3,
        stamp: new Date('2026-12-05T10:15:00Z'),
        attendee: { address: 'maria.lopez@miamidade.test', partstat: 'tentative', delegatedTo: 'a@b.test' },
        organiser: null,
        recurrenceId: null,
      },
    })
  })

  it('refuses what is not a usable reply', () => {
    expect(readCalendarReply(reply(['METHOD:REQUEST', 'BEGIN:VEVENT', 'UID:x', 'END:VEVENT']))).toEqual({ kind: 'unusable', reason: 'not-a-reply' })
    expect(readCalendarReply(reply(['METHOD:REPLY', 'BEGIN:VEVENT', 'UID:x', 'ATTENDEE:mailto:a@b.test', 'ATTENDEE:mailto:c@d.test', 'END:VEVENT']))).toEqual({
      kind: 'unusable',
      reason: 'attendee-count',
    })
    expect(readCalendarReply(reply(['METHOD:REPLY', 'BEGIN:VEVENT', 'ATTENDEE;PARTSTAT=ACCEPTED:mailto:a@b.test', 'END:VEVENT']))).toEqual({ kind: 'unusable', reason: 'no-uid' })
  })

  it('reads what a reply must echo from an invitation', () => {
    const invitation = readInvitation(
      reply(['METHOD:REQUEST', 'BEGIN:VEVENT', 'UID:u1', 'SEQUENCE:2', 'SUMMARY:Accueil\\, cocktail', 'DTSTART;TZID=America/New_York:20270110T090000', 'ORGANIZER;CN=CCEM:mailto:events@ccem.example', 'ATTENDEE;CN=Ana;RSVP=TRUE:mailto:ana@x.test', 'END:VEVENT']),
    )
    expect(invitation).toMatchObject({ uid: 'u1', sequence: 2, summary: 'Accueil, cocktail', organiser: { address: 'events@ccem.example' }, attendee: { address: 'ana@x.test', name: 'Ana' } })
  })
})

describe('staleness (RFC 5546 §2.1.5)', () => {
  const applied = { sequence: 2, stamp: new Date('2026-12-05T10:00:00Z') }
  it.each([
    [{ sequence: 1, stamp: new Date('2026-12-06T00:00:00Z') }, true],
    [{ sequence: 2, stamp: new Date('2026-12-05T09:59:59Z') }, true],
    [{ sequence: 2, stamp: new Date('2026-12-05T10:00:00Z') }, true],
    [{ sequence: 2, stamp: new Date('2026-12-05T10:00:01Z') }, false],
    [{ sequence: 3, stamp: new Date('2026-12-01T00:00:00Z') }, false],
  ])('%o stale: %s', (incoming, stale) => {
    expect(isStale(incoming, applied)).toBe(stale)
  })
  it('nothing applied yet: never stale', () => expect(isStale({ sequence: 0, stamp: null }, null)).toBe(false))
})

describe('subject prefixes (review queue only)', () => {
  it.each([
    ['Accepted: Welcome', 'accepted'],
    ['Accepté : Accueil', 'accepted'],
    ['Declined: Welcome', 'declined'],
    ['Refusé : Accueil', 'declined'],
    ['Tentative: Welcome', 'tentative'],
    ['Provisoire : Accueil', 'tentative'],
    ['Re: Accepted: Welcome', null],
    ['Question about the venue', null],
  ])('%s → %s', (subject, partstat) => expect(partstatFromSubject(subject)).toBe(partstat))
})

describe('rsvp+TOKEN addresses', () => {
  it('are found in a display-name list, in any case', () => {
    expect(findRsvpToken(['CCEM <RSVP+0123456789abcdef0123456789ABCDEF@ccem.example>'])).toEqual({ digest: '0123456789abcdef', signature: '0123456789abcdef' })
    expect(findRsvpToken(['events@ccem.example', 'rsvp+short@ccem.example'])).toBeNull()
  })
})

describe('TNEF (node-tnef) loads without breaking the process', () => {
  it('unpacks an attachment and leaves String.prototype.replaceAll native', async () => {
    const { readTnef } = await import('~/modules/inbound/read-message.server')
    const native = String.prototype.replaceAll
    // a TNEF stream with one attachment whose data is an iCalendar REPLY
    const ics = Buffer.from('BEGIN:VCALENDAR\r\nMETHOD:REPLY\r\nBEGIN:VEVENT\r\nUID:t-1\r\nATTENDEE;PARTSTAT=DECLINED:mailto:a@b.test\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n')
    const attribute = (level: number, id: number, type: number, data: Buffer) => {
      const head = Buffer.alloc(9)
      head.writeUInt8(level, 0)
      head.writeUInt16LE(id, 1)
      head.writeUInt16LE(type, 3)
      head.writeUInt32LE(data.length, 5)
      return Buffer.concat([head, data, Buffer.alloc(2)])
    }
    const signature = Buffer.alloc(6)
    signature.writeUInt32LE(0x223e9f78, 0)
    const tnef = Buffer.concat([
      signature,
      attribute(2, 0x9002, 0x0006, Buffer.alloc(14)),
      attribute(2, 0x8010, 0x0001, Buffer.from('reply.ics\x00')),
      attribute(2, 0x800f, 0x0006, ics),
    ])
    const readings = readTnef(tnef, 'a@b.test', null)
    expect(readings[0]).toMatchObject({ kind: 'reply', reply: { uid: 't-1', attendee: { partstat: 'declined' } } })
    expect(String.prototype.replaceAll).toBe(native)
    expect('a\\b'.replaceAll('\\', '/')).toBe('a/b')
  })
})
