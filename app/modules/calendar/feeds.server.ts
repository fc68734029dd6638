import { and, eq, isNull } from 'drizzle-orm'
import { getDb, type DbOrTx } from '#db/client'
import {
  attendees,
  calendarFeedTokens,
  events,
  organisations,
  partnerContacts,
  programmeItemContacts,
  programmeItems,
} from '#db/schema/index'
import { translate, localized, type Locale } from '~/locales'
import { getEnv } from '~/utils/env.server'
import { hashToken, randomToken } from '~/utils/tokens.server'
import { eventEntry, organiserOf, programmeItemEntry } from './entries.server'
import { buildCalendar, type CalendarEntry } from './ics.server'

/**
 * PUBLISH calendars: the public .ics of an event and private subscription feeds. Their UIDs
 * differ from the invitations' (prefix `publish-`), so a calendar that holds both an invitation
 * and a feed never mixes them.
 */
function publishUid(kind: 'event' | 'item' | 'attendee' | 'contact', id: string) {
  const host = new URL(getEnv().PUBLIC_URL).hostname
  return `publish-${kind}-${id}@${host}`
}

export const CALENDAR_CONTENT_TYPE = 'text/calendar; charset=utf-8; method=PUBLISH'

async function organisationOf(db: DbOrTx, organisationId: string) {
  const [org] = await db.select().from(organisations).where(eq(organisations.id, organisationId))
  return org
}

/** The public .ics of a published event (the event and its sessions); null when not public. */
export async function publicEventCalendar(slug: string, locale: Locale, db: DbOrTx = getDb()) {
  const [event] = await db.select().from(events).where(eq(events.slug, slug))
  if (!event || event.status === 'draft') return null
  const org = await organisationOf(db, event.organisationId)
  const items = await db.select().from(programmeItems).where(eq(programmeItems.eventId, event.id)).orderBy(programmeItems.startsAt)
  const entries: CalendarEntry[] = [
    eventEntry(event, locale, { uid: publishUid('event', event.id), sequence: event.calendarSequence }),
    ...items.map((item) => programmeItemEntry(item, event, locale, { uid: publishUid('item', item.id), sequence: item.calendarSequence })),
  ]
  return buildCalendar({ method: 'PUBLISH', organiser: organiserOf(org), name: localized(event.title, locale), entries })
}

/** Mints a private feed URL for an attendee or a partner contact (only the token's hash is stored). */
export async function issueCalendarFeed(tx: DbOrTx, owner: { attendeeId: string } | { partnerContactId: string }) {
  const token = randomToken()
  await tx.insert(calendarFeedTokens).values({
    tokenHash: hashToken(token),
    attendeeId: 'attendeeId' in owner ? owner.attendeeId : null,
    partnerContactId: 'partnerContactId' in owner ? owner.partnerContactId : null,
  })
  return { token, url: `${getEnv().PUBLIC_URL}/calendar/feed/${token}.ics` }
}

/** The private feed a token opens (PUBLISH), or null when unknown or revoked. */
export async function privateFeedCalendar(token: string, db: DbOrTx = getDb()) {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null
  const [feed] = await db
    .select()
    .from(calendarFeedTokens)
    .where(and(eq(calendarFeedTokens.tokenHash, hashToken(token)), isNull(calendarFeedTokens.revokedAt)))
  if (!feed) return null

  if (feed.attendeeId) {
    const [row] = await db
      .select({ attendee: attendees, event: events })
      .from(attendees)
      .innerJoin(events, eq(events.id, attendees.eventId))
      .where(eq(attendees.id, feed.attendeeId))
    if (!row) return null
    const { attendee, event } = row
    const locale = attendee.locale
    const org = await organisationOf(db, event.organisationId)
    const entries =
      attendee.status === 'active'
        ? [eventEntry(event, locale, { uid: publishUid('attendee', attendee.id), sequence: attendee.calendarSequence })]
        : []
    return buildCalendar({
      method: 'PUBLISH',
      organiser: organiserOf(org),
      name: translate(locale, 'mail.calendar.feedNameEvent', { event: localized(event.title, locale), org: org.name }),
      entries,
    })
  }

  const [contact] = await db.select().from(partnerContacts).where(eq(partnerContacts.id, feed.partnerContactId!))
  if (!contact) return null
  const rows = await db
    .select({ item: programmeItems, event: events, sequence: programmeItemContacts.calendarSequence })
    .from(programmeItemContacts)
    .innerJoin(programmeItems, eq(programmeItems.id, programmeItemContacts.programmeItemId))
    .innerJoin(events, eq(events.id, programmeItems.eventId))
    .where(eq(programmeItemContacts.partnerContactId, contact.id))
    .orderBy(programmeItems.startsAt)
  const [org] = rows[0] ? [await organisationOf(db, rows[0].event.organisationId)] : await db.select().from(organisations).limit(1)
  const locale = contact.locale
  return buildCalendar({
    method: 'PUBLISH',
    organiser: organiserOf(org),
    name: translate(locale, 'mail.calendar.feedName', { org: org.name }),
    entries: rows
      .filter((r) => r.event.status !== 'draft')
      .map((r) =>
        programmeItemEntry(r.item, r.event, locale, { uid: publishUid('contact', `${contact.id}-${r.item.id}`), sequence: r.sequence }),
      ),
  })
}
