import crypto from 'node:crypto'
import { and, eq, sql } from 'drizzle-orm'
import ICAL from 'ical.js'
import { simpleParser } from 'mailparser'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { getDb } from '#db/client'
import { auditEntries, emailMessages, events, partnerContacts, partners, programmeItemContacts, programmeItems } from '#db/schema/index'
import { createSmtpTransport, setMailTransport } from '~/modules/mail/transport.server'
import { dispatch } from '~/modules/notifications/dispatch.server'
import type { Notification } from '~/modules/notifications/notify.server'
import { translate } from '~/locales'
import { action } from '~/routes/$lang.admin.partners'
import { drain } from '../mail/helpers'
import { TestSmtp } from '../mail/smtp'
import { createAdminWorld, request } from './fixtures'
import { routeArgs } from '../../factories/route-args'

type Body = {
  ok: boolean
  intent?: string
  formError?: string
  fieldErrors?: Record<string, string[]>
  confirm?: string
  sessions?: number
  invitations?: number
  withdrawn?: number
}

const smtp = new TestSmtp()
beforeAll(async () => {
  await smtp.start()
  setMailTransport(createSmtpTransport(smtp.url))
})
afterAll(async () => {
  setMailTransport(undefined)
  await smtp.stop()
})

async function post(cookie: string, form: Record<string, string>, lang: 'fr' | 'en' = 'fr') {
  try {
    const out = (await action(routeArgs({ request: request(`/${lang}/admin/partners`, cookie, { method: 'POST', form }), params: { lang }, context: {} }))) as unknown as {
      init?: { status?: number }
      data: Body
    }
    return { status: out.init?.status ?? 200, body: out.data }
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status, body: null }
    throw thrown
  }
}

/** The world's published event (in 30 days) with one session, a contact on it, invited (mail delivered). */
async function invitedContact(of: 'partner' | 'otherPartner' = 'partner') {
  const world = await createAdminWorld()
  const db = getDb()
  const t = crypto.randomBytes(4).toString('hex')
  const [contact] = await db.insert(partnerContacts).values({ partnerId: world[of].id, name: 'Ana Diaz', email: `ana-${t}@miamidade.test`, locale: 'en' }).returning()
  const [item] = await db
    .insert(programmeItems)
    .values({
      eventId: world.event.id,
      kind: 'meeting',
      title: { fr: 'Rencontre au consulat', en: 'Meeting at the consulate' },
      startsAt: new Date(world.event.startsAt.getTime() + 3600_000),
      endsAt: new Date(world.event.startsAt.getTime() + 2 * 3600_000),
    })
    .returning()
  const uid = `item-${t}@passerelle.test`
  await db.insert(programmeItemContacts).values({ programmeItemId: item.id, partnerContactId: contact.id, calendarUid: uid })
  await dispatch({ kind: 'partner.invitation', programmeItemId: item.id })
  await drain(world.event.id)
  expect(smtp.to(contact.email)).toHaveLength(1)
  return { world, contact, item, uid }
}

/** Runs the queued `notify.dispatch` jobs about a contact, as the worker would, then sends the mails. */
async function runContactJobs(contactId: string, eventId: string) {
  const jobs = await getDb().execute<{ data: Notification }>(
    sql`select data from pgboss.job where name = 'notify.dispatch' and data->>'kind' = 'partner-contact.changed' and data->'data'->>'partnerContactId' = ${contactId}`,
  )
  for (const job of jobs) await dispatch(job.data)
  await drain(eventId)
  return jobs.length
}

async function calendarOf(raw: string) {
  const parsed = await simpleParser(raw)
  const part = parsed.attachments.find((a) => a.contentType === 'text/calendar')
  if (!part) throw new Error('no calendar part')
  const cal = new ICAL.Component(ICAL.parse(part.content.toString('utf8')))
  const ve = cal.getFirstSubcomponent('vevent')!
  return { method: cal.getFirstPropertyValue('method'), uid: ve.getFirstPropertyValue('uid'), sequence: ve.getFirstPropertyValue('sequence'), attendee: String(ve.getFirstPropertyValue('attendee')).toLowerCase() }
}

const contactRow = async (id: string) => (await getDb().select().from(partnerContacts).where(eq(partnerContacts.id, id)))[0]
const audits = (action: string, subjectId: string) =>
  getDb().select().from(auditEntries).where(and(eq(auditEntries.action, action), eq(auditEntries.subjectId, subjectId)))

