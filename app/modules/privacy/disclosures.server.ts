import { desc, eq } from 'drizzle-orm'
import type { DbOrTx } from '#db/client'
import { events, privacyDisclosures, users } from '#db/schema/index'

export type Disclosure = {
  organisationId?: string | null
  userId?: string | null
  eventId?: string | null
  /** e.g. `attendees.csv`, `attendees.xlsx`, `b2b.schedule.csv`, `subject-access.json`. */
  channel: string
  fields: string[]
  rowCount?: number | null
  recipient?: string | null
}

/** Records that personal data left the platform (in the caller's transaction when there is one). */
export async function recordDisclosure(tx: DbOrTx, d: Disclosure) {
  await tx.insert(privacyDisclosures).values({
    organisationId: d.organisationId ?? null,
    userId: d.userId ?? null,
    eventId: d.eventId ?? null,
    channel: d.channel,
    fields: d.fields,
    rowCount: d.rowCount ?? null,
    recipient: d.recipient ?? null,
  })
}

/** The latest disclosures of an organisation (back office). */
export async function listDisclosures(db: DbOrTx, organisationId: string, limit = 100) {
  return db
    .select({
      id: privacyDisclosures.id,
      channel: privacyDisclosures.channel,
      fields: privacyDisclosures.fields,
      rowCount: privacyDisclosures.rowCount,
      createdAt: privacyDisclosures.createdAt,
      userName: users.name,
      eventTitle: events.title,
    })
    .from(privacyDisclosures)
    .leftJoin(users, eq(users.id, privacyDisclosures.userId))
    .leftJoin(events, eq(events.id, privacyDisclosures.eventId))
    .where(eq(privacyDisclosures.organisationId, organisationId))
    .orderBy(desc(privacyDisclosures.createdAt))
    .limit(limit)
}
