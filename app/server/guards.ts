/**
 * Request guards, run by Express before the framework's handler (Remix today, React Router
 * tomorrow), so they hold for every route, resource routes included, whatever the framework
 * checks or skips. See docs/decisions/016-request-guards.md.
 */
import type { IncomingMessage } from 'node:http'
import type { NextFunction, Request, Response } from 'express'
import { SCAN_MAX_BYTES } from '~/modules/funders/signature-limits'
import { refusalLocale, sendRefusalPage } from './refusal-page'

type Middleware = (req: Request, res: Response, next: NextFunction) => void

const SAFE_METHODS = new Set(['GET', 'HEAD'])

/**
 * Machine endpoints that prove themselves with their own signature and have no browser Origin:
 * exempt from the Origin check (not from the body cap). Only Stripe's webhook today.
 */
export const SIGNED_MACHINE_ENDPOINTS = ['/webhooks/stripe']

export const BODY_LIMITS = {
  /** Public forms (registration, sign-in, password, waiting list, management pages). */
  form: 64 * 1024,
  /**
   * Back-office forms: an event's two 8,000-character descriptions and two 4,000-character
   * terms, or a bilingual 10,000-character message, url-encoded (up to 9 bytes a character).
   */
  backOffice: 256 * 1024,
  /** The CSV/XLSX import (2 MB file, sent back base64 on confirm: ~2.8 MB) */
  import: 4 * 1024 * 1024,
  /** A scanned attendance sheet (10 MB) with its form, or a tablet signature's PNG. */
  signatures: SCAN_MAX_BYTES + 256 * 1024,
  /** Webhooks: Stripe's events are a few KB. */
  webhook: 256 * 1024,
} as const

export function bodyLimitFor(path: string): number {
  if (path.startsWith('/webhooks/')) return BODY_LIMITS.webhook
  if (/^\/(fr|en)\/admin\/import\/?$/.test(path)) return BODY_LIMITS.import
  if (/^\/(fr|en)\/admin\/events\/[0-9a-f-]{36}\/signatures\/?$/i.test(path)) return BODY_LIMITS.signatures
  if (/^\/(fr|en)\/admin(\/|$)/.test(path)) return BODY_LIMITS.backOffice
  return BODY_LIMITS.form
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${bytes / (1024 * 1024)} MB` : `${bytes / 1024} KB`
}

/** `?_data=` is Remix 2's legacy data path (single fetch replaced it) and skips Remix's own checks: never served. */
export function refuseLegacyDataParameter(): Middleware {
  return (req, res, next) => {
    const query = req.originalUrl.indexOf('?')
    if (query === -1 || !new URLSearchParams(req.originalUrl.slice(query + 1)).has('_data')) return next()
    sendRefusalPage(res, { status: 403, title: 'errors.guard.legacyData.title', body: 'errors.guard.legacyData.body' }, refusalLocale(req.path, req.headers['accept-language']))
  }
}

/**
 * Whether a state-changing request comes from one of our own pages. Browsers send `Origin` on
 * every POST; when it is missing, `Sec-Fetch-Site` says where the request started. A request
 * with neither is not a browser's (curl, scripts): it carries no ambient cookie an attacker
 * could borrow, so it passes.
 */
export function isSameOriginRequest(headers: IncomingMessage['headers'], allowedOrigins: readonly string[]): boolean {
  const origin = headers.origin
  if (typeof origin === 'string' && origin !== '') return allowedOrigins.includes(origin.toLowerCase())
  const site = headers['sec-fetch-site']
  if (typeof site === 'string' && site !== '') return site === 'same-origin' || site === 'none'
  return true
}

/**
 * Refuses (403) every non-GET/HEAD request whose Origin is not `PUBLIC_URL`'s. Outside
 * production the origin the request was addressed to (`http://<Host>`) also counts, so the
 * dev server answers on 127.0.0.1 as well as on localhost.
 */
export function requireSameOrigin(options: { publicUrl: string; production: boolean; exempt?: readonly string[] }): Middleware {
  const publicOrigin = new URL(options.publicUrl).origin.toLowerCase()
  const exempt = new Set(options.exempt ?? SIGNED_MACHINE_ENDPOINTS)
  return (req, res, next) => {
    if (SAFE_METHODS.has(req.method) || exempt.has(req.path)) return next()
    const allowed = options.production || !req.headers.host ? [publicOrigin] : [publicOrigin, `${req.protocol}://${req.headers.host}`.toLowerCase()]
    if (isSameOriginRequest(req.headers, allowed)) return next()
    sendRefusalPage(res, { status: 403, title: 'errors.guard.crossSite.title', body: 'errors.guard.crossSite.body' }, refusalLocale(req.path, req.headers['accept-language']))
  }
}

/**
 * Caps request bodies before anything reads them: a declared Content-Length over the cap is
 * refused at once; a body without one (chunked) is held here, counting the bytes as they
 * arrive, and handed on only when it ends under the cap. Over it: 413, connection closed.
 */
export function capRequestBodies(limitFor: (path: string) => number = bodyLimitFor): Middleware {
  return (req, res, next) => {
    if (SAFE_METHODS.has(req.method)) return next()
    const limit = limitFor(req.path)
    const refuse = () =>
      sendRefusalPage(
        res,
        { status: 413, title: 'errors.guard.tooLarge.title', body: 'errors.guard.tooLarge.body', vars: { limit: formatBytes(limit) } },
        refusalLocale(req.path, req.headers['accept-language']),
        { closeConnection: true },
      )
    const declared = req.headers['content-length']
    if (declared !== undefined) {
      // Node's parser never hands over more bytes than Content-Length says.
      if (!/^\d+$/.test(declared) || Number(declared) > limit) return refuse()
      return next()
    }
    if (req.headers['transfer-encoding'] === undefined) return next() // no body
    holdBody(req, limit, (tooLarge) => (tooLarge ? refuse() : next()))
  }
}

/**
 * Takes the chunks Node's HTTP parser pushes into the request stream, counting them, and pushes
 * them on once the body has ended under `limit`; past the limit they are dropped. Nothing has
 * read the stream yet, so the framework later reads the same bytes, in order.
 */
function holdBody(req: IncomingMessage, limit: number, done: (tooLarge: boolean) => void) {
  const push = req.push.bind(req)
  if (req.complete) {
    done(req.readableLength > limit)
    return
  }
  const held: Buffer[] = []
  let bytes = req.readableLength
  let over = bytes > limit
  if (over) process.nextTick(done, true)
  req.push = (chunk: unknown, encoding?: BufferEncoding) => {
    if (chunk === null) {
      req.push = push
      if (over) return push(null)
      for (const piece of held) push(piece)
      held.length = 0
      const result = push(null)
      process.nextTick(done, false)
      return result
    }
    if (over) return true
    const piece = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string, encoding)
    bytes += piece.byteLength
    if (bytes > limit) {
      over = true
      held.length = 0
      process.nextTick(done, true)
      return true
    }
    held.push(piece)
    return true
  }
}

/** Back-office and management pages are one person's: no shared cache, no back-button copy. */
export function privatePages(): Middleware {
  return (req, res, next) => {
    if (/^\/(fr|en)\/(admin(?:\/|$)|manage\/)/.test(req.path)) res.setHeader('Cache-Control', 'private, no-store')
    next()
  }
}
