import { and, eq, gt } from 'drizzle-orm'
import type { DbOrTx } from '#db/client'
import { events, managementTokens, registrations } from '#db/schema/index'
import { getEnv } from '~/utils/env.server'
import { hashToken, randomToken } from '~/utils/tokens.server'

/**
 * Mints a private management link for a registration: an unguessable token whose SHA-256 only
 * is stored, valid until the event ends. Call it when you show or mail the link.
 */
export async function issueManagementLink(tx: DbOrTx, registrationId: string, locale: 'fr' | 'en') {
  const [row] = await tx
    .select({ endsAt: events.endsAt })
    .from(registrations)
    .innerJoin(events, eq(events.id, registrations.eventId))
    .where(eq(registrations.id, registrationId))
  if (!row) throw new Error(`registration ${registrationId} not found`)
  const link = mintManagementLink(registrationId, row.endsAt, locale)
  await tx.insert(managementTokens).values(link.row)
  return { token: link.token, url: link.url }
}

/**
 * A new management link and the row that makes it valid (to insert before the link is shown;
 * the mail module inserts a whole batch's rows at once). `expiresAt` is the event's end.
 */
export function mintManagementLink(registrationId: string, expiresAt: Date, locale: 'fr' | 'en') {
  const token = randomToken()
  return {
    token,
    url: `${getEnv().PUBLIC_URL}/${locale}/manage/${token}`,
    row: { tokenHash: hashToken(token), registrationId, expiresAt } satisfies typeof managementTokens.$inferInsert,
  }
}

/** The registration a management token opens, or null when wrong or expired. */
export async function resolveManagementToken(tx: DbOrTx, token: string): Promise<string | null> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null
  const [row] = await tx
    .select({ registrationId: managementTokens.registrationId })
    .from(managementTokens)
    .where(and(eq(managementTokens.tokenHash, hashToken(token)), gt(managementTokens.expiresAt, new Date())))
  return row?.registrationId ?? null
}
