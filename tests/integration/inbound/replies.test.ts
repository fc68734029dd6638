import crypto from 'node:crypto'
import { and, eq } from 'drizzle-orm'
import { afterEach, describe, expect, it } from 'vitest'
import { dkimSign } from 'mailauth/lib/dkim/sign'
import MailComposer from 'nodemailer/lib/mail-composer'
import { getDb } from '#db/client'
import { attendeeRsvps, attendees, emailMessages, inboundMessages, programmeItemContactRsvps } from '#db/schema/index'
import { buildClientReply, REPLY_CLIENTS, type ClientReplyInput } from '~/modules/inbound/client-replies.server'
import { INBOUND_MAX_BYTES, storeInboundMessage } from '~/modules/inbound/intake.server'
import { rsvpAddress } from '~/modules/calendar/rsvp-address.server'
import { setInboundDnsResolver } from '~/modules/inbound/sender.server'
import { dispatch } from '~/modules/notifications/dispatch.server'
import { loader as attendeesLoader } from '~/routes/$lang.admin.events.$eventId.attendees'
import { request } from '../admin/fixtures'
import { auditsOf, createInboundWorld, jobsNamed, receive, reviewOf } from './fixtures'

async function contactRsvp(world: Awaited<ReturnType<typeof createInboundWorld>>) {
  const [row] = await getDb()
    .select()
    .from(programmeItemContactRsvps)
    .where(and(eq(programmeItemContactRsvps.programmeItemId, world.item.id), eq(programmeItemContactRsvps.partnerContactId, world.contact.id)))
  return row ?? null
}

const reply = (world: Awaited<ReturnType<typeof createInboundWorld>>, options: Partial<ClientReplyInput> = {}) =>
  buildClientReply({ invitation: world.contactInvitation, client: 'gmail', answer: 'accepted', locale: 'en', ...options })

afterEach(() => setInboundDnsResolver(undefined))

describe('calendar replies from the five clients', () => {
  for (const client of REPLY_CLIENTS) {
    for (const locale of ['fr', 'en'] as const) {
      it(`${client} (${locale}): the partner contact's answer lands on the guest list, with an audit entry`, async () => {
        const world = await createInboundWorld()
        const answer = locale === 'fr' ? 'tentative' : 'accepted'
        const { row, outcome } = await receive(await reply(world, { client, locale, answer }))
        expect(row.status).toBe('applied')
        expect(outcome?.applied).toMatchObject({ invitation: 'partner-contact', partstat: answer, previous: null })
        expect((await contactRsvp(world))?.partstat).toBe(answer)
        const audits = (await auditsOf(world.contact.id)).filter((a) => a.action === 'rsvp.applied')
        expect(audits).toHaveLength(1)
        expect(audits[0].data).toMatchObject({ partstat: answer, matchedBy: 'uid', programmeItemId: world.item.id })
      })
    }
  }

  it('reads an Outlook.com reply that has no ORGANIZER and writes MAILTO: in capitals', async () => {
    const world = await createInboundWorld()
    const raw = await reply(world, { client: 'outlook-com', answer: 'declined' })
    expect(raw.toString()).not.toMatch(/ORGANIZER/)
    expect(raw.toString()).toMatch(/MAILTO:/)
    expect((await receive(raw)).row.status).toBe('applied')
    expect((await contactRsvp(world))?.partstat).toBe('declined')
  })
})

describe('applied once, in order', () => {
  it('a message delivered twice is stored once and applied once', async () => {
    const world = await createInboundWorld()
    const raw = await reply(world)
    const first = await receive(raw)
    const again = await storeInboundMessage(raw, 'imap')
    expect(again).toMatchObject({ id: first.stored.id, duplicate: true })
    expect(await getDb().select().from(inboundMessages).where(eq(inboundMessages.messageId, first.stored.messageId))).toHaveLength(1)
    // the job for it running twice changes nothing either
    const { processInboundMessage } = await import('~/modules/inbound/process.server')
    expect(await processInboundMessage(first.stored.id)).toBeNull()
    expect((await auditsOf(world.contact.id)).filter((a) => a.action === 'rsvp.applied')).toHaveLength(1)
  })

  it('ignores a stale reply: a lower SEQUENCE, or the same SEQUENCE with an older DTSTAMP', async () => {
    const world = await createInboundWorld()
    const now = Date.now()
    expect((await receive(await reply(world, { answer: 'accepted', stamp: new Date(now) }))).row.status).toBe('applied')
    const older = { ...world.contactInvitation, sequence: world.contactInvitation.sequence - 1 }
    const lower = await receive(await buildClientReply({ invitation: older, client: 'thunderbird', answer: 'declined', locale: 'en', stamp: new Date(now + 60_000) }))
    expect(lower.row).toMatchObject({ status: 'ignored', reason: 'stale' })
    const earlier = await receive(await reply(world, { answer: 'declined', stamp: new Date(now - 60_000) }))
    expect(earlier.row).toMatchObject({ status: 'ignored', reason: 'stale' })
    expect((await contactRsvp(world))?.partstat).toBe('accepted')
    // a later change of mind does apply
    expect((await receive(await reply(world, { answer: 'declined', stamp: new Date(now + 120_000) }))).row.status).toBe('applied')
    expect((await contactRsvp(world))?.partstat).toBe('declined')
  })
})

