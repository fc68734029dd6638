import type { ActionFunctionArgs } from 'react-router'
import { INBOUND_SIGNATURE_HEADER, receiveInboundWebhook } from '~/modules/inbound/webhook.server'

/** Mail providers' inbound hook: one raw message per POST, signed over the raw body. */
export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== 'POST') return new Response('Method Not Allowed', { status: 405 })
  const result = await receiveInboundWebhook({
    contentType: request.headers.get('content-type'),
    contentLength: request.headers.get('content-length'),
    signature: request.headers.get(INBOUND_SIGNATURE_HEADER),
    readBody: async () => Buffer.from(await request.arrayBuffer()),
  })
  return Response.json(result.body, { status: result.status })
}

export function loader() {
  return new Response('Method Not Allowed', { status: 405, headers: { Allow: 'POST' } })
}
