import fs from 'node:fs'
import crypto from 'node:crypto'
import path from 'node:path'
import zlib from 'node:zlib'
import { createRequestHandler } from '@react-router/express'
import type { ServerBuild } from 'react-router'
import compression from 'compression'
import express, { type Request, type Response, type NextFunction } from 'express'
import helmet from 'helmet'
import { getDb } from '#db/client'
import { readiness } from '~/modules/health/health.server'
import { CLIENT_IP_HEADER } from '~/modules/security/rate-limit.server'
import type { Env } from '~/utils/env.server'
import { logger } from '~/utils/logger.server'
import { answerKnownFailures } from './known-failures'
import { capRequestBodies, privatePages, refuseLegacyDataParameter, requireSameOrigin } from './guards'
import { createPageCache } from './page-cache'
import { listenForPurges } from './page-cache-purge'

declare module 'react-router' {
  interface AppLoadContext {
    requestId?: string
    cspNonce?: string
    /** Named by the error handler for a failure that is not a bug (server/known-failures.ts). */
    failure?: import('./known-failures').FailureFlag
  }
}

/**
 * The HTTP server: security headers, compression, request ids and logs, health probes, static
 * assets, then React Router. In development Vite serves the app with HMR; in production (or with
 * SERVE_BUILD, as the end-to-end tests do) the output of `npm run build`.
 */
