import { lt } from 'drizzle-orm'
import { getDb } from '#db/client'
import { rateLimits, sessions } from '#db/schema/index'
import type { JobHandlers } from '~/jobs/contracts'
import { logger } from '~/utils/logger.server'

/** Deletes expired sessions and stale rate-limit windows. Safe to run any number of times. */
export async function cleanupExpiredSessions(now = new Date()) {
  const db = getDb()
  const deleted = await db.delete(sessions).where(lt(sessions.expiresAt, now)).returning({ tokenHash: sessions.tokenHash })
  await db.delete(rateLimits).where(lt(rateLimits.windowStart, new Date(now.getTime() - 24 * 3600_000)))
  return deleted.length
}

export const authJobHandlers: JobHandlers<'auth.cleanup-sessions'> = {
  'auth.cleanup-sessions': {
    handler: async () => {
      const removed = await cleanupExpiredSessions()
      if (removed) logger.info({ removed }, 'expired sessions removed')
    },
  },
}
