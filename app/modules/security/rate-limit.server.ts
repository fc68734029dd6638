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

/** The client's address (X-Forwarded-For is only trusted with TRUST_PROXY, set by Express). */
export function clientIp(request: Request): string {
  const forwarded = request.headers.get('x-forwarded-for')
  if (process.env.TRUST_PROXY === 'true' && forwarded) return forwarded.split(',')[0].trim()
  return request.headers.get('x-real-ip') ?? 'local'
}