export async function createHttpApp(env: Env) {
  const app = express()
  app.disable('x-powered-by')
  // A hop count or the proxies' addresses, never `true` (the client writes the left-most entry).
  if (env.TRUST_PROXY !== false) app.set('trust proxy', env.TRUST_PROXY)
  for (const warning of env.configWarnings) logger.warn(warning)
  const production = env.NODE_ENV === 'production'
  let draining = false

  app.use((req: Request, res: Response, next: NextFunction) => {
    const requestId = (req.headers['x-request-id'] as string | undefined)?.slice(0, 64) || crypto.randomUUID()
    res.locals.requestId = requestId
    // What rate limits key on: Express's view of the client (X-Forwarded-For only with TRUST_PROXY).
    req.headers[CLIENT_IP_HEADER] = req.ip ?? req.socket.remoteAddress ?? 'local'
    res.locals.cspNonce = crypto.randomBytes(16).toString('base64')
    res.setHeader('X-Request-Id', requestId)
    const started = process.hrtime.bigint()
    res.on('finish', () => {
      if (req.path.startsWith('/assets/') || req.path === '/healthz') return
      logger.info(
        {
          requestId,
          method: req.method,
          path: req.path,
          status: res.statusCode,
          ms: Number((process.hrtime.bigint() - started) / 1_000_000n),
        },
        'request',
      )
    })
    next()
  })

  app.use(
    helmet({
      contentSecurityPolicy: production
        ? {
            directives: {
              defaultSrc: ["'self'"],
              scriptSrc: ["'self'", (_req, res) => `'nonce-${(res as Response).locals.cspNonce}'`],
              styleSrc: ["'self'", "'unsafe-inline'"],
              imgSrc: ["'self'", 'data:'],
              connectSrc: ["'self'"],
              formAction: ["'self'", 'https://checkout.stripe.com'],
              frameAncestors: ["'none'"],
              upgradeInsecureRequests: env.PUBLIC_URL.startsWith('https:') ? [] : null,
            },
          }
        : false,
      strictTransportSecurity: env.PUBLIC_URL.startsWith('https:'),
      // Not helmet's `no-referrer`: with it Chrome sends `Origin: null` on a plain form POST, and
      // React Router refuses every action without JavaScript as a possible CSRF (500).
      referrerPolicy: { policy: 'same-origin' },
      crossOriginEmbedderPolicy: false,
    }),
  )
  // Before any body is read and before the framework: see docs/decisions/016-request-guards.md.
  app.use(refuseLegacyDataParameter())
  app.use(requireSameOrigin({ publicUrl: env.PUBLIC_URL, production }))
  app.use(capRequestBodies())
  app.use(privatePages())
  // Between helmet and compression: replays compressed bytes with the headers they were sent with.
  let stopPurges: (() => Promise<void>) | undefined
  if (env.PAGE_CACHE_SECONDS > 0) {
    const cache = createPageCache({ ttlSeconds: env.PAGE_CACHE_SECONDS })
    app.use(cache)
    // A PostgreSQL server may have other web processes writing: listen. The embedded one has only this process.
    if (env.DATABASE_URL) stopPurges = await listenForPurges(env.DATABASE_URL, cache)
  }
  // Brotli at quality 3, not compression's 4, for pages rendered per request: on a 76 KB attendee
  // list it compresses in about 40 % less time for 5 % more bytes (decision 033). And a 256 KB
  // window (lgwin 18) instead of brotli's 4 MB: a stream of unknown length sets up its window's
  // buffers for the largest size, on every response; our pages are far smaller, their bytes are
  // the same, and the attendee list renders about 50 % more pages per second (decision 036).
  // Static assets are served by express.static below, and the micro-cache replays bytes compressed once.
  app.use(compression({ brotli: { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 3, [zlib.constants.BROTLI_PARAM_LGWIN]: 18 } } }))

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok', uptimeSeconds: Math.round(process.uptime()) })
  })
  app.get('/readyz', async (_req, res) => {
    // Draining after SIGTERM: the load balancer should stop sending new requests here.
    if (draining) return void res.status(503).json({ ready: false, draining: true })
    const result = await readiness(getDb())
    res.status(result.ready ? 200 : 503).json(result)
  })

  let build: ServerBuild | (() => Promise<ServerBuild>)
  let closeVite: (() => Promise<void>) | undefined
  if (production || env.SERVE_BUILD) {
    const buildDir = path.resolve('build')
    app.use('/assets', express.static(path.join(buildDir, 'client/assets'), { immutable: true, maxAge: '1y' }))
    app.use(onlyKnownFiles(path.join(buildDir, 'client'), express.static(path.join(buildDir, 'client'), { maxAge: '1h' })))
    build = (await import(/* @vite-ignore */ path.join(buildDir, 'server/index.js'))) as ServerBuild
  } else {
    // Vite dev servers that are not in middleware mode (the React Router plugin's child compiler is
    // one) add a SIGTERM / stdin-end handler that closes only themselves and exits 143, which cuts
    // the graceful shutdown in main.ts short. main.ts owns the signals: drop what Vite adds.
    const sigtermBefore = new Set(process.listeners('SIGTERM'))
    const stdinEndBefore = new Set(process.stdin.listeners('end'))
    const vite = await import('vite').then((v) =>
      v.createServer({
        // Several dev servers may run at once (tests): HMR_DISABLED turns off its websocket port.
        server: { middlewareMode: true, ...(process.env.HMR_DISABLED === 'true' ? { hmr: false, ws: false } : {}) },
        appType: 'custom',
        logLevel: 'error',
      }),
    )
    for (const listener of process.listeners('SIGTERM')) if (!sigtermBefore.has(listener)) process.off('SIGTERM', listener)
    for (const listener of process.stdin.listeners('end')) if (!stdinEndBefore.has(listener)) process.stdin.off('end', listener as () => void)
    closeVite = () => vite.close()
    app.use(vite.middlewares)
    app.use(express.static('public', { maxAge: '1h' }))
    build = () => vite.ssrLoadModule('virtual:react-router/server-build') as Promise<ServerBuild>
  }

  app.use(answerKnownFailures())
  app.all(
    '*',
    createRequestHandler({
      build,
      mode: production ? 'production' : 'development',
      getLoadContext: (_req, res) => ({ requestId: res.locals.requestId, cspNonce: res.locals.cspNonce, failure: res.locals.failure }),
    }),
  )

  return {
    app,
    closeVite,
    /** Ends the page cache's LISTEN connection (at shutdown, after the last request). */
    stopPurges,
    /** From SIGTERM on, /readyz answers 503 while in-flight requests finish. */
    startDraining: () => {
      draining = true
    },
  }
}

/**
 * Static files of a build (immutable once built) served only for their own paths: every other
 * request (every page) skips the file system instead of a `stat` that finds nothing (2–5 % of a
 * rendered page's CPU in the profile, issue 19).
 */
function onlyKnownFiles(root: string, serve: express.RequestHandler): express.RequestHandler {
  const files = new Set<string>()
  const walk = (dir: string, prefix: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) walk(path.join(dir, entry.name), `${prefix}${entry.name}/`)
      else files.add(`${prefix}${entry.name}`)
    }
  }
  if (fs.existsSync(root)) walk(root, '/')
  return (req, res, next) => {
    let pathname: string
    try {
      pathname = decodeURIComponent(req.path)
    } catch {
      return next()
    }
    if ((req.method === 'GET' || req.method === 'HEAD') && (files.has(pathname) || files.has(`${pathname.replace(/\/$/, '')}/index.html`))) return serve(req, res, next)
    next()
  }
}
