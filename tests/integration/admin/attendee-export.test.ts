/**
 * The attendee CSV export through COPY (decision 028) gives the very file the cursor path gives:
 * BOM, localised header, CRLF between records, formula-like cells neutralised, `;` quoted,
 * newlines inside values kept; the partner's columns; a cancelled download stops the COPY.
 */
import { sql } from 'drizzle-orm'
import { beforeAll, describe, expect, inject, it } from 'vitest'
import { getDatabaseHandle, getDb } from '#db/client'
import { parseAttendeeFilter } from '~/modules/registration/attendee-list-schemas'
import { exportAttendeeBatches, exportAttendeeCsv, exportCopyQuery, ORGANISER_EXPORT_COLUMNS, PARTNER_EXPORT_COLUMNS, type ListViewer } from '~/modules/registration/attendee-list.server'
import { copyCsvStream, copyCsvToFile, inlineParameters } from '~/modules/exports/copy-csv.server'
import { csvStream } from '~/modules/exports/stream.server'
import { createAdminWorld } from './fixtures'

const pglite = inject('databaseKind') === 'pglite'

type Filter = Parameters<typeof exportAttendeeBatches>[1]

async function bytesOf(stream: ReadableStream<Uint8Array>): Promise<Buffer> {
  const parts: Buffer[] = []
  const reader = stream.getReader()
  for (let next = await reader.read(); !next.done; next = await reader.read()) parts.push(Buffer.from(next.value))
  return Buffer.concat(parts)
}

/** RFC 4180 as a spreadsheet reads it; records must end with CRLF (a bare CR or LF only inside quotes). */
function parseCsv(file: Buffer): string[][] {
  const text = file.toString('utf8')
  expect(text.startsWith('\uFEFF')).toBe(true)
  const records: string[][] = []
  let record: string[] = []
  let cell = ''
  let quoted = false
  for (let i = 1; i < text.length; i++) {
    const c = text[i]
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"'
        i++
      } else if (c === '"') quoted = false
      else cell += c
    } else if (c === '"') {
      if (cell !== '') throw new Error(`a quote inside an unquoted cell at ${i}`)
      quoted = true
    } else if (c === ',') {
      record.push(cell)
      cell = ''
    } else if (c === '\r' && text[i + 1] === '\n') {
      record.push(cell)
      records.push(record)
      record = []
      cell = ''
      i++
    } else if (c === '\r' || c === '\n' || c === ';') {
      throw new Error(`an unquoted ${JSON.stringify(c)} at ${i}`)
    } else cell += c
  }
  expect(quoted).toBe(false)
  expect(record.length === 0 && cell === '').toBe(true)
  return records
}

const cursorFile = (viewer: ListViewer, filter: Filter, locale: 'fr' | 'en') => bytesOf(csvStream(exportAttendeeBatches(viewer, filter, locale)))
const copyFile = (viewer: ListViewer, filter: Filter, locale: 'fr' | 'en') => {
  const header = (viewer.roles.includes('partner_viewer') ? PARTNER_EXPORT_COLUMNS : ORGANISER_EXPORT_COLUMNS).map((c) => c.header[locale])
  return bytesOf(copyCsvStream(getDatabaseHandle().sql, exportCopyQuery(viewer, filter, locale), header))
}

let world: Awaited<ReturnType<typeof createAdminWorld>>
const organiser = (): ListViewer => ({ organisationId: world.org.id, partnerId: null, roles: ['organiser'] })
const partnerViewer = (): ListViewer => ({ organisationId: world.org.id, partnerId: world.partner.id, roles: ['partner_viewer'] })
const nasty: { attendeeId: string; last: string }[] = []

