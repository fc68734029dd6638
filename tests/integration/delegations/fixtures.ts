import { expect } from 'vitest'
import { eq } from 'drizzle-orm'
import { getDb } from '#db/client'
import { attendees, events } from '#db/schema/index'
import { registerCompany } from '~/modules/registration/intake.server'
import { ensureDelegates } from '~/modules/delegations/identity.server'
import { createTestEvent, registrationInput } from '../../factories'

/** A delegation to Miami, 10–12 March 2027 (Miami on daylight saving time from 14 March). */
export async function createDelegation() {
  return createTestEvent(getDb(), {
    kind: 'delegation',
    timezone: 'America/New_York',
    startsAt: new Date('2027-03-10T13:00:00Z'),
    endsAt: new Date('2027-03-12T22:00:00Z'),
  })
}

/** A company registered (free, confirmed) with `count` delegates; returns the registration and attendee ids. */
export async function joinDelegation(event: Awaited<ReturnType<typeof createDelegation>>, count = 1) {
  const result = await registerCompany(registrationInput(event, { [event.ticket.guest]: count }))
  expect(result.status).toBe('confirmed')
  await ensureDelegates(getDb(), event.id)
  const rows = await getDb().select({ id: attendees.id }).from(attendees).where(eq(attendees.registrationId, result.registrationId))
  return { registrationId: result.registrationId, attendeeIds: rows.map((r) => r.id) }
}

export async function organisationOf(eventId: string) {
  const [row] = await getDb().select({ organisationId: events.organisationId }).from(events).where(eq(events.id, eventId))
  return row.organisationId
}
