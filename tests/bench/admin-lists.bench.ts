/**
 * Back-office lists with 100,000 attendees: the filtered page query's time, and the streamed
 * CSV export's time and peak memory against `psql \copy` of the same SELECT (same rows, same columns) in the same run.
 * The export runs in a child process so its peak RSS is its own.
 */
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'
import { sql } from 'drizzle-orm'
import { PgDialect } from 'drizzle-orm/pg-core'
import { closeDatabase, createDatabase, getDb, setDatabase } from '#db/client'
import { parseAttendeeFilter } from '~/modules/registration/attendee-list-schemas'
import { exportAttendeeBatches, exportQuery, listAttendees, type ListViewer } from '~/modules/registration/attendee-list.server'
import { csvChunks } from '~/modules/exports/stream.server'
import type { BenchContext, BenchFigure } from './types'

const ROWS = Number(process.env.BENCH_ADMIN_ROWS ?? 100_000)
const THIS_FILE = fileURLToPath(import.meta.url)

async function seed(log: (m: string) => void) {
  const db = getDb()
  const tag = Date.now().toString(36)
  const [org] = await db.execute<{ id: string }>(sql`insert into organisation (slug, name, legal_name, email, organiser_mailbox)
    values (${`bench-${tag}`}, 'Bench', 'Bench', 'bench@example.test', 'bench@example.test') returning id`)
  const [event] = await db.execute<{ id: string }>(sql`insert into event (organisation_id, slug, kind, status, title, summary, description, timezone, starts_at, ends_at, venue_name, venue_address, venue_city)
    values (${org.id}, 'bench', 'b2b_meetup', 'published', '{"fr":"Bench","en":"Bench"}', '{"fr":"","en":""}', '{"fr":"","en":""}', 'America/New_York', now() + interval '30 days', now() + interval '31 days', 'V', 'A', 'Miami') returning id`)
  const [type] = await db.execute<{ id: string }>(sql`insert into ticket_type (event_id, name, price_minor) values (${event.id}, '{"fr":"Délégué","en":"Delegate"}', 15000) returning id`)
  const started = Date.now()
  await db.execute(sql`insert into company (organisation_id, name, contact_email)
    select ${org.id}, 'Société ' || g, 'c' || g || '@bench-' || ${tag} || '.test' from generate_series(1, 10000) g`)
  await db.execute(sql`insert into registration (event_id, company_id, reference, status, contact_name, contact_email, currency, total_minor, paid_minor, privacy_accepted_at, listing_consent)
    select ${event.id}, c.id, 'BENCH-' || ${tag} || '-' || row_number() over (), (array['confirmed','confirmed','confirmed','awaiting_payment','pending_approval','cancelled'])[1 + (row_number() over ())::int % 6],
      'Contact', 'contact@bench.test', 'USD', 15000, 15000, now(), true
    from company c cross join generate_series(1, ${Math.ceil(ROWS / 20000)}) k where c.organisation_id = ${org.id}`)
  await db.execute(sql`insert into attendee (registration_id, event_id, ticket_type_id, first_name, last_name, email, locale, calendar_uid, check_in_secret)
    select r.id, r.event_id, ${type.id}, 'Prénom' || n, 'Nom' || lpad((abs(hashtext(r.id::text || n)) % 100000)::text, 5, '0'),
      'p' || n || '.' || r.reference || '@bench.test', 'fr', gen_random_uuid()::text, gen_random_uuid()::text
    from registration r cross join generate_series(1, 10) n where r.event_id = ${event.id}
    limit ${ROWS}`)
  await db.execute(sql`analyze attendee`)
  await db.execute(sql`analyze registration`)
  await db.execute(sql`analyze company`)
  const [{ n }] = await db.execute<{ n: number }>(sql`select count(*)::int as n from attendee where event_id = ${event.id}`)
  log(`seeded ${n} attendees in ${Date.now() - started} ms`)
  return { organisationId: org.id, eventId: event.id, count: n }
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

export default async function adminListsBench({ databaseUrl, log }: BenchContext): Promise<BenchFigure[]> {
  const ownHandle = !process.env.DATABASE_URL
  if (ownHandle) setDatabase(createDatabase(databaseUrl, { max: 4 }))
  try {
    const world = await seed(log)
    const viewer: ListViewer = { organisationId: world.organisationId, partnerId: null, roles: ['organiser'] }

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

    // Same rows and columns for both: the export's own SELECT, which psql writes out with \copy.
    const exportFilter = parseAttendeeFilter(new URLSearchParams(), { eventId: world.eventId })
    const where = new PgDialect().sqlToQuery(exportQuery(viewer, exportFilter, 'fr'))
    const inlined = where.sql.replace(/\$(\d+)/g, (_, n: string) => `'${String(where.params[Number(n) - 1]).replace(/'/g, "''")}'`)
    const psqlStart = performance.now()
    const psql = spawn('psql', [databaseUrl, '-q', '-c', `\\copy (${inlined.replace(/\s+/g, ' ')}) to stdout with csv header`], { stdio: ['ignore', 'pipe', 'inherit'] })
    let psqlBytes = 0
    psql.stdout.on('data', (c: Buffer) => (psqlBytes += c.length))
    const [code] = await once(psql, 'exit')
    if (code !== 0) throw new Error(`psql exited ${code}`)
    const psqlMs = performance.now() - psqlStart
    log(`psql \\copy: ${psqlMs.toFixed(0)} ms, ${(psqlBytes / 1e6).toFixed(1)} MB`)

    const child = JSON.parse(
      await runChild(['--import', 'tsx', THIS_FILE], {
        ...process.env,
        ADMIN_EXPORT_CHILD: JSON.stringify({ databaseUrl, viewer, filter: exportFilter }),
        NODE_ENV: 'production',
        LOG_LEVEL: 'silent',
      }),
    ) as { ms: number; rows: number; bytes: number; peakRssMb: number; startRssMb: number }
    log(
      `CSV export: ${child.rows} rows, ${(child.bytes / 1e6).toFixed(1)} MB in ${child.ms.toFixed(0)} ms, ` +
        `peak RSS ${child.peakRssMb.toFixed(0)} MB (${child.startRssMb.toFixed(0)} MB before the export started)`,
    )

    return [
      { name: `admin attendee page query, ${world.count} attendees (median ms)`, value: Number(pageMs.toFixed(1)), unit: 'ms', baseline: null, ratio: null, goal: '<= 100' },
      {
        name: `admin CSV export time ÷ psql \\copy (${child.rows} rows)`,
        value: Number(child.ms.toFixed(0)),
        unit: 'ms',
        baseline: Number(psqlMs.toFixed(0)),
        ratio: Number((child.ms / psqlMs).toFixed(2)),
        goal: '<= 3',
      },
      { name: 'admin CSV export peak RSS (child process)', value: Number(child.peakRssMb.toFixed(0)), unit: 'MB', baseline: null, ratio: null, goal: '< 200' },
    ]
  } finally {
    if (ownHandle) await closeDatabase()
  }
}

async function exportChild(config: { databaseUrl: string; viewer: ListViewer; filter: ReturnType<typeof parseAttendeeFilter> }) {
  setDatabase(createDatabase(config.databaseUrl, { max: 2 }))
  const startRssMb = process.memoryUsage().rss / 1024 / 1024
  const out = fs.createWriteStream('/dev/null')
  let rows = -1
  let bytes = 0
  const started = performance.now()
  const counted = (async function* () {
    for await (const batch of exportAttendeeBatches(config.viewer, config.filter, 'fr')) {
      rows += batch.length
      yield batch
    }
  })()
  for await (const chunk of csvChunks(counted)) {
    bytes += Buffer.byteLength(chunk)
    if (!out.write(chunk)) await once(out, 'drain')
  }
  out.end()
  const ms = performance.now() - started
  await closeDatabase()
  process.stdout.write(JSON.stringify({ ms, rows, bytes, startRssMb, peakRssMb: process.resourceUsage().maxRSS / 1024 }))
}

if (process.env.ADMIN_EXPORT_CHILD) {
  await exportChild(JSON.parse(process.env.ADMIN_EXPORT_CHILD))
}
