import { sql } from 'drizzle-orm'
import { customType, timestamp, uuid } from 'drizzle-orm/pg-core'

/** An instant: always `timestamptz`, always read back as a JS Date in UTC. */
export const timestamptz = (name?: string) =>
  name ? timestamp(name, { withTimezone: true, mode: 'date' }) : timestamp({ withTimezone: true, mode: 'date' })

export const id = () => uuid().primaryKey().default(sql`gen_random_uuid()`)

export const createdAt = () => timestamptz().notNull().defaultNow()
export const updatedAt = () =>
  timestamptz()
    .notNull()
    .defaultNow()
    .$onUpdate(() => new Date())

export const timestamps = { createdAt: createdAt(), updatedAt: updatedAt() }

/** A text a person reads, written once per locale. French is always present. */
export type LocalizedText = { fr: string; en: string }

/** Raw octets kept exactly as received (a mail, a signature image, a scanned sheet). */
export const bytea = customType<{ data: Buffer; driverData: Buffer }>({
  dataType: () => 'bytea',
  toDriver: (value) => value,
  fromDriver: (value) => Buffer.from(value),
})
