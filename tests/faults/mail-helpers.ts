/** Mail-side checks shared by the mail scenarios: rows by status, and "organiser" actions. */
import { and, eq, inArray, sql } from 'drizzle-orm'
import { getDb } from '#db/client'
import { emailMessages } from '#db/schema/index'

export async function statusCounts(eventId: string): Promise<Record<string, number>> {
  const rows = await getDb()
    .select({ status: emailMessages.status, count: sql<number>`count(*)::int` })
    .from(emailMessages)
    .where(eq(emailMessages.eventId, eventId))
    .groupBy(emailMessages.status)
  return Object.fromEntries(rows.map((r) => [r.status, r.count]))
}

export async function rowsOf(eventId: string) {
  return getDb()
    .select({ id: emailMessages.id, status: emailMessages.status, lastError: emailMessages.lastError, toAddress: emailMessages.toAddress })
    .from(emailMessages)
    .where(eq(emailMessages.eventId, eventId))
}

/**
 * What pg-boss's supervisor does once a dead worker's jobs pass their expiry (180 s for
 * `email.send`), and what 5 minutes do to a claim left `sending`: done at once, so that the
 * suite does not wait out those delays. Only rows and jobs of a process that is already dead.
 */
export async function fastForwardAfterCrash(ids: string[]) {
  const db = getDb()
  const expired = await db.execute(sql`
    update pgboss.job set state = 'retry', start_after = now()
    where name = 'email.send' and state = 'active'`)
  const stale = await db
    .update(emailMessages)
    .set({ claimedAt: sql`${emailMessages.claimedAt} - interval '10 minutes'` })
    .where(and(inArray(emailMessages.id, ids), eq(emailMessages.status, 'sending')))
    .returning({ id: emailMessages.id })
  return { expiredJobs: (expired as unknown as { count?: number }).count ?? 0, staleClaims: stale.length }
}
