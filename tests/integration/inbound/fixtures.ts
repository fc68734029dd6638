import crypto from 'node:crypto'
import { eq, sql } from 'drizzle-orm'
import { getDb } from '#db/client'
import { auditEntries, inboundMessages, inboundReviewItems, partnerContacts, programmeItemContacts, programmeItems } from '#db/schema/index'
import type { InvitationEcho } from '~/modules/inbound/ical-reply'
import { processInboundMessage } from '~/modules/inbound/process.server'
import { storeInboundMessage } from '~/modules/inbound/intake.server'
import { createAdminWorld } from '../admin/fixtures'

const tag = () => crypto.randomBytes(4).toString('hex')

/** An admin world plus one session with one invited partner contact (domain miamidade.test). */
export async function createInboundWorld() {
  const world = await createAdminWorld()
  const db = getDb()
  const t = tag()
  const [item] = await db
    .insert(programmeItems)
    .values({
      eventId: world.event.id,
      title: { fr: `Accueil au consulat ${t}`, en: `Consulate welcome ${t}` },
      startsAt: new Date(world.event.startsAt.getTime() + 3600_000),
      endsAt: new Date(world.event.startsAt.getTime() + 2 * 3600_000),
      place: 'Consulat',
    })
    .returning()
  const [contact] = await db
    .insert(partnerContacts)
    .values({ partnerId: world.partner.id, name: `Maria Lopez ${t}`, email: `Maria.Lopez.${t}@MiamiDade.test`, locale: 'en' })
    .returning()
  const [link] = await db
    .insert(programmeItemContacts)
    .values({ programmeItemId: item.id, partnerContactId: contact.id, calendarUid: `${t}${tag()}@passerelle`, calendarSequence: 2 })
    .returning()
  const contactInvitation: InvitationEcho = {
    uid: link.calendarUid,
    sequence: link.calendarSequence,
    summary: item.title.en,
    organiser: { address: world.org.organiserMailbox, name: world.org.name },
    attendee: { address: contact.email.toLowerCase(), name: contact.name },
    timeLines: ['DTSTART;TZID=America/New_York:20270110T090000', 'DTEND;TZID=America/New_York:20270110T100000'],
  }
  const attendee = world.consenting.attendee
  const attendeeInvitation: InvitationEcho = {
    uid: attendee.calendarUid,
    sequence: attendee.calendarSequence,
    summary: world.event.title.fr,
    organiser: { address: world.org.organiserMailbox, name: world.org.name },
    attendee: { address: attendee.email, name: `${attendee.firstName} ${attendee.lastName}` },
    timeLines: ['DTSTART;TZID=America/New_York:20270110T080000'],
  }
  return { ...world, item, contact, link, contactInvitation, attendeeInvitation }
}

/** Stores a raw message as an adapter would, then runs its job's work. */
export async function receive(raw: Buffer, source: 'imap' | 'pipe' | 'webhook' | 'dev' = 'pipe') {
  const stored = await storeInboundMessage(raw, source)
  const outcome = await processInboundMessage(stored.id)
  const [row] = await getDb().select().from(inboundMessages).where(eq(inboundMessages.id, stored.id))
  return { stored, outcome, row }
}

export async function reviewOf(inboundMessageId: string) {
  const [row] = await getDb().select().from(inboundReviewItems).where(eq(inboundReviewItems.inboundMessageId, inboundMessageId))
  return row ?? null
}

export async function auditsOf(subjectId: string) {
  return getDb().select().from(auditEntries).where(eq(auditEntries.subjectId, subjectId)).orderBy(auditEntries.createdAt)
}

export async function jobsNamed(name: string, contains: string) {
  const rows = await getDb().execute<{ data: unknown }>(sql`select data from pgboss.job where name = ${name} and data::text like ${`%${contains}%`}`)
  return rows.map((r) => r.data as Record<string, unknown>)
}
