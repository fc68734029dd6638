import { and, eq, inArray, isNull } from 'drizzle-orm'
import { getDb } from '#db/client'
import {
  attendeeRsvps,
  attendees,
  events,
  organisations,
  partnerContacts,
  partners,
  programmeItemContactRsvps,
  programmeItems,
} from '#db/schema/index'
import { localized, translate, type Locale } from '~/locales'
import { queueEmail } from '~/modules/mail/send.server'

/**
 * The organiser's daily mail: every RSVP recorded since the last digest, one line each, in the
 * organisation's language, sent to its organiser mailbox. Rows are marked in the same
 * transaction as the mail is queued, so a change is reported once.
 */
export async function sendRsvpDigests(now = new Date(), db = getDb()) {
  return db.transaction(async (tx) => {
    const contactRows = await tx
      .select({
        organisationId: events.organisationId,
        programmeItemId: programmeItemContactRsvps.programmeItemId,
        partnerContactId: programmeItemContactRsvps.partnerContactId,
        partstat: programmeItemContactRsvps.partstat,
        contact: partnerContacts.name,
        partner: partners.name,
        session: programmeItems.title,
        event: events.title,
      })
      .from(programmeItemContactRsvps)
      .innerJoin(programmeItems, eq(programmeItems.id, programmeItemContactRsvps.programmeItemId))
      .innerJoin(events, eq(events.id, programmeItems.eventId))
      .innerJoin(partnerContacts, eq(partnerContacts.id, programmeItemContactRsvps.partnerContactId))
      .innerJoin(partners, eq(partners.id, partnerContacts.partnerId))
      .where(isNull(programmeItemContactRsvps.digestedAt))
      .orderBy(events.startsAt, programmeItems.startsAt, partnerContacts.name)
      .for('update', { of: programmeItemContactRsvps, skipLocked: true })
    const attendeeRows = await tx
      .select({
        organisationId: events.organisationId,
        attendeeId: attendeeRsvps.attendeeId,
        partstat: attendeeRsvps.partstat,
        firstName: attendees.firstName,
        lastName: attendees.lastName,
        event: events.title,
      })
      .from(attendeeRsvps)
      .innerJoin(attendees, eq(attendees.id, attendeeRsvps.attendeeId))
      .innerJoin(events, eq(events.id, attendees.eventId))
      .where(isNull(attendeeRsvps.digestedAt))
      .orderBy(events.startsAt, attendees.lastName)
      .for('update', { of: attendeeRsvps, skipLocked: true })
    const orgIds = [...new Set([...contactRows, ...attendeeRows].map((r) => r.organisationId))]
    if (orgIds.length === 0) return { mails: 0, changes: 0 }
    const orgs = await tx
      .select({ id: organisations.id, mailbox: organisations.organiserMailbox, locale: organisations.defaultLocale, name: organisations.name })
      .from(organisations)
      .where(inArray(organisations.id, orgIds))
    const day = now.toISOString().slice(0, 10)
    for (const org of orgs) {
      const locale: Locale = org.locale
      const answer = (p: string) => translate(locale, `inbound.partstat.${p}` as never)
      const lines = [
        ...contactRows
          .filter((r) => r.organisationId === org.id)
          .map((r) => `${r.contact} (${r.partner}) — ${localized(r.session, locale)}, ${localized(r.event, locale)}${translate(locale, 'common.colon')} ${answer(r.partstat)}`),
        ...attendeeRows
          .filter((r) => r.organisationId === org.id)
          .map((r) => `${r.firstName} ${r.lastName} — ${localized(r.event, locale)}${translate(locale, 'common.colon')} ${answer(r.partstat)}`),
      ]
      await queueEmail(tx, {
        dedupeKey: `inbound.rsvp-digest:${org.id}:${day}:${lines.length}:${now.getTime()}`,
        kind: 'inbound.rsvp-digest',
        toAddress: org.mailbox,
        locale,
        payload: {
          template: 'rsvp-digest',
          recipient: { type: 'address', email: org.mailbox, name: org.name, locale },
          organisationId: org.id,
          data: { message: { subject: '', body: lines.join('\n') } },
        },
      })
    }
    for (const r of contactRows)
      await tx
        .update(programmeItemContactRsvps)
        .set({ digestedAt: now })
        .where(and(eq(programmeItemContactRsvps.programmeItemId, r.programmeItemId), eq(programmeItemContactRsvps.partnerContactId, r.partnerContactId)))
    if (attendeeRows.length > 0)
      await tx.update(attendeeRsvps).set({ digestedAt: now }).where(inArray(attendeeRsvps.attendeeId, attendeeRows.map((r) => r.attendeeId)))
    return { mails: orgs.length, changes: contactRows.length + attendeeRows.length }
  })
}
