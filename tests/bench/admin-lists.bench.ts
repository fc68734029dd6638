/**
 * Back-office lists with 100,000 attendees (`--large`: ten events of 100,000, 1,000,000 in all):
 * - the filtered page query's time, and the word search's p95 (one word and a status filter);
 * - the streamed CSV export's time and peak memory against `psql \copy` of the same SELECT
 *   (same rows, same columns) in the same run. The export runs in a child process, compiled and
 *   on plain node as `npm start` runs the app, so its peak RSS is its own. With `--large`, the
 *   whole organisation's export (1,000,000 rows) beside one event's (100,000): time should grow
 *   tenfold and peak memory stay flat.
 */
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'
import { sql, type SQL } from 'drizzle-orm'
import { build } from 'esbuild'
import { PgDialect } from 'drizzle-orm/pg-core'
import { closeDatabase, createDatabase, getDb, setDatabase } from '#db/client'
import { parseAttendeeFilter } from '~/modules/registration/attendee-list-schemas'
import { exportAttendeeCsv, exportQuery, listAttendees, type ListViewer } from '~/modules/registration/attendee-list.server'
import type { BenchContext, BenchFigure } from './types'

const ROWS = Number(process.env.BENCH_ADMIN_ROWS ?? 100_000)
const CHILD_BUNDLE = fileURLToPath(new URL('../../.cache/bench-export-child.mjs', import.meta.url))
const THIS_FILE = fileURLToPath(import.meta.url)

export async function seed(log: (m: string) => void, events: number) {
  const db = getDb()
  const tag = Date.now().toString(36)
  const [org] = await db.execute<{ id: string }>(sql`insert into organisation (slug, name, legal_name, email, organiser_mailbox)
    values (${`bench-${tag}`}, 'Bench', 'Bench', 'bench@example.test', 'bench@example.test') returning id`)
  const started = Date.now()
  await db.execute(sql`insert into company (organisation_id, name, contact_email)
    select ${org.id}, 'Société ' || g, 'c' || g || '@bench-' || ${tag} || '.test' from generate_series(1, 10000) g`)
  const eventIds: string[] = []
  for (let k = 0; k < events; k++) eventIds.push(await seedEvent(org.id, tag, k))
  await db.execute(sql`analyze attendee`)
  await db.execute(sql`analyze registration`)
  await db.execute(sql`analyze company`)
  const [{ n }] = await db.execute<{ n: number }>(sql`select count(*)::int as n from attendee a join event e on e.id = a.event_id where e.organisation_id = ${org.id}`)
  log(`seeded ${n} attendees (${events} event${events > 1 ? 's' : ''}) in ${Date.now() - started} ms`)
  return { organisationId: org.id, eventId: eventIds[0], count: n / events, total: n }
}

async function seedEvent(organisationId: string, tag: string, k: number) {
  const db = getDb()
  const [event] = await db.execute<{ id: string }>(sql`insert into event (organisation_id, slug, kind, status, title, summary, description, timezone, starts_at, ends_at, venue_name, venue_address, venue_city)
    values (${organisationId}, ${`bench-${k}`}, 'b2b_meetup', 'published', '{"fr":"Bench","en":"Bench"}', '{"fr":"","en":""}', '{"fr":"","en":""}', 'America/New_York', now() + interval '30 days', now() + interval '31 days', 'V', 'A', 'Miami') returning id`)
  const [type] = await db.execute<{ id: string }>(sql`insert into ticket_type (event_id, name, price_minor) values (${event.id}, '{"fr":"Délégué","en":"Delegate"}', 15000) returning id`)
  await db.execute(sql`insert into registration (event_id, company_id, reference, status, contact_name, contact_email, currency, total_minor, paid_minor, privacy_accepted_at, listing_consent)
    select ${event.id}, c.id, 'BENCH-' || ${tag} || '-' || ${String(k)} || '-' || row_number() over (), (array['confirmed','confirmed','confirmed','awaiting_payment','pending_approval','cancelled'])[1 + (row_number() over ())::int % 6],
      'Contact', 'contact@bench.test', 'USD', 15000, 15000, now(), true
    from company c cross join generate_series(1, ${Math.ceil(ROWS / 20000)}) k where c.organisation_id = ${organisationId}`)
  await db.execute(sql`insert into attendee (registration_id, event_id, ticket_type_id, first_name, last_name, email, locale, calendar_uid, check_in_secret)
    select r.id, r.event_id, ${type.id}, 'Prénom' || n, 'Nom' || lpad((abs(hashtext(r.id::text || n)) % 100000)::text, 5, '0'),
      'p' || n || '.' || r.reference || '@bench.test', 'fr', gen_random_uuid()::text, gen_random_uuid()::text
    from registration r cross join generate_series(1, 10) n where r.event_id = ${event.id}
    limit ${ROWS}`)
  return event.id
}

