import crypto from 'node:crypto'
import { asc, eq } from 'drizzle-orm'
import { getDb } from '#db/client'
import { attendees, eventPartners, meetingFollowUps, meetings, meetingSlots, meetingTables, partners, registrations } from '#db/schema/index'
import { addSession } from '~/modules/b2b/sessions.server'
import { saveCompanyLegal, saveYearFigures } from '~/modules/companies/master-data.server'
import { registerCompany } from '~/modules/registration/intake.server'
import { createTestEvent, registrationInput, uniqueSuffix } from '../../factories'

export async function createFunder(organisationId: string, name = 'Région test') {
  const [row] = await getDb()
    .insert(partners)
    .values({ organisationId, slug: `funder-${uniqueSuffix()}`, name, kind: 'public_body', isFunder: true })
    .returning()
  return row
}

export async function registerDelegates(event: { id: string; ticket: Record<string, string> }, name: string, delegates: number, country = 'MQ') {
  const input = registrationInput(event, { [event.ticket.guest]: delegates }, { emailPrefix: `${name.toLowerCase().replace(/\W+/g, '')}-${uniqueSuffix()}` })
  input.company = { ...input.company, name, country }
  const result = await registerCompany(input)
  if (result.status !== 'confirmed') throw new Error(`registration ${result.status}`)
  const [reg] = await getDb().select().from(registrations).where(eq(registrations.id, result.registrationId))
  const people = await getDb().select().from(attendees).where(eq(attendees.registrationId, reg.id)).orderBy(asc(attendees.lastName))
  return { companyId: reg.companyId, registrationId: reg.id, attendeeIds: people.map((p) => p.id) }
}

const at = (iso: string) => new Date(iso)

/**
 * A B2B mission on 10 March 2027 (Miami) with a known answer for every indicator:
 * - A (MQ, micro, woman-led, 2 delegates, 1 checked in), B (MQ, medium, 1 delegate), C (US, no figures, 1 delegate, checked in);
 * - meeting A–C held (cross-border), meeting A–B with a no-show (not held);
 * - follow-ups: A at 6 months agreement (5,000.00 USD), C at 6 months talks (2,000.00) then at 12 months agreement (10,000.00).
 */
export async function createMission() {
  const db = getDb()
  const event = await createTestEvent(db, {
    kind: 'b2b_meetup',
    timezone: 'America/New_York',
    startsAt: at('2027-03-10T13:00:00Z'),
    endsAt: at('2027-03-10T22:00:00Z'),
  })
  await addSession({ id: event.id, timezone: 'America/New_York' }, { day: '2027-03-10', startTime: '09:00', endTime: '10:00', slotMinutes: 20, tableCount: 2, breaks: [] })
  const funder = await createFunder(event.organisationId, `Région ${uniqueSuffix()}`)
  const other = await createFunder(event.organisationId, `Consulat ${uniqueSuffix()}`)
  await db.insert(eventPartners).values({ eventId: event.id, partnerId: funder.id, role: 'funder' })
  const a = await registerDelegates(event, 'Alpha Rhums', 2, 'MQ')
  const b = await registerDelegates(event, 'Beta Cosmétiques', 1, 'MQ')
  const c = await registerDelegates(event, 'Gamma Foods', 1, 'US')
  await db.update(attendees).set({ checkedInAt: at('2027-03-10T13:05:00Z') }).where(eq(attendees.id, a.attendeeIds[0]))
  await db.update(attendees).set({ checkedInAt: at('2027-03-10T13:10:00Z') }).where(eq(attendees.id, c.attendeeIds[0]))
  await saveCompanyLegal(db, event.organisationId, a.companyId, { siret: '732 829 320 00074', nafCode: '1101Z', womenLed: true })
  await saveYearFigures(db, event.organisationId, a.companyId, { year: 2026, headcount: 5, turnoverEurMinor: 1_000_000_00, balanceSheetEurMinor: 800_000_00 })
  await saveCompanyLegal(db, event.organisationId, b.companyId, { nafCode: '20.42Z', womenLed: false })
  await saveYearFigures(db, event.organisationId, b.companyId, { year: 2026, headcount: 60, turnoverEurMinor: 20_000_000_00, balanceSheetEurMinor: 15_000_000_00 })
  // Figures of a year after the period do not count (2028 > 2027).
  await saveYearFigures(db, event.organisationId, b.companyId, { year: 2028, headcount: 300, turnoverEurMinor: 90_000_000_00, balanceSheetEurMinor: 90_000_000_00 })

  const slots = await db.select().from(meetingSlots).where(eq(meetingSlots.eventId, event.id)).orderBy(asc(meetingSlots.startsAt))
  const tables = await db.select().from(meetingTables).where(eq(meetingTables.eventId, event.id)).orderBy(asc(meetingTables.number))
  const pair = (x: typeof a, y: typeof a) => (x.companyId < y.companyId ? [x, y] : [y, x])
  const meeting = async (x: typeof a, y: typeof a, slot: number, noShow?: string) => {
    const [p, q] = pair(x, y)
    const [row] = await db
      .insert(meetings)
      .values({
        eventId: event.id,
        slotId: slots[slot].id,
        tableId: tables[0].id,
        companyAId: p.companyId,
        companyBId: q.companyId,
        delegateAId: p.attendeeIds[0],
        delegateBId: q.attendeeIds[0],
        status: 'published',
        calendarUid: `${crypto.randomUUID()}@test`,
        noShowCompanyId: noShow ?? null,
      })
      .returning()
    return row
  }
  const ac = await meeting(a, c, 0)
  await meeting(a, b, 1, b.companyId)
  await db.insert(meetingFollowUps).values([
    { meetingId: ac.id, companyId: a.companyId, months: 6, answeredAt: at('2027-09-10T12:00:00Z'), talksStarted: true, agreementReached: true, estimatedValueUsdMinor: 500_000 },
    { meetingId: ac.id, companyId: c.companyId, months: 6, answeredAt: at('2027-09-11T12:00:00Z'), talksStarted: true, agreementReached: false, estimatedValueUsdMinor: 200_000 },
    { meetingId: ac.id, companyId: c.companyId, months: 12, answeredAt: at('2028-03-11T12:00:00Z'), talksStarted: true, agreementReached: true, estimatedValueUsdMinor: 1_000_000 },
  ])
  return { event, funder, other, a, b, c, organisationId: event.organisationId }
}

export const MISSION_INDICATORS = {
  MISSIONS: 1,
  ENT_SUPPORTED: 3,
  ENT_SUPPORTED_MICRO: 1,
  ENT_SUPPORTED_SMALL: 0,
  ENT_SUPPORTED_MEDIUM: 1,
  ENT_SUPPORTED_LARGE: 0,
  ENT_SIZE_UNKNOWN: 1,
  ENT_WOMEN_LED: 1,
  ENT_CROSS_BORDER: 2,
  DELEGATES: 4,
  DELEGATES_ATTENDED: 2,
  B2B_MEETINGS_HELD: 1,
  AGREEMENTS_6M: 1,
  AGREEMENTS_12M: 1,
  EST_CONTRACT_VALUE_USD: 1_500_000,
}
