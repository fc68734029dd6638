import { and, eq, sql } from 'drizzle-orm'
import { beforeEach, describe, expect, it } from 'vitest'
import { getDb } from '#db/client'
import { auditEntries, companies, partnerContacts } from '#db/schema/index'
import type { ImportPreview } from '~/modules/imports/import.server'
import { translate } from '~/locales'
import { action, loader } from '~/routes/$lang.admin.import'
import { loader as templateLoader } from '~/routes/$lang.admin.import.template'
import { createAdminWorld, request } from './fixtures'
import { routeArgs } from '../../factories/route-args'

type World = Awaited<ReturnType<typeof createAdminWorld>>
type Answer = { status: number; location?: string; preview?: ImportPreview; content?: string; formError?: string; fieldErrors?: Record<string, string[]> }

let world: World

beforeEach(async () => {
  world = await createAdminWorld()
})

function multipart(lang: string, cookie: string | null, fields: Record<string, string>, file?: string | Buffer) {
  const form = new FormData()
  for (const [k, v] of Object.entries(fields)) form.append(k, v)
  if (file !== undefined) form.append('file', new File([typeof file === 'string' ? file : new Uint8Array(file)], 'liste.csv', { type: 'text/csv' }))
  const headers = new Headers()
  if (cookie) headers.set('cookie', cookie)
  return new Request(`http://passerelle.test/${lang}/admin/import`, { method: 'POST', headers, body: form })
}

async function post(req: Request, lang = 'fr'): Promise<Answer> {
  try {
    const out = (await action(routeArgs({ request: req, params: { lang }, context: {} }))) as unknown
    if (out instanceof Response) return { status: out.status, location: out.headers.get('location') ?? undefined }
    if (out && typeof out === 'object' && 'init' in out && 'data' in out) {
      const { init, data } = out as { init?: { status?: number }; data: Answer }
      return { ...data, status: init?.status ?? 200 }
    }
    return { ...(out as Answer), status: 200 }
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status }
    throw thrown
  }
}

const preview = (file: string, opts: { cookie?: string; lang?: string; kind?: string; partnerId?: string } = {}) =>
  post(
    multipart(opts.lang ?? 'fr', opts.cookie ?? world.people.organiser.cookie, { intent: 'preview', kind: opts.kind ?? 'companies', ...(opts.partnerId ? { partnerId: opts.partnerId } : {}) }, file),
    opts.lang ?? 'fr',
  )
/** The confirm form as a browser would send it (or as someone forging it would). */
const confirm = (file: string, opts: { cookie?: string; kind?: string; partnerId?: string } = {}) =>
  post(
    multipart('fr', opts.cookie ?? world.people.organiser.cookie, {
      intent: 'import',
      kind: opts.kind ?? 'companies',
      ...(opts.partnerId ? { partnerId: opts.partnerId } : {}),
      content: Buffer.from(file, 'utf8').toString('base64'),
    }),
  )

const companyRows = async () =>
  getDb()
    .select({ name: companies.name, email: companies.contactEmail, city: companies.city, sector: companies.sector, website: companies.website, locale: companies.locale, country: companies.country })
    .from(companies)
    .where(and(eq(companies.organisationId, world.org.id), sql`${companies.contactEmail} like '%@import.test'`))
    .orderBy(companies.contactEmail)

function tenCompanies(bad?: { line: number; cell: string }) {
  const lines = ['\uFEFFNom;E-mail;Ville;Secteur;Pays;Langue']
  for (let i = 1; i <= 10; i++) lines.push(`Entreprise ${i};c${i}@import.test;Fort-de-France;Agro;MQ;fr`)
  if (bad) lines[bad.line - 1] = bad.cell
  return `${lines.join('\r\n')}\r\n`
}