describe('editing partners', () => {
  it('saves a partner’s name, kind, website and slug; a slug taken in the organisation is a field error; another organisation’s partner is not found', async () => {
    const world = await createAdminWorld()
    const cookie = world.people.organiser.cookie
    const form = { intent: 'edit-partner', id: world.partner.id, name: 'Miami-Dade County', slug: 'miami-dade', kind: 'funder', website: 'https://www.miamidade.gov' }

    const ok = await post(cookie, form)
    expect(ok).toMatchObject({ status: 200, body: { ok: true } })
    const [row] = await getDb().select().from(partners).where(eq(partners.id, world.partner.id))
    expect(row).toMatchObject({ name: 'Miami-Dade County', slug: 'miami-dade', kind: 'funder', website: 'https://www.miamidade.gov', isFunder: true })
    const [audit] = await audits('partner.updated', world.partner.id)
    expect(audit.data).toMatchObject({ before: { slug: world.partner.slug, kind: 'public_body' }, after: { slug: 'miami-dade', kind: 'funder' } })

    const taken = await post(cookie, { ...form, id: world.otherPartner.id, slug: 'miami-dade' })
    expect(taken.status).toBe(400)
    expect(taken.body?.fieldErrors?.slug).toEqual(['refusals.partnerSlugTaken'])
    expect(taken.body?.intent).toBe(`edit-partner-${world.otherPartner.id}`)
    expect((await getDb().select().from(partners).where(eq(partners.id, world.otherPartner.id)))[0].slug).toBe(world.otherPartner.slug)

    const invalid = await post(cookie, { ...form, website: 'not a url', slug: 'Bad Slug' })
    expect(invalid.status).toBe(400)
    expect(Object.keys(invalid.body?.fieldErrors ?? {}).sort()).toEqual(['slug', 'website'])

    const elsewhere = await createAdminWorld()
    const foreign = await post(cookie, { ...form, id: elsewhere.partner.id, slug: 'stolen' })
    expect(foreign.status).toBe(404)
    expect((await getDb().select().from(partners).where(eq(partners.id, elsewhere.partner.id)))[0].name).toBe(elsewhere.partner.name)

    // Check-in staff may not touch partners.
    expect((await post(world.people.check_in.cookie, { ...form, name: 'Staff' })).status).toBe(403)
    expect((await post(world.people.check_in.cookie, { intent: 'edit-contact', id: world.partner.id, name: 'x', email: 'x@x.test', locale: 'fr' })).status).toBe(403)
  })
})

