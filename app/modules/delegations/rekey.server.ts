import { eq } from 'drizzle-orm'
import type { DbOrTx } from '#db/client'
import { delegates } from '#db/schema/index'
import { decryptField, encryptField, needsRekey } from './crypto.server'

const FIELDS = [
  ['passportName', 'passportNameEnc'],
  ['passportNumber', 'passportNumberEnc'],
  ['passportCountry', 'passportCountryEnc'],
  ['passportExpiry', 'passportExpiryEnc'],
  ['nationality', 'nationalityEnc'],
  ['birthDate', 'birthDateEnc'],
  ['travelAuthorisationKind', 'travelAuthorisationKindEnc'],
  ['travelAuthorisationNumber', 'travelAuthorisationNumberEnc'],
  ['travelAuthorisationValidUntil', 'travelAuthorisationValidUntilEnc'],
] as const

/**
 * Key rotation: rewrites every travel-identity value not written with the current
 * `DATA_ENCRYPTION_KEY` (read with a key of `DATA_ENCRYPTION_OLD_KEYS`). Idempotent; returns
 * the number of rows rewritten (of one event when given). Once it reports 0, the old keys can be dropped.
 */
export async function rekeyTravelData(db: DbOrTx, options: { eventId?: string } = {}): Promise<number> {
  const rows = await (options.eventId ? db.select().from(delegates).where(eq(delegates.eventId, options.eventId)) : db.select().from(delegates))
  let rewritten = 0
  for (const row of rows) {
    const set: Partial<typeof delegates.$inferInsert> = {}
    for (const [field, column] of FIELDS)
      if (needsRekey(row[column])) set[column] = encryptField(decryptField(row[column], field, row.attendeeId), field, row.attendeeId)
    if (Object.keys(set).length) {
      await db.update(delegates).set(set).where(eq(delegates.attendeeId, row.attendeeId))
      rewritten++
    }
  }
  return rewritten
}