describe('CSV import of companies', () => {
  it('previews every row as new or update without writing anything', async () => {
    await getDb().insert(companies).values({ organisationId: world.org.id, name: 'Entreprise 3', contactEmail: 'C3@import.test', city: 'Le Lamentin', website: 'https://old.example' })
    const before = await getDb().$count(companies, eq(companies.organisationId, world.org.id))
    const auditsBefore = await getDb().$count(auditEntries, eq(auditEntries.action, 'companies.imported'))

    const answer = await preview(tenCompanies())
    expect(answer.status).toBe(200)
    expect(answer.preview?.totals).toEqual({ new: 9, update: 1, unchanged: 0, error: 0 })
    const third = answer.preview?.rows.find((r) => r.line === 4)
    expect(third).toMatchObject({ status: 'update', changes: ['city', 'sector'] })
    expect(answer.content).toBeTruthy()

    expect(await getDb().$count(companies, eq(companies.organisationId, world.org.id))).toBe(before)
    expect(await getDb().$count(auditEntries, eq(auditEntries.action, 'companies.imported'))).toBe(auditsBefore)
  })

  it('one bad row among ten: the preview names it in French and in English, and nothing can be imported', async () => {
    const file = tenCompanies({ line: 8, cell: 'Entreprise 7;pas-un-email;Fort-de-France;Agro;MQ;fr' })
    for (const lang of ['fr', 'en'] as const) {
      const answer = await preview(file, { lang })
      expect(answer.status).toBe(200)
      expect(answer.preview?.totals).toEqual({ new: 9, update: 0, unchanged: 0, error: 1 })
      const bad = answer.preview?.rows.find((r) => r.status === 'error')
      expect(bad?.line).toBe(8)
      const shown = bad?.errors.map((e) => translate(lang, e.key, e.vars))
      expect(shown).toEqual([lang === 'fr' ? 'Adresse e-mail invalide.' : 'Invalid email address.'])
    }
    // A confirm posted anyway (forged, or from an old page) is refused and writes nothing.
    const forced = await confirm(file)
    expect(forced.status).toBe(400)
    expect(forced.formError).toBe('refusals.importHasErrors')
    expect(translate('en', forced.formError as never)).toBe('The file has rows in error: nothing was imported.')
    expect(await companyRows()).toEqual([])
    expect(await getDb().$count(auditEntries, and(eq(auditEntries.action, 'companies.imported'), eq(auditEntries.subjectId, world.org.id)))).toBe(0)
  })

  it('imports new rows and updates in one go, only touching the columns in the file; re-importing changes nothing', async () => {
    await getDb()
      .insert(companies)
      .values({ organisationId: world.org.id, name: 'Entreprise 3', contactEmail: 'C3@import.test', city: 'Le Lamentin', website: 'https://old.example', locale: 'en' })
    // Row 5 leaves the city empty: the stored city stays.
    const file = tenCompanies().replace('Entreprise 4;c4@import.test;Fort-de-France', 'Entreprise 4;c4@import.test;')
    const done = await confirm(file)
    expect(done.status).toBe(302)
    expect(done.location).toBe('/fr/admin/import?done=companies&new=9&update=1&unchanged=0')

    const rows = await companyRows()
    expect(rows).toHaveLength(10)
    const c3 = rows.find((r) => r.email.toLowerCase() === 'c3@import.test')
    expect(c3).toMatchObject({ name: 'Entreprise 3', city: 'Fort-de-France', sector: 'Agro', website: 'https://old.example', locale: 'fr' })
    expect(rows.find((r) => r.email === 'c4@import.test')?.city).toBeNull()
    const [audit] = await getDb().select().from(auditEntries).where(and(eq(auditEntries.action, 'companies.imported'), eq(auditEntries.subjectId, world.org.id)))
    expect(audit.data).toMatchObject({ rows: 10, created: 9, updated: 1, unchanged: 0 })
    expect(audit.actorUserId).toBe(world.people.organiser.id)

    const again = await preview(file)
    expect(again.preview?.totals).toEqual({ new: 0, update: 0, unchanged: 10, error: 0 })
    const second = await confirm(file)
    expect(second.location).toBe('/fr/admin/import?done=companies&new=0&update=0&unchanged=10')
    expect(await companyRows()).toEqual(rows)

    const page = (await loader(routeArgs({ request: request(second.location as string, world.people.organiser.cookie), params: { lang: 'fr' }, context: {} }))) as { done: unknown }
    expect(page.done).toEqual({ done: 'companies', new: 0, update: 0, unchanged: 10 })
  })

  it('two overlapping imports at once create each company once and never fail with a 500', async () => {
    const a = tenCompanies()
    const b = tenCompanies().replace(/Fort-de-France/g, 'Le Robert').replace('c10@import.test', 'c11@import.test')
    const answers = await Promise.all([confirm(a), confirm(b), confirm(a)])
    // Imports of one organisation take turns: each one succeeds, the later ones see the earlier rows.
    expect(answers.map((x) => x.status)).toEqual([302, 302, 302])
    const dupes = await getDb().execute<{ email: string; n: number }>(sql`
      select lower(contact_email) as email, count(*)::int as n from company
      where organisation_id = ${world.org.id} group by 1 having count(*) > 1`)
    expect(dupes).toHaveLength(0)
    const emails = (await companyRows()).map((r) => r.email)
    expect(emails).toHaveLength(11)
  })

  it('refuses a file over 2 MB with a clear message', async () => {
    const big = `nom;email\n${'x'.repeat(2 * 1024 * 1024 + 10)};a@import.test\n`
    const answer = await preview(big)
    expect(answer.status).toBe(413)
    expect(translate('fr', answer.formError as never)).toBe('Fichier trop volumineux : 2 Mo au plus.')
  })

  it('refuses a chunked upload without a length as soon as it streams past the cap, without reading the rest', async () => {
    const boundary = 'passerelle-chunked-test'
    const head = new TextEncoder().encode(
      `--${boundary}\r\nContent-Disposition: form-data; name="intent"\r\n\r\npreview\r\n--${boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\ncompanies\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="liste.csv"\r\nContent-Type: text/csv\r\n\r\nnom;email\n`,
    )
    const chunk = new TextEncoder().encode(`${'x'.repeat(64 * 1024 - 16)};a@import.test\n`)
    const total = 16 * 1024 * 1024
    let pulled = 0
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        const next = pulled === 0 ? head : chunk
        pulled += next.byteLength
        controller.enqueue(next)
        if (pulled >= total) controller.close()
      },
    })
    const headers = new Headers({ cookie: world.people.organiser.cookie, 'content-type': `multipart/form-data; boundary=${boundary}` })
    const req = new Request('http://passerelle.test/fr/admin/import', { method: 'POST', headers, body, duplex: 'half' } as RequestInit)
    expect(req.headers.get('content-length')).toBeNull()
    const answer = await post(req)
    expect(answer.status).toBe(413)
    expect(translate('fr', answer.formError as never)).toBe('Fichier trop volumineux : 2 Mo au plus.')
    expect(pulled).toBeLessThan(4 * 1024 * 1024)
  })

  it('asks for "CSV UTF-8" when Excel saved the file in Windows-1252', async () => {
    const answer = await post(multipart('en', world.people.organiser.cookie, { intent: 'preview', kind: 'companies' }, Buffer.from('nom;email\nSociété;a@import.test\n', 'latin1')), 'en')
    expect(answer.status).toBe(400)
    expect(translate('en', answer.formError as never)).toBe('The file is not UTF-8: in Excel, save it as “CSV UTF-8”.')
  })

  it('refuses check-in staff and partner viewers (403), on the page and on the import', async () => {
    for (const who of ['check_in', 'partner_viewer'] as const) {
      const cookie = world.people[who].cookie
      expect((await post(multipart('fr', cookie, { intent: 'preview', kind: 'companies' }, tenCompanies()))).status).toBe(403)
      expect((await confirm(tenCompanies(), { cookie })).status).toBe(403)
      await expect(loader(routeArgs({ request: request('/fr/admin/import', cookie), params: { lang: 'fr' }, context: {} }))).rejects.toMatchObject({ status: 403 })
    }
    expect(await companyRows()).toEqual([])
  })

  it('offers templates that import cleanly', async () => {
    for (const lang of ['fr', 'en'] as const) {
      const res = await templateLoader(routeArgs({ request: request(`/${lang}/admin/import/template?kind=companies`, world.people.admin.cookie), params: { lang }, context: {} }))
      expect(res.headers.get('content-disposition')).toContain(lang === 'fr' ? 'entreprises-fr.csv' : 'companies-en.csv')
      const answer = await preview(await res.text(), { lang })
      expect(answer.preview?.totals).toMatchObject({ new: 1, error: 0 })
    }
    const contactsTemplate = await templateLoader(routeArgs({ request: request('/fr/admin/import/template?kind=contacts', world.people.admin.cookie), params: { lang: 'fr' }, context: {} }))
    const answer = await preview(await contactsTemplate.text(), { kind: 'contacts', partnerId: world.partner.id })
    expect(answer.preview?.totals).toMatchObject({ new: 1, error: 0 })
  })
})

