/** `npm run privacy:inventory`: writes docs/privacy-inventory.md and fails when a column is untagged. */
import { writeFileSync } from 'node:fs'
import { inventoryGaps } from './inventory'
import { inventoryMarkdown } from './inventory-doc'
import { schemaColumns } from './schema-columns'

const { untagged, stale } = inventoryGaps(schemaColumns())
if (untagged.length > 0 || stale.length > 0) {
  console.error(`Untagged columns: ${untagged.join(', ') || 'none'}\nStale entries: ${stale.join(', ') || 'none'}\nTag them in app/modules/privacy/inventory.ts.`)
  process.exit(1)
}
writeFileSync('docs/privacy-inventory.md', inventoryMarkdown())
console.log('docs/privacy-inventory.md written')
