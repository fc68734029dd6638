import { getTableConfig, PgTable } from 'drizzle-orm/pg-core'
import * as schema from '#db/schema/index'

/** Every drizzle table of the schema: SQL name → its columns (schema property names). */
export function schemaColumns(): Record<string, string[]> {
  const out: Record<string, string[]> = {}
  for (const value of Object.values(schema)) {
    if (!(value instanceof PgTable)) continue
    const config = getTableConfig(value)
    out[config.name] = config.columns.map((c) => c.name)
  }
  return out
}