describe('matching', () => {
  it('matches on the ATTENDEE address, in any case, when the UID is unknown (a client that rewrote it)', async () => {
    const world = await createInboundWorld()
    const invitation = { ...world.contactInvitation, uid: 'rewritten-by-a-gateway@example', attendee: { address: world.contact.email.toUpperCase(), name: null } }
    const { row, outcome } = await receive(await buildClientReply({ invitation, client: 'apple', answer: 'accepted', locale: 'fr', from: world.contact.email }))
    expect(row.status).toBe('applied')
    expect(outcome?.applied?.invitation).toBe('partner-contact')
    expect((await auditsOf(world.contact.id)).at(-1)?.data).toMatchObject({ matchedBy: 'address' })
  })

  it('matches on the signed rsvp+TOKEN address when neither UID nor ATTENDEE is known', async () => {
    const world = await createInboundWorld()
    const to = rsvpAddress(world.link.calendarUid, world.org.organiserMailbox)
    expect(to).toMatch(/^rsvp\+[0-9a-f]{32}@example\.test$/)
    const invitation = { ...world.contactInvitation, uid: 'unknown@example' }
    const raw = await buildClientReply({ invitation, client: 'gmail', answer: 'accepted', locale: 'en', to, attendee: 'someone-else@miamidade.test', from: world.contact.email })
    const { row } = await receive(raw)
    expect(row.status).toBe('applied')
    expect((await auditsOf(world.contact.id)).at(-1)?.data).toMatchObject({ matchedBy: 'token' })
    // a token with a wrong signature matches nothing
    const forgedTo = to.replace(/([0-9a-f]{16})@/, (_, sig: string) => `${sig.split('').reverse().join('')}@`)
    const forged = await receive(await buildClientReply({ invitation, client: 'gmail', answer: 'declined', locale: 'en', to: forgedTo, attendee: 'someone-else@miamidade.test', from: world.contact.email }))
    expect(forged.row).toMatchObject({ status: 'review', reason: 'unmatched' })
  })

  it('sends an unmatched reply to the review queue with its reason', async () => {
    const world = await createInboundWorld()
    const invitation = { ...world.contactInvitation, uid: 'nobody@example', attendee: { address: 'stranger@nowhere.test', name: 'Stranger' } }
    const { row } = await receive(await buildClientReply({ invitation, client: 'thunderbird', answer: 'accepted', locale: 'en' }))
    expect(row).toMatchObject({ status: 'review', reason: 'unmatched' })
    expect(await reviewOf(row.id)).toMatchObject({ state: 'open', reason: 'unmatched', suggestedPartstat: 'accepted', attendeeAddress: 'stranger@nowhere.test' })
  })

  it('puts a mail with only a subject prefix ("Accepté :", "Declined:") in the review queue, never guessed', async () => {
    const world = await createInboundWorld()
    for (const [subject, partstat] of [
      ['Accepté : Accueil au consulat', 'accepted'],
      ['Declined: Consulate welcome', 'declined'],
      ['Provisoire : Accueil', 'tentative'],
    ] as const) {
      const raw = await new MailComposer({ from: world.contact.email, to: world.org.organiserMailbox, subject, text: 'Forwarded from my phone', messageId: `<${crypto.randomUUID()}@miamidade.test>` })
        .compile()
        .build()
      const { row } = await receive(raw)
      expect(row).toMatchObject({ status: 'review', reason: 'subject-only' })
      expect((await reviewOf(row.id))?.suggestedPartstat).toBe(partstat)
    }
    expect(await contactRsvp(world)).toBeNull()
  })
})

