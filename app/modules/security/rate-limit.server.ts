import { sql } from 'drizzle-orm'
import { getDb } from '#db/client'

export type RateLimitResult = { allowed: boolean; hits: number; retryAfterSeconds: number }

/**
 * Fixed-window counter in PostgreSQL, shared by every web instance: one atomic upsert per hit.
 * `key` names the bucket, e.g. `sign-in:email:<address>` or `register:ip:<ip>`.
 */
export async function hitRateLimit(key: string, limit: number, windowSeconds: number): Promise<RateLimitResult> {
  const rows = await getDb().execute<{ hits: number; window_start: Date }>(sql`
    insert into rate_limit (key, window_start, hits) values (${key}, now(), 1)
    on conflict (key) do update set
      hits = case when rate_limit.window_start < now() - make_interval(secs => ${windowSeconds}) then 1 else rate_limit.hits + 1 end,
      window_start = case when rate_limit.window_start < now() - make_interval(secs => ${windowSeconds}) then now() else rate_limit.window_start end
    returning hits, window_start`)
  const row = rows[0]
  const hits = Number(row.hits)
  const windowStart = new Date(row.window_start)
  const retryAfterSeconds = Math.max(1, Math.ceil((windowStart.getTime() + windowSeconds * 1000 - Date.now()) / 1000))
  return { allowed: hits <= limit, hits, retryAfterSeconds }
}

/**
 * Gives back one hit of `key`'s current window: for limits that should count only what went
 * wrong (a sign-in that succeeds is not a guess), the caller counts first, then refunds.
 */
export async function refundRateLimit(key: string): Promise<void> {
  await getDb().execute(sql`update rate_limit set hits = greatest(hits - 1, 0) where key = ${key}`)
}

/** Set by the HTTP server from the socket (or, with TRUST_PROXY, the proxy's X-Forwarded-For). */
export const CLIENT_IP_HEADER = 'x-passerelle-client-ip'

/**
 * The client's address as the HTTP server saw it. The server overwrites this header on every
 * request, so a client cannot choose its own address to dodge a limit. Requests built without
 * the server (tests, scripts) have none: 'local'.
 */
export function clientIp(request: Request): string {
  return request.headers.get(CLIENT_IP_HEADER) || 'local'
}
