import { and, eq } from 'drizzle-orm'
import { simpleParser } from 'mailparser'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { getDb } from '#db/client'
import { programmeItemContactRsvps } from '#db/schema/index'
import { buildReplyToInvitation } from '~/modules/inbound/client-replies.server'
import { deliverEmail, queueEmail } from '~/modules/mail/send.server'
import { createSmtpTransport, setMailTransport } from '~/modules/mail/transport.server'
import { getEnv, setEnv } from '~/utils/env.server'
import { TestSmtp } from '../mail/smtp'
import { createInboundWorld, receive } from './fixtures'

const smtp = new TestSmtp()
const before = getEnv()
beforeAll(async () => {
  await smtp.start()
  setMailTransport(createSmtpTransport(smtp.url))
  setEnv({ ...before, INBOUND_RSVP_DOMAIN: 'replies.ccem.test' })
})
afterAll(async () => {
  setMailTransport(undefined)
  setEnv(before)
  await smtp.stop()
})

describe('an invitation sent, answered and read back', () => {
  it('carries what a reply needs (method=REQUEST twice, RSVP=TRUE, one attendee, rsvp+TOKEN Reply-To), and its answer updates the guest list', async () => {
    const world = await createInboundWorld()
    const id = await queueEmail(getDb(), {
      dedupeKey: `test:invite:${world.link.calendarUid}`,
      kind: 'partner.invitation',
      toAddress: world.contact.email,
      locale: 'en',
      eventId: world.event.id,
      payload: {
        template: 'partner-invitation',
        recipient: { type: 'partner-contact', partnerContactId: world.contact.id, programmeItemId: world.item.id },
        eventId: world.event.id,
        programmeItemId: world.item.id,
        calendar: 'REQUEST',
        data: { change: 'invite' },
      },
    })
    expect(await deliverEmail(id!)).toBe('sent')
    const [sent] = smtp.received.filter((r) => r.to.some((to) => to.toLowerCase() === world.contact.email.toLowerCase()))
    expect(sent.raw).toMatch(/Content-Type: text\/calendar; charset=utf-8; method=REQUEST/i)
    const parsed = await simpleParser(sent.raw)
    expect(parsed.replyTo?.value[0].address).toMatch(/^rsvp\+[0-9a-f]{32}@replies\.ccem\.test$/)
    const ics = parsed.attachments.find((a) => a.contentType.startsWith('text/calendar'))!.content.toString('utf8')
    expect(ics).toMatch(/^METHOD:REQUEST\r$/m)
    expect(ics.replace(/\r\n[ \t]/g, '').match(/^ATTENDEE[^\r\n]*/gm)).toHaveLength(1)
    expect(ics.replace(/\r\n[ \t]/g, '')).toMatch(/^ATTENDEE;[^\r\n]*RSVP=TRUE/m)
    expect(ics).toContain(`UID:${world.link.calendarUid}`)
    expect(ics).toMatch(new RegExp(`^SEQUENCE:${world.link.calendarSequence}\\r$`, 'm'))

    // Thunderbird answers the very invitation it received
    const reply = await buildReplyToInvitation(ics, { client: 'thunderbird', answer: 'accepted', locale: 'en' })
    const { row } = await receive(reply!, 'imap')
    expect(row.status).toBe('applied')
    const [rsvp] = await getDb()
      .select()
      .from(programmeItemContactRsvps)
      .where(and(eq(programmeItemContactRsvps.programmeItemId, world.item.id), eq(programmeItemContactRsvps.partnerContactId, world.contact.id)))
    expect(rsvp).toMatchObject({ partstat: 'accepted', replySequence: world.link.calendarSequence })
  })
})
