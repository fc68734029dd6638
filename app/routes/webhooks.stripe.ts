import type { ActionFunctionArgs } from 'react-router'
import { handleStripeWebhook } from '~/modules/payments/webhook.server'

/** Stripe's webhook endpoint: the raw body is read untouched, as its signature requires. */
export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== 'POST') return new Response('Method Not Allowed', { status: 405 })
  const rawBody = Buffer.from(await request.arrayBuffer())
  const result = await handleStripeWebhook(rawBody, request.headers.get('stripe-signature'))
  return Response.json(result.body, { status: result.status })
}

export function loader() {
  return new Response('Method Not Allowed', { status: 405, headers: { Allow: 'POST' } })
}
