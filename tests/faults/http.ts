/**
 * Requests as a browser without JavaScript sends them, through the suite's "proxy": a
 * form-encoded POST from the site's own origin, the client's address in X-Forwarded-For.
 * Every request has a deadline: none may hang forever.
 */
import { sql } from 'drizzle-orm'
import { getDb } from '#db/client'

let clientCounter = 0
/** A distinct client address per call (one simulated visitor each). */
export function nextClientIp() {
  clientCounter++
  return `10.${(clientCounter >> 16) & 255}.${(clientCounter >> 8) & 255}.${clientCounter & 255}`
}

export type Answer = { status: number; location: string | null; body: string; ms: number }

export async function request(
  baseUrl: string,
  path: string,
  init: { method?: string; form?: URLSearchParams | [string, string][]; body?: string; headers?: Record<string, string>; ip?: string; timeoutMs?: number } = {},
): Promise<Answer> {
  const started = Date.now()
  const headers: Record<string, string> = {
    'x-forwarded-for': init.ip ?? nextClientIp(),
    origin: baseUrl,
    'sec-fetch-site': 'same-origin',
    ...init.headers,
  }
  let body: string | undefined = init.body
  if (init.form) {
    body = (init.form instanceof URLSearchParams ? init.form : new URLSearchParams(init.form)).toString()
    headers['content-type'] = 'application/x-www-form-urlencoded'
  }
  const response = await fetch(`${baseUrl}${path}`, {
    method: init.method ?? (body === undefined ? 'GET' : 'POST'),
    headers,
    body,
    redirect: 'manual',
    signal: AbortSignal.timeout(init.timeoutMs ?? 30_000),
  })
  const text = await response.text()
  return { status: response.status, location: response.headers.get('location'), body: text, ms: Date.now() - started }
}

/** The fields of the public registration form for `seats` seats of one ticket type. */
export function registrationForm(eventId: string, ticketTypeId: string, seats: number, key: string): [string, string][] {
  const fields: [string, string][] = [
    ['eventId', eventId],
    ['locale', 'fr'],
    ['tickets[0].ticketTypeId', ticketTypeId],
    ['tickets[0].quantity', String(seats)],
    ['company.name', `Rhum ${key}`],
    ['company.country', 'MQ'],
    ['company.contactName', 'Léa Contact'],
    ['company.contactEmail', `contact-${key}@entreprise.example`],
    ['privacyAccepted', 'on'],
    ['paymentMethod', 'card'],
    ['fax_number', ''],
  ]
  for (let i = 0; i < seats; i++)
    fields.push(
      [`attendees[${i}].ticketTypeId`, ticketTypeId],
      [`attendees[${i}].firstName`, 'Aimé'],
      [`attendees[${i}].lastName`, `Joseph ${i}`],
      [`attendees[${i}].email`, `delegue-${i}-${key}@entreprise.example`],
      [`attendees[${i}].locale`, 'fr'],
    )
  return fields
}

/** Seats in use for an event, by the app's one definition (availability.server.ts). */
export async function seatsInUse(eventId: string): Promise<number> {
  const rows = await getDb().execute<{ n: number }>(sql`
    select count(*)::int as n from attendee a join registration r on r.id = a.registration_id
    where a.event_id = ${eventId} and a.status = 'active' and (
      r.status = 'confirmed' or (r.status = 'awaiting_payment' and (r.hold_expires_at is null or r.hold_expires_at > now())))`)
  return rows[0].n
}

/** Runs `task(i)` for i in [0, total) with at most `concurrency` in flight. */
export async function inParallel(total: number, concurrency: number, task: (i: number) => Promise<void>, signal?: AbortSignal) {
  let next = 0
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total && !signal?.aborted) await task(next++)
    }),
  )
}