describe('the attendee CSV export through COPY', () => {
  beforeAll(async () => {
    world = await createAdminWorld()
    const db = getDb()
    // Formula-like, quoted, multi-line, accented, empty and missing (null) values, and a negative amount.
    await db.execute(sql`update event set title = ${JSON.stringify({ fr: '=Rencontre; "spéciale"', en: '' })}::jsonb where id = ${world.event.id}`)
    const people = [
      { company: 'Société ; Fils, "Frères"', first: "=cmd|' /C calc'!A0", last: "O'Neil", job: 'ligne 1\nligne 2', phone: '+596 696 00 00 00', email: '+oneil@example.test' },
      { company: '-Minus', first: '@Arobase', last: 'Dupont "le grand"', job: 'a\r\nb', phone: '\t0696', email: 'dupont@example.test' },
      { company: 'Carriage', first: '\rRetour', last: 'Œuvre Ñandú 日本', job: '', phone: null, email: 'oeuvre@example.test' },
      { company: 'Back\\slash \\N $1', first: 'Semi;colon', last: "'); drop table attendee; --", job: ';', phone: ';lead', email: 'semi@example.test' },
      { company: 'Zeta', first: ',', last: '"', job: '"\n"', phone: '\r', email: 'zeta@example.test' },
    ]
    for (const [i, p] of people.entries()) {
      const { attendee, registration } = await world.registration({ company: `Nasty ${i}`, first: p.first, last: p.last, consent: true })
      await db.execute(sql`update company set name = ${p.company} where id = ${registration.companyId}`)
      await db.execute(sql`update attendee set job_title = ${p.job}, phone = ${p.phone}, email = ${p.email} where id = ${attendee.id}`)
      if (i === 1) await db.execute(sql`update registration set paid_minor = -500 where id = ${registration.id}`)
      nasty.push({ attendeeId: attendee.id, last: p.last })
    }
  })

  it.skipIf(pglite)('gives the cursor path’s file byte for byte, in both languages, for every form of filter and the bulk selection', async () => {
    const filters: Filter[] = [
      parseAttendeeFilter(new URLSearchParams(), { eventId: world.event.id }),
      parseAttendeeFilter(new URLSearchParams({ sort: 'company' })),
      parseAttendeeFilter(new URLSearchParams({ q: "O'Neil" }), { eventId: world.event.id }),
      parseAttendeeFilter(new URLSearchParams({ q: "'); drop" }), { eventId: world.event.id }),
      parseAttendeeFilter(new URLSearchParams({ status: 'confirmed', sort: 'recent' }), { eventId: world.event.id }),
      { sort: 'name', page: 1, eventId: world.event.id, attendeeIds: nasty.slice(0, 3).map((n) => n.attendeeId) },
      { sort: 'name', page: 1, eventId: world.event.id, attendeeIds: [] },
    ]
    for (const locale of ['fr', 'en'] as const) {
      for (const filter of filters) {
        const copy = await copyFile(organiser(), filter, locale)
        expect(copy.equals(await cursorFile(organiser(), filter, locale)), `${locale} ${JSON.stringify(filter)}`).toBe(true)
        // What the routes call takes the COPY on PostgreSQL.
        expect((await bytesOf(await exportAttendeeCsv(organiser(), filter, locale))).equals(copy)).toBe(true)
      }
    }
    // A word with a quote in it finds the person; the bulk selection is exactly the selection.
    const oNeil = parseCsv(await copyFile(organiser(), filters[2], 'fr'))
    expect(oNeil.slice(1).map((r) => r[3])).toEqual(["O'Neil"])
    const selected = parseCsv(await copyFile(organiser(), filters[5], 'fr'))
    expect(selected.slice(1).map((r) => r[3]).sort()).toEqual(nasty.slice(0, 3).map((n) => n.last).sort())
    expect(parseCsv(await copyFile(organiser(), filters[6], 'fr'))).toHaveLength(1)
  })

  it.skipIf(pglite)('keeps the cells: BOM, header, CRLF between records, newlines inside values, neutralised formulas, nulls as empty cells', async () => {
    const file = await copyFile(organiser(), parseAttendeeFilter(new URLSearchParams(), { eventId: world.event.id }), 'en')
    const text = file.toString('utf8')
    expect(text.startsWith('\uFEFFReference,Event,Company,Last name,First name,Email,Job title,Phone,Language,Ticket,Registration status,')).toBe(true)
    // Each record ends with CRLF; a value's own LF stays a bare LF inside its quotes.
    expect(text.endsWith('\r\n')).toBe(true)
    expect(text).toContain('"ligne 1\nligne 2"')
    expect(text).toContain('"a\r\nb"')
    expect(text).toContain('"Semi;colon"')
    const rows = parseCsv(file)
    expect(rows[0]).toEqual(ORGANISER_EXPORT_COLUMNS.map((c) => c.header.en))
    const byLast = new Map(rows.slice(1).map((r) => [r[3], r]))
    const oNeil = byLast.get("O'Neil")!
    expect(oNeil.slice(1, 8)).toEqual(["'=Rencontre; \"spéciale\"", 'Société ; Fils, "Frères"', "O'Neil", "'=cmd|' /C calc'!A0", "'+oneil@example.test", 'ligne 1\nligne 2', "'+596 696 00 00 00"])
    const dupont = byLast.get('Dupont "le grand"')!
    expect([dupont[2], dupont[4], dupont[6], dupont[7], dupont[13]]).toEqual(["'-Minus", "'@Arobase", 'a\r\nb', "'\t0696", "'-5.00"])
    const oeuvre = byLast.get('Œuvre Ñandú 日本')!
    expect([oeuvre[4], oeuvre[6], oeuvre[7]]).toEqual(["'\rRetour", '', ''])
    const semi = byLast.get("'); drop table attendee; --")!
    expect([semi[2], semi[4], semi[6], semi[7]]).toEqual(['Back\\slash \\N $1', 'Semi;colon', ';', ';lead'])
    const zeta = byLast.get('"')!
    expect([zeta[4], zeta[6], zeta[7]]).toEqual([',', '"\n"', "'\r"])
    expect(rows.slice(1).every((r) => r.length === ORGANISER_EXPORT_COLUMNS.length)).toBe(true)
  })

  it('gives a partner viewer only the partner columns, on either path', async () => {
    const filter = parseAttendeeFilter(new URLSearchParams(), { eventId: world.event.id })
    const file = await bytesOf(await exportAttendeeCsv(partnerViewer(), filter, 'fr'))
    expect(file.equals(await cursorFile(partnerViewer(), filter, 'fr'))).toBe(true)
    const rows = parseCsv(file)
    expect(rows[0]).toEqual(['Événement', 'Entreprise', 'Nom', 'Prénom', 'Fonction', 'Billet'])
    expect(rows.slice(1).every((r) => r.length === 6)).toBe(true)
    expect(rows.slice(1).map((r) => r[2])).toContain('Consent')
    expect(rows.slice(1).map((r) => r[2])).not.toContain('Private')
    expect(file.toString('utf8')).not.toMatch(/@example\.test/)
  })

  it('inlines parameters as literals that read back as sent, whatever standard_conforming_strings says', async () => {
    const values = ["O'Neil", "'); drop table attendee; --", 'C:\\temp\\', "\\'", '$1 $2', 'é日本', '']
    const query = sql`select ${sql.join(
      values.map((v, i) => sql`${v}::text as ${sql.identifier(`v${i}`)}`),
      sql`, `,
    )}, '$1' as "lit$1"`
    const text = inlineParameters(query)
    for (const conforming of ['on', 'off']) {
      const row = await getDb().transaction(async (tx) => {
        await tx.execute(sql.raw(`set local standard_conforming_strings = ${conforming}`))
        const [r] = await tx.execute<Record<string, unknown>>(sql.raw(text))
        return r
      })
      expect(Object.values(row), conforming).toEqual([...values, '$1'])
    }
    expect(() => inlineParameters(sql`select ${'a\0b'}`)).toThrow(/NUL/)
    expect(() => inlineParameters(sql`select $$x$$ || ${'a'}`)).toThrow(/dollar/)
  })

  it('makes COPY’s lines CRLF records in any slicing of its bytes', () => {
    const copy = Buffer.from('x,y\na,"x\ny",b;c,"q""\r\n"\n;,,"z"\nu,v\n')
    const expected = Buffer.from('x,y\r\na,"x\ny","b;c","q""\r\n"\r\n";",,"z"\r\nu,v\r\n')
    for (let size = 1; size <= copy.length; size++) {
      const file = copyCsvToFile(Buffer.alloc(0))
      const parts: Buffer[] = []
      for (let at = 0; at < copy.length; at += size) {
        const ready = file.push(copy.subarray(at, at + size))
        if (ready) parts.push(ready)
      }
      parts.push(file.end())
      expect(Buffer.concat(parts).toString(), `slices of ${size}`).toBe(expected.toString())
    }
  })

  it.skipIf(pglite)('a cancelled download stops the COPY on the server and gives its connection back', async () => {
    const db = getDb()
    await db.execute(sql`
      insert into attendee (registration_id, event_id, ticket_type_id, first_name, last_name, email, locale, calendar_uid, check_in_secret)
      select ${world.consenting.registration.id}, ${world.event.id}, ${world.ticketType.id}, 'Prénom' || g, 'Nom' || g, 'p' || g || '@bulk.test', 'fr', gen_random_uuid()::text, gen_random_uuid()::text
      from generate_series(1, 40000) g`)
    const copies = async () =>
      (
        await db.execute<{ n: number }>(sql`select count(*)::int as n from pg_stat_activity
          where datname = current_database() and state = 'active' and query ilike 'copy (%' and pid <> pg_backend_pid()`)
      )[0].n
    const filter = parseAttendeeFilter(new URLSearchParams(), { eventId: world.event.id })
    for (let attempt = 0; attempt < 3; attempt++) {
      const reader = (await exportAttendeeCsv(organiser(), filter, 'fr')).getReader()
      const first = await reader.read()
      expect(first.done).toBe(false)
      await reader.cancel()
      const deadline = Date.now() + 5000
      while ((await copies()) > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20))
      expect(await copies()).toBe(0)
    }
    // A COPY that would run for 10 s ends as soon as its download is cancelled.
    const slow = copyCsvStream(getDatabaseHandle().sql, sql`select repeat('x', 1000) || pg_sleep(0.0005)::text as n from generate_series(1, 20000) g`, ['n']).getReader()
    expect((await slow.read()).done).toBe(false)
    const cancelled = Date.now()
    await slow.cancel()
    while ((await copies()) > 0 && Date.now() - cancelled < 5000) await new Promise((resolve) => setTimeout(resolve, 20))
    expect(Date.now() - cancelled).toBeLessThan(1000)
    // The pool is whole: every connection answers at once, and a full export still runs.
    await Promise.all(Array.from({ length: 8 }, () => db.execute(sql`select pg_sleep(0.01)`)))
    const file = await bytesOf(await exportAttendeeCsv(organiser(), filter, 'fr'))
    expect(parseCsv(file).length).toBeGreaterThan(40000)
    expect(file.equals(await cursorFile(organiser(), filter, 'fr'))).toBe(true)
  })

  it.skipIf(pglite)('a COPY that fails errors the download and nothing else', async () => {
    const client = getDatabaseHandle().sql
    const midway = copyCsvStream(client, sql`select (1 / (g - 30000))::text as n from generate_series(1, 40000) g`, ['n'])
    await expect(bytesOf(midway)).rejects.toMatchObject({ code: '22012' })
    const early = copyCsvStream(client, sql`select no_such_column from attendee`, ['n'])
    await expect(bytesOf(early)).rejects.toMatchObject({ code: '42703' })
    const [{ n }] = await getDb().execute<{ n: number }>(sql`select 1 as n`)
    expect(n).toBe(1)
  })
})
