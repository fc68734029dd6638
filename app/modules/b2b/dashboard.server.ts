/** What the organiser reads about a meetup: counts, quiet companies, sessions, meetings, and the schedule export. */
import { asc, eq } from 'drizzle-orm'
import { getDb, type DbOrTx } from '#db/client'
import { b2bParticipants, companies } from '#db/schema/index'
import { translate, type Locale } from '~/locales'
import { describeInstant } from '~/utils/time'
import { quietCompanies, requestCounts, settingsOf } from './requests.server'
import { meetingsOfEvent } from './scheduling.server'
import { sessionsOf } from './sessions.server'

export async function dashboardOf(event: { id: string; timezone: string }, locale: Locale, db: DbOrTx = getDb()) {
  const [settings, counts, quiet, frame, meetings, participants] = await Promise.all([
    settingsOf(event.id, db),
    requestCounts(event.id, db),
    quietCompanies(event.id, db),
    sessionsOf(event.id, db),
    meetingsOfEvent(event.id, db),
    db
      .select({ companyId: b2bParticipants.companyId, name: companies.name, role: b2bParticipants.role })
      .from(b2bParticipants)
      .innerJoin(companies, eq(companies.id, b2bParticipants.companyId))
      .where(eq(b2bParticipants.eventId, event.id))
      .orderBy(asc(companies.name)),
  ])
  return {
    settings: { requestExpiryHours: settings.requestExpiryHours, maxOpenRequests: settings.maxOpenRequests, slotMinutes: settings.slotMinutes, publishedAt: settings.schedulePublishedAt },
    counts,
    withoutProfile: quiet.filter((c) => !c.hasProfile).map((c) => c.name),
    withoutRequests: quiet.filter((c) => !c.hasRequests).map((c) => c.name),
    sessions: frame.sessions.map((s) => ({
      id: s.id,
      when: describeInstant(s.startsAt, event.timezone, locale),
      slots: frame.slots.filter((slot) => slot.sessionId === s.id).length,
      tables: s.tableCount,
    })),
    participants,
    meetings: meetings.map((m) => ({
      id: m.id,
      when: describeInstant(m.startsAt, event.timezone, locale),
      table: m.tableLabel ?? String(m.tableNumber),
      companyA: m.companyA,
      companyB: m.companyB,
      delegateA: m.delegateA,
      delegateB: m.delegateB,
      status: m.status,
      locked: m.locked,
    })),
  }
}

/** The schedule as rows for the CSV export (header first), times in the event's zone with Martinique's. */
export async function* scheduleRows(event: { id: string; timezone: string }, locale: Locale, db: DbOrTx = getDb()): AsyncGenerator<string[][]> {
  const h = (key: 'start' | 'end' | 'table' | 'companyA' | 'delegateA' | 'companyB' | 'delegateB' | 'status') => translate(locale, `b2b.admin.csv.${key}`)
  yield [[h('start'), h('end'), h('table'), h('companyA'), h('delegateA'), h('companyB'), h('delegateB'), h('status')]]
  const meetings = await meetingsOfEvent(event.id, db)
  yield meetings.map((m) => [
    describeInstant(m.startsAt, event.timezone, locale),
    describeInstant(m.endsAt, event.timezone, locale),
    m.tableLabel ?? String(m.tableNumber),
    m.companyA,
    m.delegateA,
    m.companyB,
    m.delegateB,
    translate(locale, `b2b.admin.status.${m.status}`),
  ])
}
