/**
 * The public event page under 50 concurrent connections, against a bare route of the same
 * server in the same run: how much of the server's capacity the page's data and render cost.
 * Measured as production serves it (anonymous visitors get the micro-cache, PAGE_CACHE_SECONDS)
 * and, for the record, rendered on every request (a session cookie bypasses the cache).
 */
import autocannon from 'autocannon'
import type { BenchContext, BenchFigure } from './types'

const EVENT_PATH = '/fr/events/b2b-martinique-florida-buyers'
const BARE_PATH = '/healthz'
/** A resource route through the framework's handler: the ceiling of any page. */
const FRAMEWORK_PATH = '/ping'
// What a browser sends, so the HTML is compressed as in production (BENCH_ACCEPT_ENCODING
// overrides it, e.g. `identity` to see what compression costs).
const HEADERS = { 'accept-encoding': process.env.BENCH_ACCEPT_ENCODING ?? 'gzip, deflate, br', accept: 'text/html' }

async function measure(url: string, options: { connections: number; duration: number; headers?: Record<string, string> }) {
  const result = await autocannon({ url, headers: HEADERS, ...options })
  const failed = result.non2xx + result.errors + result.timeouts
  if (failed > 0) throw new Error(`${url}: ${failed} of ${result.requests.total} requests failed (non-2xx ${result.non2xx}, errors ${result.errors}, timeouts ${result.timeouts})`)
  return result
}

export default async function publicPageBench({ baseUrl, log }: BenchContext): Promise<BenchFigure[]> {
  const page = await fetch(baseUrl + EVENT_PATH, { headers: HEADERS })
  if (page.status !== 200) throw new Error(`${EVENT_PATH} answered ${page.status}, expected 200`)
  const body = await page.text()
  log(`event page: ${body.length} bytes of HTML (${page.headers.get('content-encoding') ?? 'identity'} on the wire)`)

  log('warming up (3 s each)')
  await measure(baseUrl + BARE_PATH, { connections: 10, duration: 3 })
  await measure(baseUrl + FRAMEWORK_PATH, { connections: 10, duration: 3 })
  await measure(baseUrl + EVENT_PATH, { connections: 10, duration: 3 })

  const bare = await measure(baseUrl + BARE_PATH, { connections: 50, duration: 10 })
  const framework = await measure(baseUrl + FRAMEWORK_PATH, { connections: 50, duration: 10 })
  const event = await measure(baseUrl + EVENT_PATH, { connections: 50, duration: 10 })
  const rendered = await measure(baseUrl + EVENT_PATH, { connections: 50, duration: 10, headers: { ...HEADERS, cookie: 'passerelle_session=bench-anonymous' } })
  log(
    `bare ${BARE_PATH}: ${bare.requests.average.toFixed(0)} req/s, p50 ${bare.latency.p50} ms, p99 ${bare.latency.p99} ms; ` +
      `event page: ${event.requests.average.toFixed(0)} req/s, p50 ${event.latency.p50} ms, p99 ${event.latency.p99} ms; ` +
      `rendered every time: ${rendered.requests.average.toFixed(0)} req/s, p50 ${rendered.latency.p50} ms; ` +
      `framework ${FRAMEWORK_PATH}: ${framework.requests.average.toFixed(0)} req/s`,
  )
  const ratio = event.requests.average / bare.requests.average
  return [
    {
      name: 'public event page req/s ÷ bare route req/s (50 connections)',
      value: event.requests.average,
      unit: 'req/s',
      baseline: bare.requests.average,
      ratio,
      goal: '>= 0.6',
    },
    {
      name: 'framework resource route /ping ÷ bare Express route req/s',
      value: framework.requests.average,
      unit: 'req/s',
      baseline: bare.requests.average,
      ratio: framework.requests.average / bare.requests.average,
      goal: '—',
    },
    {
      name: 'public event page rendered on every request (cache bypassed) ÷ framework route /ping req/s',
      value: rendered.requests.average,
      unit: 'req/s',
      baseline: framework.requests.average,
      ratio: rendered.requests.average / framework.requests.average,
      goal: '>= 0.1',
    },
  ]
}
