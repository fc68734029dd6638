import { describe, expect, it } from 'vitest'
import { DATA_CATEGORIES, LEGAL_BASES, PRIVACY_INVENTORY, RETENTION_RULES, inventoryGaps, inventoryRows } from '~/modules/privacy/inventory'
import { schemaColumns } from '~/modules/privacy/schema-columns'

describe('personal-data inventory', () => {
  it('tags every column of every drizzle table, and lists no column that no longer exists', () => {
    const { untagged, stale } = inventoryGaps(schemaColumns())
    expect(untagged, `untagged columns: add them to app/modules/privacy/inventory.ts`).toEqual([])
    expect(stale, `columns in the inventory that are not in the schema`).toEqual([])
  })

  it('fails on a new, untagged column or table', () => {
    const actual = schemaColumns()
    actual.attendee = [...actual.attendee, 'passportNumber']
    actual.delegation_traveller = ['id', 'passportNumber']
    expect(inventoryGaps(actual).untagged).toEqual(['attendee.passportNumber', 'delegation_traveller.id', 'delegation_traveller.passportNumber'])
  })

  it('uses known categories, legal bases and retention rules; a column is tagged once', () => {
    const seen = new Set<string>()
    for (const row of inventoryRows()) {
      expect(DATA_CATEGORIES).toContain(row.category)
      expect(LEGAL_BASES).toContain(row.basis)
      expect(Object.keys(RETENTION_RULES)).toContain(row.retention)
      const key = `${row.table}.${row.column}`
      expect(seen.has(key), `${key} tagged twice`).toBe(false)
      seen.add(key)
    }
    // Personal data is really flagged where it obviously lives.
    expect(PRIVACY_INVENTORY.attendee.personal).toMatchObject({ email: 'contact', phone: 'contact', needs: 'health' })
    expect(PRIVACY_INVENTORY.invoice.retention).toBe('legal_hold_invoice')
  })
})

describe('generated inventory page', () => {
  it('docs/privacy-inventory.md is up to date (npm run privacy:inventory)', async () => {
    const { readFileSync } = await import('node:fs')
    const { inventoryMarkdown } = await import('~/modules/privacy/inventory-doc')
    expect(readFileSync('docs/privacy-inventory.md', 'utf8')).toBe(inventoryMarkdown())
  })
})