function median(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]
}

function runChild(args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'inherit'] })
    let out = ''
    child.stdout.on('data', (c) => (out += c))
    child.once('error', reject)
    child.once('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`${args.join(' ')} exited ${code}`))))
  })
}

function percentile(values: number[], p: number) {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]
}

/** `psql \copy` of the export's own SELECT: the baseline (same rows, same columns). */
async function psqlCopy(databaseUrl: string, query: SQL) {
  const where = new PgDialect().sqlToQuery(query)
  const inlined = where.sql.replace(/\$(\d+)/g, (_, n: string) => `'${String(where.params[Number(n) - 1]).replace(/'/g, "''")}'`)
  const started = performance.now()
  const psql = spawn('psql', [databaseUrl, '-q', '-c', `\\copy (${inlined.replace(/\s+/g, ' ')}) to stdout with csv header`], { stdio: ['ignore', 'pipe', 'inherit'] })
  let bytes = 0
  psql.stdout.on('data', (c: Buffer) => (bytes += c.length))
  const [code] = await once(psql, 'exit')
  if (code !== 0) throw new Error(`psql exited ${code}`)
  return { ms: performance.now() - started, bytes }
}

type ChildResult = { ms: number; rows: number; bytes: number; peakRssMb: number; startRssMb: number }

/** The export in its own process, compiled for plain node (as `npm start` runs the app). */
async function exportInChild(databaseUrl: string, viewer: ListViewer, filter: ReturnType<typeof parseAttendeeFilter>): Promise<ChildResult> {
  return JSON.parse(
    await runChild([CHILD_BUNDLE], {
      ...process.env,
      ADMIN_EXPORT_CHILD: JSON.stringify({ databaseUrl, viewer, filter }),
      NODE_ENV: 'production',
      LOG_LEVEL: 'silent',
    }),
  ) as ChildResult
}