describe('editing partner contacts', () => {
  it('a new name is saved at once and sends an updated invitation (same UID, SEQUENCE+1) to the same address', async () => {
    const { world, contact, uid } = await invitedContact()
    const out = await post(world.people.organiser.cookie, { intent: 'edit-contact', id: contact.id, name: 'Ana María Díaz', email: contact.email, locale: 'en', roleTitle: 'Protocol' })
    expect(out).toMatchObject({ status: 200, body: { ok: true, invitations: 1 } })
    expect(await contactRow(contact.id)).toMatchObject({ name: 'Ana María Díaz', roleTitle: 'Protocol' })
    const [audit] = await audits('partner_contact.updated', contact.id)
    expect(audit.data).toMatchObject({ before: { name: 'Ana Diaz', roleTitle: null }, after: { name: 'Ana María Díaz', roleTitle: 'Protocol' } })

    expect(await runContactJobs(contact.id, world.event.id)).toBe(1)
    const mails = smtp.to(contact.email)
    expect(mails).toHaveLength(2)
    expect(await calendarOf(mails[1].raw)).toMatchObject({ method: 'REQUEST', uid, sequence: 1 })
    expect(mails[1].raw).toContain('Ana Mar')

    // Only the role title: not in the invitation, nothing sent.
    const role = await post(world.people.organiser.cookie, { intent: 'edit-contact', id: contact.id, name: 'Ana María Díaz', email: contact.email, locale: 'en', roleTitle: 'Head of protocol' })
    expect(role).toMatchObject({ status: 200, body: { ok: true, invitations: 0 } })
    await runContactJobs(contact.id, world.event.id)
    expect(smtp.to(contact.email)).toHaveLength(2)

    // A new language: the updated invitation comes in that language (SEQUENCE 2).
    const fr = await post(world.people.organiser.cookie, { intent: 'edit-contact', id: contact.id, name: 'Ana María Díaz', email: contact.email, locale: 'fr', roleTitle: 'Head of protocol' })
    expect(fr).toMatchObject({ status: 200, body: { ok: true, invitations: 1 } })
    await runContactJobs(contact.id, world.event.id)
    const third = smtp.to(contact.email)
    expect(third).toHaveLength(3)
    expect(await calendarOf(third[2].raw)).toMatchObject({ method: 'REQUEST', uid, sequence: 2 })
    expect((await simpleParser(third[2].raw)).subject).toContain('Rencontre au consulat')
  })

  it('a new address is confirmed first, then the old address gets CANCEL and the new one REQUEST with the same UID', async () => {
    const { world, contact, uid } = await invitedContact()
    const cookie = world.people.organiser.cookie
    const newEmail = `ana.diaz-${crypto.randomBytes(3).toString('hex')}@miamidade.test`
    const form = { intent: 'edit-contact', id: contact.id, name: contact.name, email: newEmail, locale: 'en' }

    const asked = await post(cookie, form)
    expect(asked).toMatchObject({ status: 409, body: { ok: false, intent: 'confirm', confirm: 'edit-contact', sessions: 1, invitations: 1 } })
    expect((await contactRow(contact.id)).email).toBe(contact.email)
    expect(await audits('partner_contact.updated', contact.id)).toHaveLength(0)
    expect(await runContactJobs(contact.id, world.event.id)).toBe(0)

    const done = await post(cookie, { ...form, confirmChange: 'on' })
    expect(done).toMatchObject({ status: 200, body: { ok: true, invitations: 1 } })
    expect((await contactRow(contact.id)).email).toBe(newEmail)
    const [audit] = await audits('partner_contact.updated', contact.id)
    expect(audit.data).toMatchObject({ before: { email: contact.email }, after: { email: newEmail } })

    expect(await runContactJobs(contact.id, world.event.id)).toBe(1)
    const old = smtp.to(contact.email)
    expect(old).toHaveLength(2)
    expect(await calendarOf(old[1].raw)).toMatchObject({ method: 'CANCEL', uid, sequence: 1, attendee: `mailto:${contact.email}` })
    const fresh = smtp.to(newEmail)
    expect(fresh).toHaveLength(1)
    expect(await calendarOf(fresh[0].raw)).toMatchObject({ method: 'REQUEST', uid, sequence: 1, attendee: `mailto:${newEmail}` })
    // Running the job again sends nothing twice.
    await runContactJobs(contact.id, world.event.id)
    expect(smtp.to(contact.email)).toHaveLength(2)
    expect(smtp.to(newEmail)).toHaveLength(1)
  })

  it('a contact whose sessions are cancelled or whose event is over or a draft holds no invitation: no confirmation, no mail', async () => {
    for (const situation of ['cancelled item', 'ended event', 'draft event'] as const) {
      const { world, contact, item } = await invitedContact()
      if (situation === 'cancelled item') await getDb().update(programmeItems).set({ cancelledAt: new Date() }).where(eq(programmeItems.id, item.id))
      if (situation === 'ended event') await getDb().update(events).set({ startsAt: new Date(Date.now() - 7200_000), endsAt: new Date(Date.now() - 3600_000) }).where(eq(events.id, world.event.id))
      if (situation === 'draft event') await getDb().update(events).set({ status: 'draft' }).where(eq(events.id, world.event.id))
      const newEmail = `later-${crypto.randomBytes(3).toString('hex')}@x.test`
      const out = await post(world.people.organiser.cookie, { intent: 'edit-contact', id: contact.id, name: 'Ben', email: newEmail, locale: 'fr' })
      expect(out, situation).toMatchObject({ status: 200, body: { ok: true, invitations: 0 } })
      expect((await contactRow(contact.id)).email).toBe(newEmail)
      expect(await runContactJobs(contact.id, world.event.id)).toBe(0)
      expect(smtp.to(contact.email)).toHaveLength(1)
      expect(smtp.to(newEmail)).toHaveLength(0)
    }
  })
})