describe('CSV import of partner contacts', () => {
  const contacts = (rows: string[]) => `Name,Email,Language,Role\n${rows.join('\n')}\n`
  const partnerRows = (partnerId: string) =>
    getDb().select({ name: partnerContacts.name, email: partnerContacts.email, locale: partnerContacts.locale, roleTitle: partnerContacts.roleTitle }).from(partnerContacts).where(eq(partnerContacts.partnerId, partnerId)).orderBy(partnerContacts.email)

  it('imports contacts of the chosen partner, updates a same-email contact of that partner only, and sends nothing', async () => {
    await getDb().insert(partnerContacts).values([
      { partnerId: world.partner.id, name: 'Ann Old', email: 'ann@county.test', locale: 'en', roleTitle: 'Intern' },
      { partnerId: world.otherPartner.id, name: 'Ann Elsewhere', email: 'ann@county.test', locale: 'en', roleTitle: 'Director' },
    ])
    const file = contacts(['Ann Lee,ann@county.test,English,Trade officer', 'Paul Roy,paul@county.test,français,'])
    const p = await preview(file, { kind: 'contacts', partnerId: world.partner.id, lang: 'en' })
    expect(p.preview?.rows.map((r) => [r.status, r.changes])).toEqual([
      ['update', ['name', 'roleTitle']],
      ['new', []],
    ])
    const jobsBefore = await getDb().execute<{ n: number }>(sql`select count(*)::int as n from pgboss.job`)
    const done = await confirm(file, { kind: 'contacts', partnerId: world.partner.id })
    expect(done.location).toBe('/fr/admin/import?done=contacts&new=1&update=1&unchanged=0')
    expect(await partnerRows(world.partner.id)).toEqual([
      { name: 'Ann Lee', email: 'ann@county.test', locale: 'en', roleTitle: 'Trade officer' },
      { name: 'Paul Roy', email: 'paul@county.test', locale: 'fr', roleTitle: null },
    ])
    expect(await partnerRows(world.otherPartner.id)).toEqual([{ name: 'Ann Elsewhere', email: 'ann@county.test', locale: 'en', roleTitle: 'Director' }])
    const jobsAfter = await getDb().execute<{ n: number }>(sql`select count(*)::int as n from pgboss.job`)
    expect(jobsAfter[0].n).toBe(jobsBefore[0].n)
    expect(await getDb().$count(auditEntries, and(eq(auditEntries.action, 'partner_contacts.imported'), eq(auditEntries.subjectId, world.partner.id)))).toBe(1)

    // Two imports of a new list at once (no unique index on contacts: the partner lock does it): one contact per email.
    const more = contacts(Array.from({ length: 300 }, (_, i) => `Zoé Marc ${i},zoe${i}@county.test,fr,`))
    const racing = await Promise.all([1, 2, 3].map(() => confirm(more, { kind: 'contacts', partnerId: world.partner.id })))
    expect(racing.map((r) => r.location).sort()).toEqual([
      '/fr/admin/import?done=contacts&new=0&update=0&unchanged=300',
      '/fr/admin/import?done=contacts&new=0&update=0&unchanged=300',
      '/fr/admin/import?done=contacts&new=300&update=0&unchanged=0',
    ])
    expect(await partnerRows(world.partner.id)).toHaveLength(302)
  })

  it('asks for a partner, and refuses another organisation’s partner', async () => {
    const noPartner = await preview(contacts(['A,a@x.test,en,']), { kind: 'contacts' })
    expect(noPartner.status).toBe(400)
    expect(noPartner.fieldErrors?.partnerId).toEqual(['admin.import.errors.pickPartner'])
    const other = await createAdminWorld()
    const foreign = await confirm(contacts(['A,a@x.test,en,']), { kind: 'contacts', partnerId: other.partner.id })
    expect(foreign.status).toBe(404)
    expect(await partnerRows(other.partner.id)).toEqual([])
  })
})