export default async function adminListsBench({ databaseUrl, log, large }: BenchContext): Promise<BenchFigure[]> {
  const ownHandle = !process.env.DATABASE_URL
  if (ownHandle) setDatabase(createDatabase(databaseUrl, { max: 4 }))
  try {
    await build({
      entryPoints: [THIS_FILE],
      outfile: CHILD_BUNDLE,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      packages: 'external',
      tsconfig: fileURLToPath(new URL('../../tsconfig.json', import.meta.url)),
      logLevel: 'warning',
    })
    const world = await seed(log, large ? 10 : 1)
    const viewer: ListViewer = { organisationId: world.organisationId, partnerId: null, roles: ['organiser'] }
    const size = large ? '1,000,000' : '100,000'

    const filters = [
      parseAttendeeFilter(new URLSearchParams({ status: 'confirmed', page: '3' }), { eventId: world.eventId }),
      parseAttendeeFilter(new URLSearchParams({ q: 'nom123' }), { eventId: world.eventId }),
      parseAttendeeFilter(new URLSearchParams({ q: 'société 42', sort: 'name' }), { eventId: world.eventId }),
    ]
    const pageTimes: number[] = []
    for (let i = 0; i < 15; i++) {
      for (const filter of filters) {
        const t0 = performance.now()
        await listAttendees(getDb(), viewer, filter)
        pageTimes.push(performance.now() - t0)
      }
    }
    const pageMs = median(pageTimes)
    log(`filtered page (page + count): median ${pageMs.toFixed(1)} ms over ${pageTimes.length} runs`)

    // Word search as the organiser types it: one word (a name's beginning, a company's word or
    // an e-mail's) and the status filter, over every attendee the organisation has; the page and
    // its count, as the list shows them.
    const words = ['nom4', 'nom12', 'nom777', 'nom99999', 'prénom3', 'société', '4242', 'p7', 'bench', 'nom00']
    const searchTimes: number[] = []
    const byWord = new Map<string, { times: number[]; found: number }>()
    for (let i = 0; i < 6; i++) {
      for (const q of words) {
        const filter = parseAttendeeFilter(new URLSearchParams({ q, status: i % 2 ? 'confirmed' : 'awaiting_payment' }))
        const t0 = performance.now()
        const { total } = await listAttendees(getDb(), viewer, filter)
        const ms = performance.now() - t0
        searchTimes.push(ms)
        const entry = byWord.get(q) ?? { times: [], found: 0 }
        entry.times.push(ms)
        entry.found = Math.max(entry.found, total)
        byWord.set(q, entry)
      }
    }
    const searchP95 = percentile(searchTimes, 95)
    log(`word search over ${world.total} attendees: median ${median(searchTimes).toFixed(1)} ms, p95 ${searchP95.toFixed(1)} ms over ${searchTimes.length} queries`)
    log(`  by word (median ms, most found): ${[...byWord].map(([q, e]) => `${q} ${median(e.times).toFixed(0)} ms/${e.found}`).join(', ')}`)

    const figures: BenchFigure[] = [
      { name: `admin attendee page query, ${world.count} attendees (median ms)`, value: Number(pageMs.toFixed(1)), unit: 'ms', baseline: null, ratio: null, goal: '<= 100' },
      { name: `word search, one word + status filter, ${size} attendees (p95)`, value: Number(searchP95.toFixed(1)), unit: 'ms', baseline: null, ratio: null, goal: '<= 30' },
    ]

    // One event's export (100,000 rows) against psql; with --large, the organisation's too.
    const runs = [{ label: `${world.count} rows`, filter: parseAttendeeFilter(new URLSearchParams(), { eventId: world.eventId }) }]
    if (large) runs.push({ label: `${world.total} rows`, filter: parseAttendeeFilter(new URLSearchParams()) })
    const results: ChildResult[] = []
    for (const run of runs) {
      const psql = await psqlCopy(databaseUrl, exportQuery(viewer, run.filter, 'fr'))
      log(`psql \\copy (${run.label}): ${psql.ms.toFixed(0)} ms, ${(psql.bytes / 1e6).toFixed(1)} MB`)
      const child = await exportInChild(databaseUrl, viewer, run.filter)
      results.push(child)
      log(
        `CSV export: ${child.rows} rows, ${(child.bytes / 1e6).toFixed(1)} MB in ${child.ms.toFixed(0)} ms, ` +
          `peak RSS ${child.peakRssMb.toFixed(0)} MB (${child.startRssMb.toFixed(0)} MB before the export started)`,
      )
      figures.push(
        {
          name: `admin CSV export time ÷ psql \\copy (${child.rows} rows)`,
          value: Number(child.ms.toFixed(0)),
          unit: 'ms',
          baseline: Number(psql.ms.toFixed(0)),
          ratio: Number((child.ms / psql.ms).toFixed(2)),
          goal: '<= 1.5',
        },
        { name: `admin CSV export peak RSS, ${child.rows} rows (child process)`, value: Number(child.peakRssMb.toFixed(0)), unit: 'MB', baseline: null, ratio: null, goal: '< 150' },
      )
    }
    if (large) {
      const [small, big] = results
      figures.push(
        { name: 'admin CSV export: time for 1,000,000 rows ÷ time for 100,000 (linear = 10)', value: Number(big.ms.toFixed(0)), unit: 'ms', baseline: Number(small.ms.toFixed(0)), ratio: Number((big.ms / small.ms).toFixed(2)), goal: '<= 11' },
        { name: 'admin CSV export: peak RSS for 1,000,000 rows ÷ for 100,000 (flat = 1)', value: Number(big.peakRssMb.toFixed(0)), unit: 'MB', baseline: Number(small.peakRssMb.toFixed(0)), ratio: Number((big.peakRssMb / small.peakRssMb).toFixed(2)), goal: '<= 1.1' },
      )
    }
    return figures
  } finally {
    if (ownHandle) await closeDatabase()
  }
}

async function exportChild(config: { databaseUrl: string; viewer: ListViewer; filter: ReturnType<typeof parseAttendeeFilter> }) {
  setDatabase(createDatabase(config.databaseUrl, { max: 2 }))
  const startRssMb = process.memoryUsage().rss / 1024 / 1024
  const out = fs.createWriteStream('/dev/null')
  let lines = 0
  let bytes = 0
  const started = performance.now()
  // What the routes send: the CSV file as bytes (its records counted by their line ends; the
  // bench's values hold no newline).
  const file = (await exportAttendeeCsv(config.viewer, config.filter, 'fr')).getReader()
  for (let next = await file.read(); !next.done; next = await file.read()) {
    const chunk = next.value
    bytes += chunk.length
    for (let at = chunk.indexOf(0x0a); at !== -1; at = chunk.indexOf(0x0a, at + 1)) lines++
    if (!out.write(chunk)) await once(out, 'drain')
  }
  const rows = lines - 1
  out.end()
  const ms = performance.now() - started
  await closeDatabase()
  process.stdout.write(JSON.stringify({ ms, rows, bytes, startRssMb, peakRssMb: process.resourceUsage().maxRSS / 1024 }))
}

if (process.env.ADMIN_EXPORT_CHILD) {
  await exportChild(JSON.parse(process.env.ADMIN_EXPORT_CHILD))
}
