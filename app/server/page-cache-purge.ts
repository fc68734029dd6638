import postgres from 'postgres'
import { logger } from '~/utils/logger.server'
import type { PageCache } from './page-cache'

/** Written by the database's triggers (migration 0007) when a public page's content changes. */
export const PURGE_CHANNEL = 'passerelle_public_pages'

/**
 * Keeps this process's micro-cache true across processes: every write that changes a public page
 * notifies (at commit, from whichever process or script wrote it), and each web process drops the
 * pages concerned. On each (re)connection the whole cache is dropped, since notifications sent
 * while the connection was down are lost. See docs/decisions/023-public-page-purge.md.
 */
export async function listenForPurges(databaseUrl: string, cache: PageCache): Promise<() => Promise<void>> {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {}, connection: { application_name: 'passerelle-page-cache' } })
  try {
    await sql.listen(
      PURGE_CHANNEL,
      (slug) => cache.purge(slug),
      () => cache.purge('*'),
    )
  } catch (error) {
    // The database is not there yet: postgres.js retries the LISTEN; the cache keeps its short TTL meanwhile.
    logger.warn({ err: error }, 'page cache: not listening for purges yet')
  }
  return () => sql.end({ timeout: 2 })
}
