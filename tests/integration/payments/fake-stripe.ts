/**
 * A local HTTP server standing in for Stripe's API: the SDK is pointed at it with its
 * host/port/protocol options; every request is recorded (path, idempotency key, decoded form
 * body) so tests assert the exact parameters sent.
 */
import crypto from 'node:crypto'
import http from 'node:http'
import type { AddressInfo } from 'node:net'

export type RecordedRequest = { method: string; path: string; idempotencyKey: string | null; authorization: string | null; body: Record<string, unknown> }

/** Stripe's form encoding (`a[b][0][c]=v`) back to an object; arrays come back as arrays. */
export function decodeStripeForm(text: string): Record<string, unknown> {
  const root: Record<string, unknown> = {}
  for (const [key, value] of new URLSearchParams(text)) {
    const parts = key.replace(/\]/g, '').split('[')
    let node: Record<string, unknown> = root
    parts.forEach((part, i) => {
      if (i === parts.length - 1) node[part] = value
      else node = (node[part] ??= /^\d+$/.test(parts[i + 1]) ? [] : {}) as Record<string, unknown>
    })
  }
  return root
}

export async function startFakeStripe() {
  const requests: RecordedRequest[] = []
  const sessions = new Map<string, Record<string, unknown>>()
  const byIdempotency = new Map<string, unknown>()
  const server = http.createServer((req, res) => {
    let raw = ''
    req.on('data', (c) => (raw += c))
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x')
      const body = decodeStripeForm(raw)
      const idempotencyKey = (req.headers['idempotency-key'] as string | undefined) ?? null
      requests.push({ method: req.method ?? '', path: url.pathname, idempotencyKey, authorization: req.headers.authorization ?? null, body })
      const reply = (status: number, json: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json', 'request-id': `req_${crypto.randomBytes(4).toString('hex')}` })
        res.end(JSON.stringify(json))
      }
      if (idempotencyKey && byIdempotency.has(`${url.pathname}:${idempotencyKey}`)) return reply(200, byIdempotency.get(`${url.pathname}:${idempotencyKey}`))
      if (req.method === 'POST' && url.pathname === '/v1/checkout/sessions') {
        const lines = (body.line_items as { quantity: string; price_data: { unit_amount: string } }[]) ?? []
        const session = {
          id: `cs_test_${crypto.randomBytes(8).toString('hex')}`,
          object: 'checkout.session',
          status: 'open',
          payment_status: 'unpaid',
          payment_intent: null,
          amount_total: lines.reduce((s, l) => s + Number(l.price_data.unit_amount) * Number(l.quantity), 0),
          currency: body.currency,
          client_reference_id: body.client_reference_id,
          metadata: body.metadata,
          url: `https://checkout.stripe.test/c/pay/${crypto.randomBytes(6).toString('hex')}`,
          expires_at: Number(body.expires_at),
        }
        sessions.set(session.id, session)
        if (idempotencyKey) byIdempotency.set(`${url.pathname}:${idempotencyKey}`, session)
        return reply(200, session)
      }
      const retrieve = url.pathname.match(/^\/v1\/checkout\/sessions\/([^/]+)$/)
      if (req.method === 'GET' && retrieve) {
        const session = sessions.get(retrieve[1])
        return session ? reply(200, session) : reply(404, { error: { type: 'invalid_request_error', message: 'No such session' } })
      }
      if (req.method === 'POST' && url.pathname === '/v1/refunds') {
        const refund = {
          id: `re_${crypto.randomBytes(8).toString('hex')}`,
          object: 'refund',
          amount: Number(body.amount),
          status: 'succeeded',
          payment_intent: body.payment_intent,
          metadata: body.metadata,
        }
        if (idempotencyKey) byIdempotency.set(`${url.pathname}:${idempotencyKey}`, refund)
        return reply(200, refund)
      }
      reply(404, { error: { type: 'invalid_request_error', message: `unhandled ${req.method} ${url.pathname}` } })
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()))
  const port = (server.address() as AddressInfo).port
  return {
    port,
    requests,
    sessions,
    /** What Stripe would report after the customer paid. */
    markPaid(id: string, paymentIntent = `pi_${crypto.randomBytes(6).toString('hex')}`) {
      const s = sessions.get(id)!
      Object.assign(s, { status: 'complete', payment_status: 'paid', payment_intent: paymentIntent })
      return s
    },
    markExpired(id: string) {
      Object.assign(sessions.get(id)!, { status: 'expired' })
      return sessions.get(id)!
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
