import { sql } from 'drizzle-orm'
import { PgDialect } from 'drizzle-orm/pg-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { getDb } from '#db/client'
import { parseAttendeeFilter } from '~/modules/registration/attendee-list-schemas'
import { ATTENDEE_LIST_FROM, SEARCH_COUNT_CAP, attendeePageQuery, attendeeWhere, exportAttendeeRows, listAttendees } from '~/modules/registration/attendee-list.server'
import { createAdminWorld } from './fixtures'

type PlanNode = { 'Node Type': string; 'Relation Name'?: string; 'Index Name'?: string; Plans?: PlanNode[] }

function nodes(plan: PlanNode): PlanNode[] {
  return [plan, ...(plan.Plans ?? []).flatMap(nodes)]
}

async function explain(query: ReturnType<typeof attendeePageQuery>) {
  const { sql: text, params } = new PgDialect().sqlToQuery(query)
  const db = getDb()
  // EXPLAIN cannot take bind parameters through drizzle's helper: inline them safely as literals.
  const inlined = text.replace(/\$(\d+)/g, (_, n: string) => {
    const v = params[Number(n) - 1]
    return typeof v === 'number' ? String(v) : `'${String(v).replace(/'/g, "''")}'`
  })
  const rows = await db.execute<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(sql.raw(`explain (format json) ${inlined}`))
  return nodes(rows[0]['QUERY PLAN'][0].Plan)
}

let world: Awaited<ReturnType<typeof createAdminWorld>>
const viewer = () => ({ organisationId: world.org.id, partnerId: null, roles: ['organiser' as const] })

