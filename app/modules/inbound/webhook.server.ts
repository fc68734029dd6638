import crypto from 'node:crypto'
import { translate } from '~/locales'
import { getEnv } from '~/utils/env.server'
import { Refusal } from '~/utils/refusal'
import { INBOUND_MAX_BYTES, storeInboundMessage } from './intake.server'

export const INBOUND_SIGNATURE_HEADER = 'x-passerelle-signature'

/** `sha256=<hex>` of the body, keyed by INBOUND_MAIL_SECRET (what a provider's inbound hook sends). */
export function signInboundBody(body: Buffer, secret: string) {
  return `sha256=${crypto.createHmac('sha256', secret).update(body).digest('hex')}`
}

function signatureValid(body: Buffer, header: string | null, secret: string) {
  if (!header) return false
  const expected = Buffer.from(signInboundBody(body, secret))
  const given = Buffer.from(header.trim().startsWith('sha256=') ? header.trim() : `sha256=${header.trim()}`)
  return expected.length === given.length && crypto.timingSafeEqual(expected, given)
}

const MAIL_TYPES = ['message/rfc822', 'application/octet-stream', 'text/plain']

export type WebhookAnswer = { status: number; body: Record<string, unknown> }

const refusal = (error: Refusal): WebhookAnswer => ({
  status: error.status,
  body: { error: error.code, message: translate('en', `refusals.${error.code}` as never, error.vars) },
})

/**
 * `POST /webhooks/inbound-mail`: one raw message (`message/rfc822`), signed with HMAC-SHA256
 * over the body. Checks in the cheapest order: a declared size over the limit (413) before
 * reading, the signature (401), the media type and the message itself (415), then stores it.
 * 200 for a new message and for one already stored (a provider's retry is not an error).
 */
export async function receiveInboundWebhook(request: {
  contentType: string | null
  contentLength: string | null
  signature: string | null
  readBody: () => Promise<Buffer>
}): Promise<WebhookAnswer> {
  const secret = getEnv().INBOUND_MAIL_SECRET
  if (!secret) return { status: 404, body: { error: 'notFound' } }
  const declared = Number(request.contentLength ?? 'NaN')
  if (Number.isFinite(declared) && declared > INBOUND_MAX_BYTES) return refusal(new Refusal('inboundTooLarge', { vars: { max: '10 MB' } }))
  const body = await request.readBody()
  if (!signatureValid(body, request.signature, secret)) return refusal(new Refusal('inboundBadSignature'))
  const type = (request.contentType ?? '').split(';')[0].trim().toLowerCase()
  if (!MAIL_TYPES.includes(type)) return refusal(new Refusal('inboundNotMail'))
  try {
    const stored = await storeInboundMessage(body, 'webhook')
    return { status: 200, body: { id: stored.id, messageId: stored.messageId, duplicate: stored.duplicate } }
  } catch (error) {
    if (error instanceof Refusal) return refusal(error)
    throw error
  }
}
