/**
 * The whole HTTP server (`createHttpApp`: Express, the request guards, Vite's dev middleware and
 * Remix) in this process, on a random local port, and a raw HTTP client for it: raw, so a test
 * can send the headers a browser would (Origin, Sec-Fetch-Site) and bodies without a length.
 */
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Server } from 'node:http'
import { createHttpApp } from '~/server/http'
import { parseEnv } from '~/utils/env.server'

/** The app's PUBLIC_URL here: not the address the test connects to, as behind a proxy (Vite's dev host check allows localhost). */
export const PUBLIC_ORIGIN = 'http://localhost:8123'
/** What a browser on one of our pages sends: our Origin, and our Host (as a proxy passes it on). */
export const OWN = { origin: PUBLIC_ORIGIN, host: 'localhost:8123' }

export async function startHttpApp(overrides: Record<string, string> = {}) {
  process.env.HMR_DISABLED = 'true'
  const env = parseEnv({ ...process.env, NODE_ENV: 'test', PUBLIC_URL: PUBLIC_ORIGIN, STRIPE_SECRET_KEY: '', ...overrides })
  const { app, closeVite, startDraining, stopPurges } = await createHttpApp(env)
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s))
  })
  const port = (server.address() as AddressInfo).port
  return {
    port,
    startDraining,
    async close() {
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
      await closeVite?.()
      await stopPurges?.()
    },
  }
}

export type RawResponse = { status: number; headers: http.IncomingHttpHeaders; body: string }

/**
 * One request. `body` as a string or Buffer is sent with its Content-Length; `chunks` are sent
 * with `Transfer-Encoding: chunked` (no length), one write each.
 */
export function send(
  port: number,
  method: string,
  path: string,
  options: { headers?: Record<string, string>; body?: string | Buffer; chunks?: Buffer[] } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { ...options.headers }
    if (options.body !== undefined) headers['content-length'] = String(Buffer.byteLength(options.body))
    if (options.chunks) headers['transfer-encoding'] = 'chunked'
    const request = http.request({ host: '127.0.0.1', port, method, path, headers, agent: false })
    request.on('response', (response) => {
      let body = ''
      response.setEncoding('utf8')
      response.on('data', (chunk) => (body += chunk))
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }))
      response.on('error', reject)
    })
    // A server that refuses early may close while we are still writing: the answer is what counts.
    request.on('error', (error) => setTimeout(() => reject(error), 2000))
    if (options.chunks) {
      for (const chunk of options.chunks) request.write(chunk)
      request.end()
    } else {
      request.end(options.body)
    }
  })
}

export function form(fields: Record<string, string | string[]>): string {
  const params = new URLSearchParams()
  for (const [name, value] of Object.entries(fields)) for (const v of Array.isArray(value) ? value : [value]) params.append(name, v)
  return params.toString()
}

export const FORM = { 'content-type': 'application/x-www-form-urlencoded' }