describe('sender check', () => {
  it('quarantines a reply whose sender is not the guest (a forged answer)', async () => {
    const world = await createInboundWorld()
    const { row } = await receive(await reply(world, { from: 'mallory@evil.test', answer: 'declined' }))
    expect(row).toMatchObject({ status: 'quarantined', reason: 'sender-not-guest' })
    expect(await contactRsvp(world)).toBeNull()
  })

  it('accepts a reply from an alias on the guest domain only with a DKIM signature that verifies (mailauth)', async () => {
    const world = await createInboundWorld()
    const domain = world.contact.email.split('@')[1].toLowerCase()
    const alias = `m.lopez@${domain}`
    // without a signature: quarantined
    const unsigned = await receive(await reply(world, { from: alias }))
    expect(unsigned.row).toMatchObject({ status: 'quarantined', reason: 'sender-not-aligned' })

    const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 })
    const message = await reply(world, { from: alias })
    const signed = await dkimSign(message, { signatureData: [{ signingDomain: domain, selector: 'cal', privateKey: privateKey.export({ type: 'pkcs1', format: 'pem' }) }] } as never)
    expect(signed.errors).toEqual([])
    const p = publicKey.export({ type: 'spki', format: 'der' }).toString('base64')
    setInboundDnsResolver(async (name, type) => {
      if (type === 'TXT' && name === `cal._domainkey.${domain}`) return [[`v=DKIM1; k=rsa; p=${p}`]]
      const error = new Error(`no ${type} for ${name}`) as Error & { code: string }
      error.code = 'ENOTFOUND'
      throw error
    })
    const raw = Buffer.concat([Buffer.from(signed.signatures), message])
    const good = await receive(raw)
    expect(good.row.status).toBe('applied')

    // the same signature over a changed body does not verify
    const tampered = Buffer.from(raw.toString('latin1').replace('PARTSTAT=ACCEPTED', 'PARTSTAT=DECLINED').replace(/Message-ID: <[^>]+>/i, `Message-ID: <${crypto.randomUUID()}@x>`), 'latin1')
    const bad = await receive(tampered)
    expect(bad.row.status).toBe('quarantined')
  })
})

describe('attendees', () => {
  it('a declined reply never cancels the seat: it records the answer and mails a link to cancel', async () => {
    const world = await createInboundWorld()
    const attendee = world.consenting.attendee
    const { row } = await receive(await buildClientReply({ invitation: world.attendeeInvitation, client: 'outlook', answer: 'declined', locale: 'fr' }))
    expect(row.status).toBe('applied')
    const [rsvp] = await getDb().select().from(attendeeRsvps).where(eq(attendeeRsvps.attendeeId, attendee.id))
    expect(rsvp.partstat).toBe('declined')
    const [still] = await getDb().select({ status: attendees.status }).from(attendees).where(eq(attendees.id, attendee.id))
    expect(still.status).toBe('active')
    const [job] = await jobsNamed('notify.dispatch', attendee.id)
    expect(job).toMatchObject({ kind: 'attendee.declined', attendeeId: attendee.id })
    await dispatch(job as never)
    const [mail] = await getDb().select().from(emailMessages).where(and(eq(emailMessages.toAddress, attendee.email), eq(emailMessages.template, 'rsvp-declined')))
    expect(mail).toBeDefined()
    // the organiser's attendee list shows it
    const list = (await attendeesLoader({
      request: request(`/fr/admin/events/${world.event.id}/attendees`, world.people.organiser.cookie),
      params: { lang: 'fr', eventId: world.event.id },
      context: {},
    } as never)) as { answers: Record<string, string> }
    expect(list.answers[attendee.id]).toBe('declined')
  })
})

describe('refusals', () => {
  it('refuses a 20 MB message and what is not mail, storing nothing', async () => {
    const big = Buffer.concat([Buffer.from('From: a@b.test\r\nDate: Sat, 5 Dec 2026 10:00:00 +0000\r\nSubject: big\r\n\r\n'), Buffer.alloc(20 * 1024 * 1024, 'a')])
    expect(big.length).toBeGreaterThan(INBOUND_MAX_BYTES)
    await expect(storeInboundMessage(big, 'pipe')).rejects.toMatchObject({ code: 'inboundTooLarge', status: 413 })
    await expect(storeInboundMessage(Buffer.from('{"hello":"world"}'), 'webhook')).rejects.toMatchObject({ code: 'inboundNotMail', status: 415 })
    await expect(storeInboundMessage(Buffer.from('BEGIN:VCALENDAR\r\nMETHOD:REPLY\r\nEND:VCALENDAR\r\n'), 'webhook')).rejects.toMatchObject({ code: 'inboundNotMail' })
  })
})
