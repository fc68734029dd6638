/**
 * Pages that are rendered on every request, against the framework's bare resource route
 * (`/ping`) of the same server in the same run:
 * - the signed-in organiser's attendee list (50 rows on the page),
 * - a company's management page (its link, two delegates),
 * and what a visitor downloads: HTML and JavaScript bytes per page, gzip as a browser gets them
 * (goal for the public event page: ≤ 120 KB of JavaScript, gzip).
 */
import zlib from 'node:zlib'
import autocannon from 'autocannon'
import postgres from 'postgres'
import { mintManagementLink } from '~/modules/registration/management-link.server'
import type { BenchContext, BenchFigure } from './types'

const FRAMEWORK_PATH = '/ping'
const EVENT_SLUG = 'b2b-martinique-florida-buyers'
const ORGANISER = { email: 'organisatrice@ccem.example', password: 'passerelle-demo' }
const HEADERS = { 'accept-encoding': process.env.BENCH_ACCEPT_ENCODING ?? 'gzip, deflate, br', accept: 'text/html' }

async function measure(url: string, headers: Record<string, string>, duration = 10) {
  const result = await autocannon({ url, headers: { ...HEADERS, ...headers }, connections: 50, duration })
  const failed = result.non2xx + result.errors + result.timeouts
  if (failed > 0) throw new Error(`${url}: ${failed} of ${result.requests.total} requests failed (non-2xx ${result.non2xx}, errors ${result.errors}, timeouts ${result.timeouts})`)
  return result
}

/** A registration with `attendees` delegates on the demo B2B event, written directly (no mail). */
async function seedRegistration(sql: postgres.Sql, eventId: string, attendees: number, tag: string) {
  const [event] = await sql<{ organisation_id: string }[]>`select organisation_id from event where id = ${eventId}`
  const [type] = await sql<{ id: string }[]>`select id from ticket_type where event_id = ${eventId} order by position limit 1`
  const [company] = await sql<{ id: string }[]>`insert into company (organisation_id, name, contact_email)
    values (${event.organisation_id}, ${`Bench ${tag}`}, ${`bench-${tag}@example.test`}) returning id`
  const [registration] = await sql<{ id: string }[]>`insert into registration (event_id, company_id, reference, status, contact_name, contact_email, currency, total_minor, paid_minor, privacy_accepted_at, listing_consent)
    values (${eventId}, ${company.id}, ${`BENCH-${tag}`}, 'confirmed', 'Bench Contact', ${`bench-${tag}@example.test`}, 'USD', 0, 0, now(), true) returning id`
  await sql`insert into attendee (registration_id, event_id, ticket_type_id, first_name, last_name, email, locale, calendar_uid, check_in_secret)
    select ${registration.id}, ${eventId}, ${type.id}, 'Prénom' || n, 'Nom' || n, 'p' || n || '-' || ${tag} || '@example.test', 'fr', gen_random_uuid()::text, gen_random_uuid()::text
    from generate_series(1, ${attendees}) n`
  return registration.id
}

