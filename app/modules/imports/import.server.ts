import { and, asc, eq, inArray, sql } from 'drizzle-orm'
import type { Database, DbOrTx, Transaction } from '#db/client'
import { companies, partnerContacts, partners } from '#db/schema/index'
import { Refusal } from '~/utils/refusal'
import { recordAudit } from '~/modules/audit/audit.server'
import { isLockConflict, setLockTimeout } from '~/modules/locks/locks.server'
import {
  parseImportFile,
  type CompanyField,
  type ContactField,
  type ImportField,
  type ImportKind,
  type ImportRowError,
  type ParsedImportRow,
} from './import-schemas'

type Actor = { id: string; organisationId: string }
export type ImportInput = { kind: ImportKind; partnerId?: string; content: string }
export type ImportRowStatus = 'new' | 'update' | 'unchanged' | 'error'
export type ImportPreviewRow = { line: number; values: Partial<Record<ImportField, string>>; status: ImportRowStatus; changes: ImportField[]; errors: ImportRowError[] }
export type ImportTotals = Record<ImportRowStatus, number>
export type ImportPreview = {
  kind: ImportKind
  partner: { id: string; name: string } | null
  columns: ImportField[]
  ignoredColumns: string[]
  rows: ImportPreviewRow[]
  totals: ImportTotals
}

type Existing = { id: string } & Partial<Record<ImportField, string | null>>
type Planned = ImportPreviewRow & { existingId?: string }

const COMPANY_COLUMNS = {
  id: companies.id,
  name: companies.name,
  contactEmail: companies.contactEmail,
  contactName: companies.contactName,
  locale: companies.locale,
  registrationNumber: companies.registrationNumber,
  sector: companies.sector,
  website: companies.website,
  addressLine: companies.addressLine,
  postalCode: companies.postalCode,
  city: companies.city,
  country: companies.country,
}
const CONTACT_COLUMNS = { id: partnerContacts.id, name: partnerContacts.name, email: partnerContacts.email, locale: partnerContacts.locale, roleTitle: partnerContacts.roleTitle }

async function findPartner(db: DbOrTx, actor: Actor, partnerId: string | undefined, lock: boolean) {
  if (!partnerId) throw new Refusal('importPickPartner', { field: 'partnerId' })
  const query = db.select({ id: partners.id, name: partners.name }).from(partners).where(and(eq(partners.id, partnerId), eq(partners.organisationId, actor.organisationId)))
  const [partner] = lock ? await query.for('update') : await query
  if (!partner) throw new Refusal('notFound', { field: 'partnerId' })
  return partner
}

function parseOrRefuse(input: ImportInput) {
  const parsed = parseImportFile(input.kind, input.content)
  if (!parsed.ok) throw new Refusal(parsed.error.code, { field: 'file', vars: parsed.error.vars })
  return parsed
}

/** Existing records the rows match: companies of the organisation by contact email, contacts of the partner by email. */
async function loadExisting(db: DbOrTx, actor: Actor, kind: ImportKind, partnerId: string | null, rows: ParsedImportRow[]): Promise<Map<string, Existing>> {
  const emailField = kind === 'companies' ? 'contactEmail' : 'email'
  const emails = [...new Set(rows.map((r) => r.values[emailField]).filter((e): e is string => Boolean(e)))]
  const found = new Map<string, Existing>()
  if (emails.length === 0) return found
  const list: Existing[] =
    kind === 'companies'
      ? await db
          .select(COMPANY_COLUMNS)
          .from(companies)
          .where(and(eq(companies.organisationId, actor.organisationId), inArray(sql`lower(${companies.contactEmail})`, emails)))
      : await db
          .select(CONTACT_COLUMNS)
          .from(partnerContacts)
          .where(and(eq(partnerContacts.partnerId, partnerId ?? ''), inArray(sql`lower(${partnerContacts.email})`, emails)))
          .orderBy(asc(partnerContacts.createdAt))
  for (const row of list) {
    const key = String(row[emailField] ?? '').toLowerCase()
    if (!found.has(key)) found.set(key, row)
  }
  return found
}

function plan(kind: ImportKind, rows: ParsedImportRow[], existing: Map<string, Existing>): Planned[] {
  const emailField = kind === 'companies' ? 'contactEmail' : 'email'
  return rows.map((row) => {
    if (row.errors.length > 0) return { ...row, status: 'error', changes: [] }
    const match = existing.get(row.values[emailField] ?? '')
    if (!match) return { ...row, status: 'new', changes: [] }
    // Only the columns in the file, and only non-empty cells, may change a record; the email is the key.
    const changes = (Object.keys(row.values) as ImportField[]).filter((f) => f !== emailField && row.values[f] !== (match[f] ?? ''))
    return { ...row, status: changes.length > 0 ? 'update' : 'unchanged', changes, existingId: match.id }
  })
}

function totalsOf(rows: ImportPreviewRow[]): ImportTotals {
  const totals: ImportTotals = { new: 0, update: 0, unchanged: 0, error: 0 }
  for (const row of rows) totals[row.status]++
  return totals
}

function toPreview(kind: ImportKind, partner: ImportPreview['partner'], parsed: { columns: ImportField[]; ignoredColumns: string[] }, planned: Planned[]): ImportPreview {
  const rows = planned.map(({ line, values, status, changes, errors }) => ({ line, values, status, changes, errors }))
  return { kind, partner, columns: parsed.columns, ignoredColumns: parsed.ignoredColumns, rows, totals: totalsOf(rows) }
}

