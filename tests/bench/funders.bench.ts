/**
 * Funders' report pack for a year with 20 missions, 1,500 companies and 10,000 attendance
 * records: the pack's time against a plain CSV export of the same attendance rows (same run),
 * and the process's peak RSS while the pack is built.
 */
import { sql } from 'drizzle-orm'
import { closeDatabase, createDatabase, getDb, setDatabase } from '#db/client'
import { csvChunks } from '~/modules/exports/stream.server'
import { buildReportPack } from '~/modules/funders/pack.server'
import type { BenchContext, BenchFigure } from './types'

const MISSIONS = 20
const COMPANIES = 1_500
const ATTENDEES = 10_000

async function seed(log: (m: string) => void) {
  const db = getDb()
  const tag = Date.now().toString(36)
  const started = Date.now()
  const [org] = await db.execute<{ id: string }>(sql`insert into organisation (slug, name, legal_name, email, organiser_mailbox)
    values (${`bench-funders-${tag}`}, 'Bench', 'Bench', 'bench@example.test', 'bench@example.test') returning id`)
  const [funder] = await db.execute<{ id: string }>(sql`insert into partner (organisation_id, slug, name, kind, is_funder) values (${org.id}, 'region', 'Région', 'funder', true) returning id`)
  await db.execute(sql`insert into event (organisation_id, slug, kind, status, title, summary, description, timezone, starts_at, ends_at, venue_name, venue_address, venue_city)
    select ${org.id}, 'mission-' || g, 'delegation', 'published', '{"fr":"Mission","en":"Mission"}', '{"fr":"","en":""}', '{"fr":"","en":""}', 'America/New_York',
      timestamptz '2026-01-10 14:00Z' + (g * interval '15 days'), timestamptz '2026-01-10 22:00Z' + (g * interval '15 days'), 'V', 'A', 'Miami'
    from generate_series(1, ${MISSIONS}) g`)
  await db.execute(sql`insert into event_partner (event_id, partner_id, role) select id, ${funder.id}, 'funder' from event where organisation_id = ${org.id}`)
  await db.execute(sql`insert into ticket_type (event_id, name, price_minor) select id, '{"fr":"Délégué","en":"Delegate"}', 0 from event where organisation_id = ${org.id}`)
  await db.execute(sql`insert into company (organisation_id, name, contact_email, country)
    select ${org.id}, 'Société ' || g, 'c' || g || '@bench-' || ${tag} || '.test', case when g % 3 = 0 then 'US' else 'MQ' end from generate_series(1, ${COMPANIES}) g`)
  await db.execute(sql`insert into company_year_figures (company_id, year, headcount, turnover_eur_minor, balance_sheet_eur_minor)
    select id, 2025, (abs(hashtext(id::text)) % 300), (abs(hashtext(id::text || 't')) % 6000000000)::bigint, (abs(hashtext(id::text || 'b')) % 5000000000)::bigint from company where organisation_id = ${org.id}`)
  // Each mission takes 100 companies (some on several missions), 5 delegates each: 10,000 attendees.
  await db.execute(sql`insert into registration (event_id, company_id, reference, status, contact_name, contact_email, currency, privacy_accepted_at)
    select e.id, c.id, 'BF-' || ${tag} || '-' || e.slug || '-' || c.rn, 'confirmed', 'Contact', 'contact@bench.test', 'USD', now()
    from (select id, slug, row_number() over (order by slug) as en from event where organisation_id = ${org.id}) e
    join (select id, row_number() over (order by id) as rn from company where organisation_id = ${org.id}) c
      on (c.rn + e.en * 73) % ${COMPANIES} < ${ATTENDEES / MISSIONS / 5}`)
  await db.execute(sql`insert into attendee (registration_id, event_id, ticket_type_id, first_name, last_name, email, locale, calendar_uid, check_in_secret, checked_in_at)
    select r.id, r.event_id, t.id, 'Prénom' || n, 'Nom' || n, 'p' || n || '.' || r.reference || '@bench.test', 'fr', gen_random_uuid()::text, gen_random_uuid()::text,
      case when n < 5 then e.starts_at + interval '10 minutes' end
    from registration r join event e on e.id = r.event_id join ticket_type t on t.event_id = r.event_id cross join generate_series(1, 5) n
    where e.organisation_id = ${org.id}`)
  await db.execute(sql`analyze`)
  const [{ n }] = await db.execute<{ n: number }>(sql`select count(*)::int as n from attendee a join event e on e.id = a.event_id where e.organisation_id = ${org.id}`)
  log(`funders: seeded ${MISSIONS} missions, ${COMPANIES} companies, ${n} attendees in ${Date.now() - started} ms`)
  return { organisationId: org.id, funderId: funder.id }
}

export default async function funders(ctx: BenchContext): Promise<BenchFigure[]> {
  setDatabase(createDatabase(ctx.databaseUrl, { max: 4 }))
  try {
    const { organisationId, funderId } = await seed(ctx.log)
    const csvStart = performance.now()
    const rows = await getDb().execute<Record<string, unknown>>(sql`
      select e.slug, a.last_name, a.first_name, c.name, a.checked_in_at from attendee a
      join registration r on r.id = a.registration_id join company c on c.id = r.company_id join event e on e.id = a.event_id
      where e.organisation_id = ${organisationId} order by e.slug, a.last_name, a.id`)
    let bytes = 0
    for await (const chunk of csvChunks((async function* () { yield rows.map((r) => Object.values(r).map((v) => String(v ?? ''))) })())) bytes += chunk.length
    const csvMs = performance.now() - csvStart

    let peak = process.memoryUsage().rss
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20)
    const before = process.memoryUsage().rss
    const packStart = performance.now()
    const pack = await buildReportPack({ organisationId, funderPartnerId: funderId, from: '2026-01-01', to: '2026-12-31', locale: 'fr' })
    const packMs = performance.now() - packStart
    clearInterval(sampler)
    ctx.log(`funders: pack ${Math.round(packMs)} ms (${pack.zip.byteLength} bytes), CSV ${Math.round(csvMs)} ms (${bytes} chars)`)
    return [
      { name: 'funders pack / plain CSV export (time)', value: Math.round(packMs), unit: 'ms', baseline: Math.round(csvMs), ratio: packMs / Math.max(csvMs, 1), goal: '<= 60000 ms' },
      { name: 'funders pack peak RSS growth', value: Math.round((peak - before) / 1_048_576), unit: 'MiB', baseline: null, ratio: null, goal: '<= 512' },
    ]
  } finally {
    await closeDatabase()
  }
}
