import { describe, expect, it } from 'vitest'
import { eq } from 'drizzle-orm'
import { getDb } from '#db/client'
import { privacyDisclosures } from '#db/schema/index'
import { subjectAccessExport } from '~/modules/privacy/subject-access.server'
import { subjectAccessPdf } from '~/modules/privacy/subject-access-pdf.server'
import { PRIVACY_INVENTORY } from '~/modules/privacy/inventory'
import { seedPersonEverywhere } from './fixtures'

describe('subject access', () => {
  it('gathers the person from every area, with every tagged personal column of those tables, and logs the disclosure', async () => {
    const p = await seedPersonEverywhere()
    const started = Date.now()
    const out = await subjectAccessExport(getDb(), { organisationId: p.fixture.organisationId, email: p.email.toUpperCase(), actor: { label: 'test' } })
    expect(Date.now() - started).toBeLessThan(5000)
    const expected = ['company', 'registration', 'attendee', 'waitlist_entry', 'partner_contact', 'invoice', 'payment', 'email_message', 'privacy_consent', 'audit_entry']
    for (const table of expected) expect(out.tables[table]?.rows.length, table).toBeGreaterThan(0)
    // Every column the inventory tags as personal is in the export for each table found.
    for (const [table, section] of Object.entries(out.tables)) {
      const inventory = PRIVACY_INVENTORY[table]
      expect(inventory, table).toBeDefined()
      for (const column of Object.keys(inventory.personal)) expect(Object.keys(section.rows[0]), `${table}.${column}`).toContain(column)
      expect(section.purpose).toBe(inventory.purpose)
    }
    // Only the person's own delegate row, not the colleagues'.
    expect(out.tables.attendee.rows.map((r) => r.id)).toEqual([p.me.id])
    // Secrets are never handed out.
    expect(out.tables.attendee.rows[0].checkInSecret).toBe('[secret]')
    const json = JSON.stringify(out)
    expect(json).toContain('Fauteuil roulant')
    expect(json).toContain(p.invoice.number)
    const disclosures = await getDb().select().from(privacyDisclosures).where(eq(privacyDisclosures.organisationId, p.fixture.organisationId))
    expect(disclosures).toEqual([expect.objectContaining({ channel: 'subject-access.json', recipient: p.email })])
  })

  it('finds nothing for an unknown address, and nothing of another organisation', async () => {
    const p = await seedPersonEverywhere()
    const other = await seedPersonEverywhere()
    const out = await subjectAccessExport(getDb(), { organisationId: other.fixture.organisationId, email: p.email, actor: { label: 'test' } })
    expect(Object.keys(out.tables).filter((t) => t !== 'audit_entry' && t !== 'email_message')).toEqual([])
  })

  it('renders the same export as a readable PDF', async () => {
    const p = await seedPersonEverywhere()
    const pdf = await subjectAccessPdf(getDb(), { organisationId: p.fixture.organisationId, email: p.email, actor: { label: 'test' }, locale: 'fr' })
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-')
    expect(pdf.length).toBeGreaterThan(2000)
  })
})
