import { describe, expect, it } from 'vitest'
import { eq, sql } from 'drizzle-orm'
import { getDb } from '#db/client'
import { attendees, auditEntries, events, registrations } from '#db/schema/index'
import { runRetention } from '~/modules/privacy/retention.server'
import { invoiceSnapshot, seedPersonEverywhere } from './fixtures'

async function endEvent(eventId: string, daysAgo: number) {
  const end = new Date(Date.now() - daysAgo * 24 * 3600_000)
  await getDb().update(events).set({ startsAt: new Date(end.getTime() - 3 * 24 * 3600_000), endsAt: end }).where(eq(events.id, eventId))
}

describe('retention job', () => {
  it('clears health and phone 30 days after the mission returns, not before', async () => {
    const recent = await seedPersonEverywhere()
    const old = await seedPersonEverywhere()
    await endEvent(recent.fixture.event.id, 10)
    await endEvent(old.fixture.event.id, 40)
    const report = await runRetention()
    expect(report.travel_after_return).toBeGreaterThanOrEqual(1)
    const [kept] = await getDb().select().from(attendees).where(eq(attendees.id, recent.me.id))
    expect(kept).toMatchObject({ needs: 'Fauteuil roulant', phone: '+596 696 00 00 00' })
    const [cleared] = await getDb().select().from(attendees).where(eq(attendees.id, old.me.id))
    expect(cleared).toMatchObject({ needs: null, phone: null, firstName: old.me.firstName })
    const runs = await getDb().select().from(auditEntries).where(sql`${auditEntries.action} = 'privacy.retention' and ${auditEntries.data}->>'rule' = 'travel_after_return'`)
    expect(runs.length).toBeGreaterThan(0)
  })

  it('pseudonymises people with no registration for 3 years; invoices unchanged; funder lists under hold kept; idempotent', async () => {
    const gone = await seedPersonEverywhere()
    const held = await seedPersonEverywhere({ funder: true })
    await endEvent(gone.fixture.event.id, 4 * 365)
    await endEvent(held.fixture.event.id, 4 * 365)
    const invoiceBefore = await invoiceSnapshot(gone.invoice.id)
    await runRetention()
    const [me] = await getDb().select().from(attendees).where(eq(attendees.id, gone.me.id))
    expect(me.firstName).toBe('Personne')
    expect(me.email).toMatch(/@erased\.invalid$/)
    const [reg] = await getDb().select().from(registrations).where(eq(registrations.id, gone.registration.id))
    expect(reg.contactEmail).toMatch(/@erased\.invalid$/)
    expect(reg.totalMinor).toBe(gone.registration.totalMinor)
    expect(await invoiceSnapshot(gone.invoice.id)).toEqual(invoiceBefore)
    // Funder paid within PRIVACY_FUNDER_LIST_YEARS: the attendance list keeps its names.
    const [listed] = await getDb().select().from(attendees).where(eq(attendees.id, held.me.id))
    expect(listed.firstName).toBe(held.me.firstName)
    expect(listed.lastName).toBe(held.me.lastName)
    const snapshot = JSON.stringify(await getDb().select().from(attendees).where(eq(attendees.registrationId, gone.registration.id)).orderBy(attendees.id))
    const second = await runRetention()
    expect(JSON.stringify(await getDb().select().from(attendees).where(eq(attendees.registrationId, gone.registration.id)).orderBy(attendees.id))).toBe(snapshot)
    expect(second.contact_inactive).toBe(0)
  })
})