describe('deleting contacts and partners that hold invitations', () => {
  it('asks first, then withdraws the invitation with a CANCEL (same UID) and deletes', async () => {
    const { world, contact, uid, item } = await invitedContact()
    const cookie = world.people.organiser.cookie
    const asked = await post(cookie, { intent: 'delete-contact', id: contact.id })
    expect(asked).toMatchObject({ status: 409, body: { confirm: 'delete-contact', sessions: 1, invitations: 1 } })
    expect(await contactRow(contact.id)).toBeDefined()

    const done = await post(cookie, { intent: 'delete-contact', id: contact.id, confirmChange: 'on' })
    expect(done).toMatchObject({ status: 200, body: { ok: true, withdrawn: 1 } })
    expect(await contactRow(contact.id)).toBeUndefined()
    expect(await getDb().$count(programmeItemContacts, eq(programmeItemContacts.programmeItemId, item.id))).toBe(0)
    await drain(world.event.id)
    const mails = smtp.to(contact.email)
    expect(mails).toHaveLength(2)
    expect(await calendarOf(mails[1].raw)).toMatchObject({ method: 'CANCEL', uid, sequence: 1 })
    expect((await simpleParser(mails[1].raw)).text).toContain('withdrawn')
  })

  it('deleting a partner with an invited contact asks first and sends the CANCEL; a partner without invitations goes at once', async () => {
    const { world, contact, uid } = await invitedContact('otherPartner')
    const cookie = world.people.organiser.cookie
    const partnerId = world.otherPartner.id
    expect(await post(cookie, { intent: 'delete-partner', id: partnerId })).toMatchObject({ status: 409, body: { confirm: 'delete-partner', sessions: 1, invitations: 1 } })
    expect(await getDb().$count(partners, eq(partners.id, partnerId))).toBe(1)
    expect(await post(cookie, { intent: 'delete-partner', id: partnerId, confirmChange: 'on' })).toMatchObject({ status: 200, body: { withdrawn: 1 } })
    expect(await getDb().$count(partners, eq(partners.id, partnerId))).toBe(0)
    expect(await contactRow(contact.id)).toBeUndefined()
    await drain(world.event.id)
    expect(await calendarOf(smtp.to(contact.email)[1].raw)).toMatchObject({ method: 'CANCEL', uid, sequence: 1 })

    // The world's partner has a partner-viewer account: refused in words, not a 500, nothing deleted.
    const refused = await post(cookie, { intent: 'delete-partner', id: world.partner.id, confirmChange: 'on' })
    expect(refused).toMatchObject({ status: 409, body: { ok: false, formError: 'refusals.partnerHasUsers' } })
    expect(await getDb().$count(partners, eq(partners.id, world.partner.id))).toBe(1)

    expect(await post(cookie, { intent: 'add-partner', name: 'Consulat', slug: 'consulat', kind: 'consulate' })).toMatchObject({ status: 200 })
    const [plain] = await getDb().select().from(partners).where(and(eq(partners.organisationId, world.org.id), eq(partners.slug, 'consulat')))
    expect(await post(cookie, { intent: 'delete-partner', id: plain.id })).toMatchObject({ status: 200, body: { ok: true } })
    expect(await getDb().$count(partners, eq(partners.id, plain.id))).toBe(0)
  })
})

describe('no duplicate contacts', () => {
  it('refuses the same person twice for a partner (any case), in the reader’s language, also when two adds race', async () => {
    const world = await createAdminWorld()
    const cookie = world.people.organiser.cookie
    const email = `dup-${world.org.slug}@partner.test`
    const add = (over: Record<string, string> = {}) => post(cookie, { intent: 'add-contact', partnerId: world.partner.id, name: 'Dup', email, locale: 'fr', ...over })
    expect(await add()).toMatchObject({ status: 200, body: { ok: true } })
    const again = await add({ email: email.toUpperCase() })
    expect(again.status).toBe(409)
    expect(again.body?.fieldErrors?.email).toEqual(['refusals.contactTaken'])
    expect(translate('fr', 'refusals.contactTaken')).toBe('Cette personne est déjà un contact de ce partenaire.')
    expect(translate('en', 'refusals.contactTaken')).toBe('This person is already a contact of this partner.')
    // Another partner may have the same person.
    expect(await add({ partnerId: world.otherPartner.id })).toMatchObject({ status: 200 })

    // Editing another contact to that address is refused too.
    const [other] = await getDb().insert(partnerContacts).values({ partnerId: world.partner.id, name: 'Other', email: `other-${world.org.slug}@partner.test` }).returning()
    const edit = await post(cookie, { intent: 'edit-contact', id: other.id, name: 'Other', email, locale: 'fr' })
    expect(edit.status).toBe(409)
    expect(edit.body?.fieldErrors?.email).toEqual(['refusals.contactTaken'])

    const raced = `race-${world.org.slug}@partner.test`
    const both = await Promise.all([add({ email: raced }), add({ email: raced })])
    expect(both.map((r) => r.status).sort()).toEqual([200, 409])
    expect(await getDb().$count(partnerContacts, and(eq(partnerContacts.partnerId, world.partner.id), eq(partnerContacts.email, raced)))).toBe(1)
  })

  it('the database itself refuses a duplicate written past the service', async () => {
    const world = await createAdminWorld()
    const values = { partnerId: world.partner.id, name: 'X', email: `x-${world.org.slug}@partner.test` }
    await getDb().insert(partnerContacts).values(values)
    await expect(getDb().insert(partnerContacts).values({ ...values, email: values.email.toUpperCase() })).rejects.toThrow()
    expect(await getDb().$count(emailMessages, eq(emailMessages.toAddress, values.email))).toBe(0)
  })
})
