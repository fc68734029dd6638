import crypto from 'node:crypto'
import { and, eq } from 'drizzle-orm'
import MailComposer from 'nodemailer/lib/mail-composer'
import { describe, expect, it } from 'vitest'
import { getDb } from '#db/client'
import { emailMessages, programmeItemContactRsvps } from '#db/schema/index'
import { action as reviewAction, loader as reviewLoader } from '~/routes/$lang.admin.inbound'
import { buildClientReply } from '~/modules/inbound/client-replies.server'
import { sendRsvpDigests } from '~/modules/inbound/digest.server'
import { request } from '../admin/fixtures'
import { createInboundWorld, receive, reviewOf } from './fixtures'

const call = async <T,>(fn: (args: never) => Promise<T>, req: Request) => {
  try {
    return await fn({ request: req, params: { lang: 'en' }, context: {} } as never)
  } catch (error) {
    if (error instanceof Response) return error as unknown as T
    throw error
  }
}

async function rsvpOf(world: Awaited<ReturnType<typeof createInboundWorld>>) {
  const [row] = await getDb()
    .select()
    .from(programmeItemContactRsvps)
    .where(and(eq(programmeItemContactRsvps.programmeItemId, world.item.id), eq(programmeItemContactRsvps.partnerContactId, world.contact.id)))
  return row ?? null
}

describe('the review queue', () => {
  it('shows a subject-only answer as text (never its HTML) and lets the organiser apply it to the right person', async () => {
    const world = await createInboundWorld()
    const raw = await new MailComposer({
      from: world.contact.email,
      to: world.org.organiserMailbox,
      subject: 'Accepté : Accueil au consulat',
      text: 'Je serai là.',
      html: '<p>Je serai là.</p><img src="https://tracker.example/pixel.gif"><script>alert(1)</script>',
      messageId: `<${crypto.randomUUID()}@miamidade.test>`,
    })
      .compile()
      .build()
    const { row } = await receive(raw)
    const item = await reviewOf(row.id)
    expect(item?.state).toBe('open')

    const page = (await call(reviewLoader, request('/en/admin/inbound', world.people.organiser.cookie))) as Awaited<ReturnType<typeof reviewLoader>>
    const shown = page.items.find((i) => i.id === item!.id)!
    expect(shown.text).toBe('Je serai là.')
    expect(JSON.stringify(page)).not.toMatch(/tracker\.example|<script/)
    const key = `contact:${world.item.id}:${world.contact.id}`
    expect(shown.likely).toContain(key)

    // partner viewers may not decide
    const forbidden = await call(reviewAction, request('/en/admin/inbound', world.people.partner_viewer.cookie, { method: 'POST', form: { intent: 'apply', reviewId: item!.id, invitation: key, partstat: 'accepted' } }))
    expect((forbidden as unknown as Response).status).toBe(403)

    const applied = await call(reviewAction, request('/en/admin/inbound', world.people.organiser.cookie, { method: 'POST', form: { intent: 'apply', reviewId: item!.id, invitation: key, partstat: 'accepted' } }))
    expect(JSON.stringify(applied)).toMatch(/inbound\.review\.applied/)
    expect((await rsvpOf(world))?.partstat).toBe('accepted')
    expect((await reviewOf(row.id))?.state).toBe('applied')

    // deciding twice is refused
    const again = await call(reviewAction, request('/en/admin/inbound', world.people.organiser.cookie, { method: 'POST', form: { intent: 'ignore', reviewId: item!.id } }))
    expect(JSON.stringify(again)).toMatch(/reviewResolved|already been dealt with/)
  })

  it('keeps a quarantined reply for a person: ignoring it changes nothing on the guest list', async () => {
    const world = await createInboundWorld()
    const { row } = await receive(await buildClientReply({ invitation: world.contactInvitation, client: 'gmail', answer: 'declined', locale: 'en', from: 'mallory@evil.test' }))
    expect(row.status).toBe('quarantined')
    const item = await reviewOf(row.id)
    expect(item).toMatchObject({ state: 'open', reason: 'sender-not-guest' })
    await call(reviewAction, request('/en/admin/inbound', world.people.organiser.cookie, { method: 'POST', form: { intent: 'ignore', reviewId: item!.id } }))
    expect((await reviewOf(row.id))?.state).toBe('ignored')
    expect(await rsvpOf(world)).toBeNull()
  })
})

describe('the daily digest', () => {
  it('mails the organiser each change once', async () => {
    const world = await createInboundWorld()
    await receive(await buildClientReply({ invitation: world.contactInvitation, client: 'apple', answer: 'accepted', locale: 'en' }))
    const first = await sendRsvpDigests(new Date())
    expect(first.changes).toBeGreaterThanOrEqual(1)
    const [mail] = await getDb().select().from(emailMessages).where(and(eq(emailMessages.toAddress, world.org.organiserMailbox), eq(emailMessages.template, 'rsvp-digest')))
    expect(JSON.stringify(mail.payload)).toContain(world.contact.name)
    expect((await rsvpOf(world))?.digestedAt).not.toBeNull()
    await sendRsvpDigests(new Date())
    const mails = await getDb().select().from(emailMessages).where(and(eq(emailMessages.toAddress, world.org.organiserMailbox), eq(emailMessages.template, 'rsvp-digest')))
    expect(mails).toHaveLength(1)
  })
})
