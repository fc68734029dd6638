import { and, eq, gt } from 'drizzle-orm'
import type { DbOrTx } from '#db/client'
import { managementTokens } from '#db/schema/index'
import { getEnv } from '~/utils/env.server'
import { hashToken, randomToken } from '~/utils/tokens.server'

/**
 * A new private management link for a registration — an unguessable token whose SHA-256 only is
 * stored — and the row that makes it valid, to insert before the link is shown (registering
 * inserts it with the registration's rows, the mail module a whole batch's rows at once).
 * `expiresAt` is the event's end.
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
