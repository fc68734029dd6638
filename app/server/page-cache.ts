import type { NextFunction, Request, Response } from 'express'

/**
 * A micro-cache for the public pages anonymous visitors read (home, event list, event page,
 * about): a rendered page is kept a few seconds and replayed byte for byte, headers included
 * (the CSP nonce in the header matches the one in the cached HTML). The busiest moments (a
 * mailing goes out, everyone opens the same event page) then cost one render per few seconds
 * instead of one per visitor. What is shown can be that many seconds old: seats left are always
 * re-checked when someone registers. See docs/decisions/011-public-page-micro-cache.md.
 *
 * Installed after helmet and before compression, so it stores what compression produced and
 * keys on Accept-Encoding.
 */

export type PageCacheOptions = {
  /** How long a page is fresh. 0 turns the cache off. */
  ttlSeconds: number
  /** After that, one request re-renders while the others keep getting the old copy this long. */
  staleSeconds?: number
  maxEntries?: number
  maxBytes?: number
  now?: () => number
}

type Entry = { storedAt: number; status: number; headers: [string, string | string[]][]; body: Buffer; refreshing: boolean }

const PUBLIC_PAGE = /^\/(fr|en)(\/|\/events\/?|\/events\/[a-z0-9-]+\/?|\/about\/?)?$/
/** Pages that list events (home, events): any event's change may show there. */
const LIST_PAGE = /^\/(fr|en)(\/|\/events\/?)?$/
/** A visitor with one of our cookies may see something personal (signed in, company link): never cached. */
const OWN_COOKIE = /(^|;\s*)passerelle_/
const NOT_REPLAYED = new Set(['x-request-id', 'date', 'connection', 'keep-alive', 'transfer-encoding', 'set-cookie'])

export function createPageCache(options: PageCacheOptions) {
  const ttl = options.ttlSeconds * 1000
  const stale = (options.staleSeconds ?? 30) * 1000
  const maxEntries = options.maxEntries ?? 500
  const maxBytes = options.maxBytes ?? 64 * 1024 * 1024
  const now = options.now ?? Date.now
  const entries = new Map<string, Entry>()
  let bytes = 0

  function remember(key: string, entry: Entry) {
    const previous = entries.get(key)
    if (previous) {
      bytes -= previous.body.length
      entries.delete(key)
    }
    entries.set(key, entry)
    bytes += entry.body.length
    // Least recently stored first out.
    for (const [oldKey, old] of entries) {
      if (entries.size <= maxEntries && bytes <= maxBytes) break
      entries.delete(oldKey)
      bytes -= old.body.length
    }
  }

  function replay(res: Response, entry: Entry) {
    for (const [name, value] of entry.headers) res.setHeader(name, value)
    res.setHeader('Age', String(Math.floor((now() - entry.storedAt) / 1000)))
    res.setHeader('X-Page-Cache', 'hit')
    res.status(entry.status).end(res.req.method === 'HEAD' ? undefined : entry.body)
  }

  /** Records what the rest of the stack writes (after compression) and keeps it if it is a plain 200 page. */
  function capture(res: Response, key: string, previous: Entry | undefined) {
    const chunks: Buffer[] = []
    const write = res.write.bind(res) as (...args: unknown[]) => boolean
    const end = res.end.bind(res) as (...args: unknown[]) => Response
    const collect = (chunk: unknown, encoding?: unknown) => {
      if (chunk === undefined || chunk === null || typeof chunk === 'function') return
      chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8'))
    }
    res.write = ((chunk: unknown, ...rest: unknown[]) => {
      collect(chunk, rest[0])
      return write(chunk, ...rest)
    }) as Response['write']
    res.end = ((chunk?: unknown, ...rest: unknown[]) => {
      collect(chunk, rest[0])
      const type = String(res.getHeader('content-type') ?? '')
      const cacheControl = String(res.getHeader('cache-control') ?? '')
      if (res.statusCode === 200 && type.startsWith('text/html') && !res.getHeader('set-cookie') && !/no-store|private/.test(cacheControl)) {
        const headers = Object.entries(res.getHeaders())
          .filter(([name]) => !NOT_REPLAYED.has(name))
          .map(([name, value]) => [name, Array.isArray(value) ? value : String(value)] as [string, string | string[]])
        remember(key, { storedAt: now(), status: 200, headers, body: Buffer.concat(chunks), refreshing: false })
      } else if (previous) {
        previous.refreshing = false
      }
      return end(chunk, ...rest)
    }) as Response['end']
    res.on('close', () => {
      if (previous && !res.writableFinished) previous.refreshing = false
    })
  }

  /**
   * Drops what a change made stale (page-cache-purge.ts): the event's own page and the lists that
   * show its card; '*' (or no slug) drops everything.
   */
  function purge(slug?: string) {
    for (const [key, entry] of entries) {
      const path = key.slice(0, key.indexOf('\n')).split('?')[0]
      if (!slug || slug === '*' || LIST_PAGE.test(path) || path.replace(/\/$/, '').endsWith(`/events/${slug}`)) {
        entries.delete(key)
        bytes -= entry.body.length
      }
    }
  }

  function pageCache(req: Request, res: Response, next: NextFunction) {
    if (ttl <= 0 || (req.method !== 'GET' && req.method !== 'HEAD') || !PUBLIC_PAGE.test(req.path) || OWN_COOKIE.test(req.headers.cookie ?? '')) {
      next()
      return
    }
    const key = `${req.originalUrl}\n${(req.headers['accept-encoding'] ?? '').replace(/\s+/g, '')}`
    const entry = entries.get(key)
    const age = entry ? now() - entry.storedAt : Infinity
    if (entry && age < ttl) return replay(res, entry)
    if (entry && age < ttl + stale && entry.refreshing) return replay(res, entry)
    if (entry && age < ttl + stale) entry.refreshing = true
    res.setHeader('X-Page-Cache', 'miss')
    capture(res, key, entry && age < ttl + stale ? entry : undefined)
    next()
  }
  return Object.assign(pageCache, { purge })
}

export type PageCache = ReturnType<typeof createPageCache>
