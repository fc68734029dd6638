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
  const token = randomToken()
  await tx.insert(managementTokens).values({ tokenHash: hashToken(token), registrationId, expiresAt: row.endsAt })
  return { token, url: `${getEnv().PUBLIC_URL}/${locale}/manage/${token}` }
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
