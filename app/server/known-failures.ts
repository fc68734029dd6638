import type { NextFunction, Request, Response } from 'express'

/**
 * Two failures that are not bugs, though the framework answers them as 500s:
 * - PostgreSQL unreachable (restarting, failing over, out of connections): the server's temporary
 *   state. 503 with Retry-After; the page says "try again in a moment". Found by the fault suite's
 *   restart scenario.
 * - A body that cannot be read as the form it claims to be (a broken multipart upload): the
 *   client's mistake. 400; the page says "check the form".
 * The error handler (entry.server.tsx) names the failure on the request's flag; Express rewrites
 * the status before the headers leave, for pages, data requests and resource routes alike
 * (docs/decisions/016-request-guards.md).
 */

export const RETRY_AFTER_SECONDS = 5

export type FailureKind = 'databaseUnavailable' | 'malformedBody'

/** What a request carries through the framework so its error handler can name its failure. */
export type FailureFlag = { kind: FailureKind | null }

export const FAILURE_STATUS: Record<FailureKind, number> = { databaseUnavailable: 503, malformedBody: 400 }

/** undici's words when `request.formData()` meets a body that is not the form its type says. */
export function isMalformedBody(error: unknown): boolean {
  return error instanceof TypeError && /^Failed to parse body as FormData/.test(error.message)
}

export function answerKnownFailures() {
  return (_req: Request, res: Response, next: NextFunction) => {
    const flag: FailureFlag = { kind: null }
    res.locals.failure = flag
    const writeHead = res.writeHead
    res.writeHead = function (this: Response, ...args: Parameters<Response['writeHead']>) {
      const status = typeof args[0] === 'number' ? args[0] : res.statusCode
      if (flag.kind && status === 500) {
        args[0] = res.statusCode = FAILURE_STATUS[flag.kind]
        res.setHeader('Cache-Control', 'no-store')
        if (flag.kind === 'databaseUnavailable') res.setHeader('Retry-After', String(RETRY_AFTER_SECONDS))
      }
      return writeHead.apply(this, args)
    } as Response['writeHead']
    next()
  }
}