describe('attendee lists', () => {
  beforeAll(async () => {
    world = await createAdminWorld()
    const db = getDb()
    // 50,000 attendees: 25,000 registrations of 5,000 companies, two people each.
    await db.execute(sql`
      insert into company (organisation_id, name, contact_email)
      select ${world.org.id}, 'Société ' || g, 'contact' || g || '@bulk-' || ${world.org.slug} || '.test' from generate_series(1, 5000) g`)
    await db.execute(sql`
      insert into registration (event_id, company_id, reference, status, contact_name, contact_email, currency, total_minor, paid_minor, privacy_accepted_at, listing_consent)
      select ${world.event.id}, c.id, 'B-' || ${world.org.slug} || '-' || g,
        (array['confirmed','confirmed','confirmed','awaiting_payment','pending_approval','cancelled'])[1 + g % 6],
        'Contact ' || g, 'c' || g || '@bulk.test', 'USD', 15000, case when g % 3 = 0 then 0 else 15000 end, now(), g % 2 = 0
      from generate_series(1, 25000) g
      join lateral (select id from company where organisation_id = ${world.org.id} and name = 'Société ' || (1 + g % 5000)) c on true`)
    await db.execute(sql`
      insert into attendee (registration_id, event_id, ticket_type_id, first_name, last_name, email, locale, calendar_uid, check_in_secret, checked_in_at)
      select r.id, r.event_id, ${world.ticketType.id}, 'Prénom' || n, 'Nom' || lpad((abs(hashtext(r.id::text || n)) % 100000)::text, 5, '0'),
        'p' || n || '.' || r.reference || '@bulk.test', case when n = 1 then 'fr' else 'en' end,
        gen_random_uuid()::text, gen_random_uuid()::text, case when n = 2 and r.status = 'confirmed' then now() else null end
      from registration r cross join generate_series(1, 2) n
      where r.event_id = ${world.event.id} and r.reference like 'B-%'`)
    // Someone with an accented name, in a company whose name has several words.
    await db.execute(sql`
      with c as (
        insert into company (organisation_id, name, contact_email) values (${world.org.id}, 'Rhums du Carbet', ${`carbet@${world.org.slug}.test`}) returning id
      ), r as (
        insert into registration (event_id, company_id, reference, status, contact_name, contact_email, currency, total_minor, paid_minor, privacy_accepted_at, listing_consent)
        select ${world.event.id}, c.id, ${`CARBET-${world.org.slug}`}, 'confirmed', 'Élise Péloux', 'elise.peloux@carbet.test', 'USD', 0, 0, now(), false from c returning id
      )
      insert into attendee (registration_id, event_id, ticket_type_id, first_name, last_name, email, locale, calendar_uid, check_in_secret)
      select r.id, ${world.event.id}, ${world.ticketType.id}, 'Élise', 'Péloux', 'elise.peloux@carbet.test', 'fr', gen_random_uuid()::text, gen_random_uuid()::text from r`)
    await db.execute(sql`analyze attendee`)
    await db.execute(sql`analyze registration`)
    await db.execute(sql`analyze company`)
  })

  it('seeded 50,000 attendees on the event', async () => {
    const [{ n }] = await getDb().execute<{ n: number }>(sql`select count(*)::int as n from attendee where event_id = ${world.event.id}`)
    expect(n).toBeGreaterThanOrEqual(50_000)
  })

  it('the filtered page query uses an index, never a sequential scan of attendee', async () => {
    const cases = [
      parseAttendeeFilter(new URLSearchParams({ status: 'confirmed' }), { eventId: world.event.id }),
      parseAttendeeFilter(new URLSearchParams({ q: 'nom0042', paid: 'no' }), { eventId: world.event.id }),
      parseAttendeeFilter(new URLSearchParams({ checkedIn: 'yes', locale: 'en', page: '20' }), { eventId: world.event.id }),
      parseAttendeeFilter(new URLSearchParams({ q: 'nom12' })),
    ]
    for (const filter of cases) {
      const plan = await explain(attendeePageQuery(viewer(), filter))
      const seq = plan.filter((n) => n['Node Type'] === 'Seq Scan' && n['Relation Name'] === 'attendee')
      expect(seq, JSON.stringify(filter)).toEqual([])
      expect(plan.some((n) => n['Relation Name'] === 'attendee' && /Index/.test(n['Node Type'])), JSON.stringify(filter)).toBe(true)
    }
  })

  it('filters, searches by name / company / email prefix, sorts and pages on the server', async () => {
    const db = getDb()
    const first = await listAttendees(db, viewer(), parseAttendeeFilter(new URLSearchParams({ status: 'confirmed' }), { eventId: world.event.id }))
    expect(first.items).toHaveLength(50)
    expect(first.items.every((a) => a.registrationStatus === 'confirmed')).toBe(true)
    const names = first.items.map((a) => a.lastName.toLowerCase())
    expect([...names].sort()).toEqual(names)
    const second = await listAttendees(db, viewer(), parseAttendeeFilter(new URLSearchParams({ status: 'confirmed', page: '2' }), { eventId: world.event.id }))
    expect(second.items[0].lastName.toLowerCase() >= names[names.length - 1]).toBe(true)

    const byCompany = await listAttendees(db, viewer(), parseAttendeeFilter(new URLSearchParams({ q: 'rhum' }), { eventId: world.event.id }))
    expect(byCompany.items.map((a) => a.lastName).sort()).toEqual(['Consent', 'Péloux'])
    const byEmail = await listAttendees(db, viewer(), parseAttendeeFilter(new URLSearchParams({ q: 'paul.' }), { eventId: world.event.id }))
    expect(byEmail.items.map((a) => a.lastName)).toEqual(['Private'])
    const unpaid = await listAttendees(db, viewer(), parseAttendeeFilter(new URLSearchParams({ paid: 'no' }), { eventId: world.event.id }))
    expect(unpaid.items.every((a) => (a.paidMinor ?? 0) < (a.totalMinor ?? 0))).toBe(true)
    const checked = await listAttendees(db, viewer(), parseAttendeeFilter(new URLSearchParams({ checkedIn: 'yes' }), { eventId: world.event.id }))
    expect(checked.total).toBeGreaterThan(0)
    expect(checked.items.every((a) => a.checkedInAt !== null)).toBe(true)
    // Any word, from its beginning, accents and case ignored; every word must match somewhere.
    const inside = await listAttendees(db, viewer(), parseAttendeeFilter(new URLSearchParams({ q: 'Carbet' }), { eventId: world.event.id }))
    expect(inside.items.map((a) => a.companyName)).toEqual(['Rhums du Carbet'])
    const twoWords = await listAttendees(db, viewer(), parseAttendeeFilter(new URLSearchParams({ q: 'du carb' }), { eventId: world.event.id }))
    expect(twoWords.items.map((a) => a.companyName)).toEqual(['Rhums du Carbet'])
    const accents = await listAttendees(db, viewer(), parseAttendeeFilter(new URLSearchParams({ q: 'PELOUX' }), { eventId: world.event.id }))
    expect(accents.items.map((a) => a.lastName)).toEqual(['Péloux'])
    const across = await listAttendees(db, viewer(), parseAttendeeFilter(new URLSearchParams({ q: 'élise rhums' }), { eventId: world.event.id }))
    expect(across.items.map((a) => a.lastName)).toEqual(['Péloux'])
    const notAWordStart = await listAttendees(db, viewer(), parseAttendeeFilter(new URLSearchParams({ q: 'arbet' }), { eventId: world.event.id }))
    expect(notAWordStart.total).toBe(0)
    // Wildcards typed by the user are literal characters, not patterns.
    const literal = await listAttendees(db, viewer(), parseAttendeeFilter(new URLSearchParams({ q: '%' }), { eventId: world.event.id }))
    expect(literal.total).toBe(0)
  })

  it('a word most people share counts up to the cap and still pages in name order; rare words count exactly', async () => {
    const db = getDb()
    const filter = parseAttendeeFilter(new URLSearchParams({ q: 'société', status: 'confirmed' }), { eventId: world.event.id })
    const broad = await listAttendees(db, viewer(), filter)
    expect(broad.totalIsAtLeast).toBe(true)
    expect(broad.total).toBe(SEARCH_COUNT_CAP)
    expect(broad.pages).toBe(SEARCH_COUNT_CAP / 50)
    // The name-order walk gives the very page the plain query gives (sorted, the same 50 people).
    const plain = await getDb().execute<{ id: string }>(attendeePageQuery(viewer(), filter, 'filter'))
    expect(broad.items.map((a) => a.id)).toEqual(plain.map((r) => r.id))
    expect(broad.items.every((a) => a.companyName.startsWith('Société') && a.registrationStatus === 'confirmed')).toBe(true)
    const page3 = await listAttendees(db, viewer(), { ...filter, page: 3 })
    expect(page3.items[0].lastName.toLowerCase() >= broad.items[49].lastName.toLowerCase()).toBe(true)
    const rare = await listAttendees(db, viewer(), parseAttendeeFilter(new URLSearchParams({ q: 'carbet' }), { eventId: world.event.id }))
    expect(rare).toMatchObject({ total: 1, totalIsAtLeast: false })
  })

  it('a one-word search sorted by name (last names by their range, other words by theirs) gives the plain query\'s pages and counts', async () => {
    const db = getDb()
    // Last names whose first word is not the whole name, accents and an apostrophe.
    await db.execute(sql`
      with c as (
        insert into company (organisation_id, name, contact_email) values (${world.org.id}, 'Nomades Caraïbes', ${`nomades@${world.org.slug}.test`}) returning id
      ), r as (
        insert into registration (event_id, company_id, reference, status, contact_name, contact_email, currency, total_minor, paid_minor, privacy_accepted_at, listing_consent)
        select ${world.event.id}, c.id, ${`NOMADES-${world.org.slug}`}, 'confirmed', 'Claire Nomade', 'claire@nomades.test', 'USD', 0, 0, now(), false from c returning id
      )
      insert into attendee (registration_id, event_id, ticket_type_id, first_name, last_name, email, locale, calendar_uid, check_in_secret)
      select r.id, ${world.event.id}, ${world.ticketType.id}, p.first, p.last, p.email, 'fr', gen_random_uuid()::text, gen_random_uuid()::text
      from r, (values ('Claire', 'Saint-Clair', 'claire@nomades.test'), ('Nomade', 'de la Cruz', 'nc@nomades.test'), ('Ève', 'Écrin', 'eve@nomades.test'),
        ('Léa', 'ecrin', 'lea@nomades.test'), ('Sean', 'O''Neil', 'sean@nomades.test'), ('Noé', 'Nomade', 'noe@nomades.test'), ('Nina', 'Nom12 Saint', 'nina@nomades.test')) as p(first, last, email)`)
    const cap = SEARCH_COUNT_CAP + 1
    const words = ['saint', 'clair', 'cruz', 'la', 'de', 'ecr', 'Écrin', 'o', 'neil', 'nom1', 'nom12', 'nom4', 'prenom1', 'societe', 'nomade', 'no', 'p2', 'caraibes', 'zzz']
    for (const q of words) {
      for (const extra of [{}, { status: 'confirmed' }, { status: 'awaiting_payment' }, { approval: 'pending' }, { paid: 'no' }] as Record<string, string>[]) {
        for (const page of ['1', '2']) {
          const filter = parseAttendeeFilter(new URLSearchParams({ q, page, ...extra }), { eventId: world.event.id })
          const got = await listAttendees(db, viewer(), filter)
          const [{ n }] = await db.execute<{ n: number }>(
            sql`select count(*)::int as n from (select 1 ${ATTENDEE_LIST_FROM} where ${attendeeWhere(viewer(), filter, 'filter')} limit ${cap}) m`,
          )
          const label = JSON.stringify({ q, page, ...extra })
          expect({ total: got.total, totalIsAtLeast: got.totalIsAtLeast }, label).toEqual({ total: Math.min(n, SEARCH_COUNT_CAP), totalIsAtLeast: n > SEARCH_COUNT_CAP })
          const plain = Number(page) > got.pages ? [] : await db.execute<{ id: string }>(attendeePageQuery(viewer(), filter, 'filter'))
          expect(got.items.map((a) => a.id), label).toEqual(plain.map((r) => r.id))
        }
      }
    }
    // The folded name order: "Écrin" and "ecrin" side by side, before "Nomade".
    const folded = await listAttendees(db, viewer(), parseAttendeeFilter(new URLSearchParams({ q: 'nomades' }), { eventId: world.event.id }))
    expect(folded.items.map((a) => a.lastName)).toEqual(['de la Cruz', 'Écrin', 'ecrin', 'Nom12 Saint', 'Nomade', "O'Neil", 'Saint-Clair'])
    await db.execute(sql`delete from attendee where registration_id in (select id from registration where reference = ${`NOMADES-${world.org.slug}`})`)
    await db.execute(sql`delete from registration where reference = ${`NOMADES-${world.org.slug}`}`)
  })

  it("the status filter reads the registration's status kept on the attendee: the same rows and counts as the registration's own", async () => {
    const db = getDb()
    // Statuses changed after the attendees were written: the copy on the attendee follows.
    await db.execute(sql`update registration set status = 'cancelled' where event_id = ${world.event.id} and reference like 'B-%' and right(reference, 2) = '17'`)
    await db.execute(sql`update registration set status = 'awaiting_payment' where event_id = ${world.event.id} and reference like 'B-%' and right(reference, 2) = '42'`)
    const ownStatus = (status: string) => sql`select a.id ${ATTENDEE_LIST_FROM} where e.organisation_id = ${world.org.id} and r.status = ${status}`
    for (const status of ['confirmed', 'awaiting_payment', 'pending_approval', 'cancelled']) {
      for (const q of [undefined, 'nom4', 'societe', 'p2']) {
        const filter = parseAttendeeFilter(new URLSearchParams({ status, ...(q ? { q } : {}) }))
        const got = await listAttendees(db, viewer(), filter)
        const words = q ? sql` and a.search_words @@ to_tsquery('simple', ${`${q}:*`})` : sql``
        const [{ n }] = await db.execute<{ n: number }>(sql`select count(*)::int as n from (${ownStatus(status)}${words} limit ${q ? SEARCH_COUNT_CAP + 1 : null}) m`)
        const label = JSON.stringify({ status, q })
        expect(got.total, label).toBe(q ? Math.min(n, SEARCH_COUNT_CAP) : n)
        const page = await db.execute<{ id: string }>(sql`${ownStatus(status)}${words}
          order by passerelle_fold(a.last_name) collate "C", passerelle_fold(a.first_name) collate "C", a.id limit 50`)
        expect(got.items.map((a) => a.id), label).toEqual(page.map((r) => r.id))
      }
    }
  })

  it('the words follow a renamed company, a registration moved to another company and an erased name', async () => {
    const db = getDb()
    const find = async (q: string) => (await listAttendees(db, viewer(), parseAttendeeFilter(new URLSearchParams({ q }), { eventId: world.event.id }))).items.map((a) => a.lastName)
    const [{ companyId, registrationId }] = await db.execute<{ companyId: string; registrationId: string }>(
      sql`select r.company_id as "companyId", r.id as "registrationId" from registration r where r.reference = ${`CARBET-${world.org.slug}`}`,
    )
    await db.execute(sql`update company set name = 'Distillerie Zabeth' where id = ${companyId}`)
    expect(await find('zabeth')).toEqual(['Péloux'])
    expect(await find('carbet')).toEqual([])
    const [other] = await db.execute<{ id: string }>(sql`insert into company (organisation_id, name, contact_email) values (${world.org.id}, 'Habitation Quiroga', ${`quiroga@${world.org.slug}.test`}) returning id`)
    await db.execute(sql`update registration set company_id = ${other.id} where id = ${registrationId}`)
    expect(await find('quiroga')).toEqual(['Péloux'])
    expect(await find('zabeth')).toEqual([])
    await db.execute(sql`update attendee set first_name = 'Personne', last_name = 'effacée', email = 'efface@invalid.test' where registration_id = ${registrationId}`)
    expect(await find('péloux')).toEqual([])
    const [{ words, rest }] = await db.execute<{ words: string; rest: string }>(
      sql`select search_words::text as words, search_words_rest::text as rest from attendee where registration_id = ${registrationId}`,
    )
    expect(words).not.toMatch(/peloux|elise/)
    expect(rest).not.toMatch(/peloux|elise/)
    expect(rest).toMatch(/quiroga/)
    // Put them back for the tests after this one.
    await db.execute(sql`update attendee set first_name = 'Élise', last_name = 'Péloux', email = 'elise.peloux@carbet.test' where registration_id = ${registrationId}`)
    await db.execute(sql`update registration set company_id = ${companyId} where id = ${registrationId}`)
    await db.execute(sql`update company set name = 'Rhums du Carbet' where id = ${companyId}`)
    expect(await find('carbet')).toEqual(['Péloux'])
  })

  it('a partner viewer sees only consenting, confirmed attendees of shared events, without contact or money', async () => {
    const db = getDb()
    const partnerViewer = { organisationId: world.org.id, partnerId: world.partner.id, roles: ['partner_viewer' as const] }
    const list = await listAttendees(db, partnerViewer, parseAttendeeFilter(new URLSearchParams(), { eventId: world.event.id }))
    const everyone = await listAttendees(db, viewer(), parseAttendeeFilter(new URLSearchParams(), { eventId: world.event.id }))
    expect(list.total).toBeGreaterThan(0)
    expect(list.total).toBeLessThan(everyone.total)
    expect(list.items.every((a) => a.registrationStatus === 'confirmed' && a.attendeeStatus === 'active')).toBe(true)
    const small = await listAttendees(db, partnerViewer, parseAttendeeFilter(new URLSearchParams({ q: 'consent' }), { eventId: world.event.id }))
    expect(small.items.map((a) => a.lastName)).toEqual(['Consent'])
    expect(small.items[0].email).toBeNull()
    expect(small.items[0].totalMinor).toBeNull()
    const hidden = await listAttendees(db, partnerViewer, parseAttendeeFilter(new URLSearchParams({ q: 'private' }), { eventId: world.event.id }))
    expect(hidden.total).toBe(0)
    const other = { organisationId: world.org.id, partnerId: world.otherPartner.id, roles: ['partner_viewer' as const] }
    expect((await listAttendees(db, other, parseAttendeeFilter(new URLSearchParams(), { eventId: world.event.id }))).total).toBe(0)

    const rows: string[][] = []
    for await (const row of exportAttendeeRows(partnerViewer, parseAttendeeFilter(new URLSearchParams({ q: 'consent' }), { eventId: world.event.id }), 'fr')) rows.push(row)
    expect(rows[0]).not.toContain('E-mail')
    expect(rows.slice(1).map((r) => r.join('|'))).toEqual([expect.stringContaining('Consent')])
    // Partner columns: event, company, last name, first name, job title, ticket type.
    expect(rows[1].slice(2, 4)).toEqual(['Consent', 'Line'])
    expect(rows[1][5]).toBe('Délégué')
  })

  it('the export holds exactly the rows of the filter', async () => {
    const filter = parseAttendeeFilter(new URLSearchParams({ status: 'awaiting_payment' }), { eventId: world.event.id })
    const list = await listAttendees(getDb(), viewer(), filter)
    let count = -1
    for await (const row of exportAttendeeRows(viewer(), filter, 'en')) {
      if (count >= 0) expect(row[10]).toBe('awaiting_payment')
      count++
    }
    expect(count).toBe(list.total)
    expect(count).toBeGreaterThan(5000)
  })
})