/** What an import would do, row by row. Writes nothing. */
export async function previewImport(db: DbOrTx, actor: Actor, input: ImportInput): Promise<ImportPreview> {
  const partner = input.kind === 'contacts' ? await findPartner(db, actor, input.partnerId, false) : null
  const parsed = parseOrRefuse(input)
  const existing = await loadExisting(db, actor, input.kind, partner?.id ?? null, parsed.rows)
  return toPreview(input.kind, partner, parsed, plan(input.kind, parsed.rows, existing))
}

function isUniqueViolation(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) if ((e as { code?: unknown }).code === '23505') return true
  return false
}

const CHUNK = 500

async function writeCompanies(tx: Transaction, actor: Actor, rows: Planned[]) {
  const fresh = rows.filter((r) => r.status === 'new')
  for (let i = 0; i < fresh.length; i += CHUNK) {
    await tx.insert(companies).values(
      fresh.slice(i, i + CHUNK).map(({ values: v }) => ({
        organisationId: actor.organisationId,
        name: v.name as string,
        contactEmail: v.contactEmail as string,
        contactName: v.contactName ?? null,
        locale: (v.locale ?? 'fr') as 'fr' | 'en',
        registrationNumber: v.registrationNumber ?? null,
        sector: v.sector ?? null,
        website: v.website ?? null,
        addressLine: v.addressLine ?? null,
        postalCode: v.postalCode ?? null,
        city: v.city ?? null,
        country: v.country ?? 'MQ',
      })),
    )
  }
  const updates = rows.filter((r) => r.status === 'update')
  for (let i = 0; i < updates.length; i += CHUNK) {
    await Promise.all(
      updates.slice(i, i + CHUNK).map((r) => {
        const set: Partial<Record<CompanyField, string>> = {}
        for (const f of r.changes as CompanyField[]) set[f] = r.values[f]
        return tx
          .update(companies)
          .set({ ...(set as Partial<typeof companies.$inferInsert>), updatedAt: new Date() })
          .where(eq(companies.id, r.existingId as string))
      }),
    )
  }
}

async function writeContacts(tx: Transaction, partnerId: string, rows: Planned[]) {
  const fresh = rows.filter((r) => r.status === 'new')
  for (let i = 0; i < fresh.length; i += CHUNK) {
    await tx.insert(partnerContacts).values(
      fresh.slice(i, i + CHUNK).map(({ values: v }) => ({
        partnerId,
        name: v.name as string,
        email: v.email as string,
        locale: (v.locale ?? 'en') as 'fr' | 'en',
        roleTitle: v.roleTitle ?? null,
      })),
    )
  }
  const updates = rows.filter((r) => r.status === 'update')
  for (let i = 0; i < updates.length; i += CHUNK) {
    await Promise.all(
      updates.slice(i, i + CHUNK).map((r) => {
        const set: Partial<Record<ContactField, string>> = {}
        for (const f of r.changes as ContactField[]) set[f] = r.values[f]
        return tx
          .update(partnerContacts)
          .set({ ...(set as Partial<typeof partnerContacts.$inferInsert>), updatedAt: new Date() })
          .where(eq(partnerContacts.id, r.existingId as string))
      }),
    )
  }
}

/**
 * Imports every row or none. The file is read and checked again here (the confirm form is not
 * trusted); one row in error refuses the whole file. Imports of one organisation's companies
 * (or one partner's contacts) take turns on a lock, so two overlapping files never create the
 * same company twice; a company created meanwhile by a registration hits the unique index and
 * the import is refused with "try again" (409) rather than failing.
 * Imported contacts are sent nothing: they get invitations when attached to programme items.
 */
export async function runImport(db: Database, actor: Actor, input: ImportInput): Promise<{ kind: ImportKind; totals: ImportTotals }> {
  const parsed = parseOrRefuse(input)
  if (parsed.rows.some((r) => r.errors.length > 0)) throw new Refusal('importHasErrors', { field: 'file' })
  try {
    return await db.transaction(async (tx) => {
      await setLockTimeout(tx, '5s')
      let partnerId: string | null = null
      if (input.kind === 'contacts') partnerId = (await findPartner(tx, actor, input.partnerId, true)).id
      else await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`company-import:${actor.organisationId}`}, 0))`)
      const existing = await loadExisting(tx, actor, input.kind, partnerId, parsed.rows)
      // Sorted by email so concurrent writers take row locks in the same order.
      const planned = plan(input.kind, parsed.rows, existing).sort((a, b) => (a.values.email ?? a.values.contactEmail ?? '').localeCompare(b.values.email ?? b.values.contactEmail ?? ''))
      const totals = totalsOf(planned)
      if (input.kind === 'companies') await writeCompanies(tx, actor, planned)
      else await writeContacts(tx, partnerId as string, planned)
      await recordAudit(tx, {
        actor: { userId: actor.id },
        action: input.kind === 'companies' ? 'companies.imported' : 'partner_contacts.imported',
        subjectType: input.kind === 'companies' ? 'organisation' : 'partner',
        subjectId: partnerId ?? actor.organisationId,
        data: { rows: planned.length, created: totals.new, updated: totals.update, unchanged: totals.unchanged, columns: parsed.columns },
      })
      return { kind: input.kind, totals }
    })
  } catch (error) {
    if (isUniqueViolation(error) || isLockConflict(error)) throw new Refusal('importConflict', { field: 'file' })
    throw error
  }
}