async function signIn(baseUrl: string): Promise<string> {
  const response = await fetch(`${baseUrl}/fr/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { origin: baseUrl, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(ORGANISER).toString(),
  })
  const cookie = response.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ')
  if (response.status !== 302 || !cookie) throw new Error(`signing in answered ${response.status} without a session cookie`)
  return cookie
}

const gzipBytes = (body: Buffer | string) => zlib.gzipSync(body).length

/** HTML bytes (raw and gzip) and the JavaScript the page loads (module scripts and preloads, gzip). */
async function pageWeight(baseUrl: string, path: string, headers: Record<string, string> = {}) {
  const response = await fetch(baseUrl + path, { headers: { accept: 'text/html', 'accept-encoding': 'identity', ...headers } })
  if (response.status !== 200) throw new Error(`${path} answered ${response.status}`)
  const html = await response.text()
  const scripts = new Set<string>()
  for (const match of html.matchAll(/<(?:script[^>]*\ssrc|link[^>]*rel="modulepreload"[^>]*\shref)="([^"]+\.js)"/g)) scripts.add(match[1])
  for (const match of html.matchAll(/import\(?\s*"([^"]+\.js)"/g)) scripts.add(match[1])
  let jsGzip = 0
  for (const src of scripts) {
    const asset = await fetch(new URL(src, baseUrl + path))
    if (asset.ok) jsGzip += gzipBytes(Buffer.from(await asset.arrayBuffer()))
  }
  return { html: Buffer.byteLength(html), htmlGzip: gzipBytes(html), jsGzip, scripts: scripts.size }
}

export default async function pagesBench({ baseUrl, databaseUrl, log }: BenchContext): Promise<BenchFigure[]> {
  const sql = postgres(databaseUrl, { max: 2, onnotice: () => {} })
  const tag = Date.now().toString(36)
  let adminPath: string
  let managePath: string
  try {
    const [event] = await sql<{ id: string }[]>`select id from event where slug like ${`${EVENT_SLUG}%`} order by starts_at limit 1`
    if (!event) throw new Error('the demo B2B event is missing from the bench database')
    await seedRegistration(sql, event.id, 60, `${tag}-list`)
    const registrationId = await seedRegistration(sql, event.id, 2, `${tag}-manage`)
    const link = mintManagementLink(registrationId, new Date(Date.now() + 86_400_000), 'fr')
    await sql`insert into management_token (token_hash, registration_id, expires_at) values (${link.row.tokenHash}, ${link.row.registrationId}, ${link.row.expiresAt})`
    adminPath = `/fr/admin/events/${event.id}/attendees`
    managePath = `/fr/manage/${link.token}`
  } finally {
    await sql.end()
  }
  const cookie = await signIn(baseUrl)
  const rows = (await (await fetch(baseUrl + adminPath, { headers: { cookie } })).text()).match(/<tr\b/g)?.length ?? 0
  log(`admin attendee list: ${rows} table rows (header included)`)

  log('warming up (3 s each)')
  await measure(baseUrl + FRAMEWORK_PATH, {}, 3)
  await measure(baseUrl + adminPath, { cookie }, 3)
  await measure(baseUrl + managePath, {}, 3)

  const framework = await measure(baseUrl + FRAMEWORK_PATH, {})
  const admin = await measure(baseUrl + adminPath, { cookie })
  const manage = await measure(baseUrl + managePath, {})
  log(
    `/ping ${framework.requests.average.toFixed(0)} req/s; admin list ${admin.requests.average.toFixed(0)} req/s (p50 ${admin.latency.p50} ms); ` +
      `management page ${manage.requests.average.toFixed(0)} req/s (p50 ${manage.latency.p50} ms)`,
  )

  const weights: [string, string, Record<string, string>][] = [
    ['home', '/fr', {}],
    ['event page', `/fr/events/${EVENT_SLUG}`, {}],
    ['registration form', `/fr/events/${EVENT_SLUG}/register`, {}],
    ['management page', managePath, {}],
    ['admin attendee list', adminPath, { cookie }],
  ]
  const figures: BenchFigure[] = [
    {
      name: 'admin attendee list (50 rows, signed in) ÷ framework route /ping req/s',
      value: admin.requests.average,
      unit: 'req/s',
      baseline: framework.requests.average,
      ratio: admin.requests.average / framework.requests.average,
      goal: '>= 0.07',
    },
    {
      name: 'management page ÷ framework route /ping req/s',
      value: manage.requests.average,
      unit: 'req/s',
      baseline: framework.requests.average,
      ratio: manage.requests.average / framework.requests.average,
      goal: '>= 0.07',
    },
  ]
  for (const [label, path, headers] of weights) {
    const weight = await pageWeight(baseUrl, path, headers)
    log(`${label}: HTML ${weight.html} B (${weight.htmlGzip} B gzip), ${weight.scripts} scripts, ${weight.jsGzip} B of JavaScript gzip`)
    figures.push(
      { name: `${label}: HTML bytes, gzip`, value: weight.htmlGzip, unit: 'B', baseline: weight.html, ratio: weight.htmlGzip / weight.html, goal: '—' },
      { name: `${label}: JavaScript bytes, gzip`, value: Number((weight.jsGzip / 1024).toFixed(1)), unit: 'KB', baseline: null, ratio: null, goal: label === 'event page' ? '<= 120' : '—' },
    )
  }
  return figures
}
