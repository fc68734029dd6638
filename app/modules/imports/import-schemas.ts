import { z } from 'zod'
import { fieldError } from '~/utils/schema-errors'
import type { RefusalCode } from '~/utils/refusal'
import type { MessageKey, MessageVars } from '~/locales'
import { csvLine, normaliseHeader, readCsv } from './csv'
import { hasNoControlCharacters, isOneLine } from '~/utils/text'

export const IMPORT_KINDS = ['companies', 'contacts'] as const
export type ImportKind = (typeof IMPORT_KINDS)[number]

/** Limits stated on the page: a spreadsheet export, not a data migration. */
export const IMPORT_MAX_BYTES = 2 * 1024 * 1024
export const IMPORT_MAX_ROWS = 5000

export const COMPANY_FIELDS = ['name', 'contactEmail', 'contactName', 'locale', 'registrationNumber', 'sector', 'website', 'addressLine', 'postalCode', 'city', 'country'] as const
export const CONTACT_FIELDS = ['name', 'email', 'locale', 'roleTitle'] as const
export type CompanyField = (typeof COMPANY_FIELDS)[number]
export type ContactField = (typeof CONTACT_FIELDS)[number]
export type ImportField = CompanyField | ContactField

type FieldSpec = { aliases: string[]; required?: boolean; max: number; example: { fr: string; en: string } }

/** Accepted headers as the page shows them; compared after `normaliseHeader` (no case, no accents, punctuation as spaces). */
const COMPANY_SPECS: Record<CompanyField, FieldSpec> = {
  name: { aliases: ['nom', 'name', 'raison sociale', 'entreprise', 'société', 'company', 'company name', 'nom de l’entreprise'], required: true, max: 200, example: { fr: 'Rhum des Îles SARL', en: 'Island Rum Ltd' } },
  contactEmail: { aliases: ['email', 'e-mail', 'courriel', 'mail', 'adresse e-mail', 'contact email', 'email du contact'], required: true, max: 200, example: { fr: 'contact@rhum-des-iles.mq', en: 'contact@islandrum.example' } },
  contactName: { aliases: ['contact', 'nom du contact', 'contact name', 'interlocuteur'], max: 200, example: { fr: 'Marie Joseph', en: 'Mary Joseph' } },
  locale: { aliases: ['langue', 'language', 'locale', 'lang'], max: 20, example: { fr: 'fr', en: 'en' } },
  registrationNumber: { aliases: ['siret', 'siren', 'numéro siret', 'registration number', 'company number'], max: 40, example: { fr: '12345678900012', en: '12345678900012' } },
  sector: { aliases: ['secteur', 'sector', 'secteur d’activité', 'activité', 'industry'], max: 200, example: { fr: 'Agroalimentaire', en: 'Food and drink' } },
  website: { aliases: ['site web', 'site', 'site internet', 'website', 'web', 'url'], max: 300, example: { fr: 'https://rhum-des-iles.mq', en: 'https://islandrum.example' } },
  addressLine: { aliases: ['adresse', 'address', 'rue', 'street'], max: 300, example: { fr: '12 rue Victor Hugo', en: '12 Main Street' } },
  postalCode: { aliases: ['code postal', 'cp', 'postal code', 'postcode', 'zip', 'zip code'], max: 20, example: { fr: '97200', en: '33131' } },
  city: { aliases: ['ville', 'city', 'commune'], max: 200, example: { fr: 'Fort-de-France', en: 'Miami' } },
  country: { aliases: ['pays', 'country', 'code pays', 'country code'], max: 60, example: { fr: 'MQ', en: 'US' } },
}
const CONTACT_SPECS: Record<ContactField, FieldSpec> = {
  name: { aliases: ['nom', 'name', 'nom complet', 'full name', 'prénom nom', 'contact'], required: true, max: 200, example: { fr: 'Jean Dupont', en: 'John Smith' } },
  email: { aliases: ['email', 'e-mail', 'courriel', 'mail', 'adresse e-mail'], required: true, max: 200, example: { fr: 'jean.dupont@partenaire.fr', en: 'john.smith@partner.example' } },
  locale: { aliases: ['langue', 'language', 'locale', 'lang'], max: 20, example: { fr: 'fr', en: 'en' } },
  roleTitle: { aliases: ['fonction', 'rôle', 'role', 'titre', 'title', 'poste', 'job title'], max: 200, example: { fr: 'Chargé de mission', en: 'Trade officer' } },
}

export function fieldsOf(kind: ImportKind): readonly ImportField[] {
  return kind === 'companies' ? COMPANY_FIELDS : CONTACT_FIELDS
}
function specsOf(kind: ImportKind): Record<string, FieldSpec> {
  return kind === 'companies' ? COMPANY_SPECS : CONTACT_SPECS
}
export function isRequiredField(kind: ImportKind, field: ImportField): boolean {
  return Boolean(specsOf(kind)[field]?.required)
}
/** The headers the page documents, first alias of each language as written in the template. */
export function templateHeaders(kind: ImportKind, locale: 'fr' | 'en'): string[] {
  const fr: Record<ImportField, string> = { name: 'nom', contactEmail: 'email', email: 'email', contactName: 'contact', locale: 'langue', registrationNumber: 'siret', sector: 'secteur', website: 'site web', addressLine: 'adresse', postalCode: 'code postal', city: 'ville', country: 'pays', roleTitle: 'fonction' }
  const en: Record<ImportField, string> = { name: 'name', contactEmail: 'email', email: 'email', contactName: 'contact', locale: 'language', registrationNumber: 'siret', sector: 'sector', website: 'website', addressLine: 'address', postalCode: 'postal code', city: 'city', country: 'country', roleTitle: 'role' }
  return fieldsOf(kind).map((f) => (locale === 'fr' ? fr : en)[f])
}
export function acceptedHeaders(kind: ImportKind, field: ImportField): string[] {
  return specsOf(kind)[field]?.aliases ?? []
}

/** A template: header and one example line; French uses `;` like French Excel does. */
export function templateCsv(kind: ImportKind, locale: 'fr' | 'en'): string {
  const separator = locale === 'fr' ? ';' : ','
  const example = fieldsOf(kind).map((f) => specsOf(kind)[f].example[locale])
  return `\uFEFF${csvLine(templateHeaders(kind, locale), separator)}\r\n${csvLine(example, separator)}\r\n`
}

export type ImportMessage = { key: MessageKey; vars?: MessageVars }
export type ImportRowError = ImportMessage & { field?: ImportField }
export type ParsedImportRow = { line: number; values: Partial<Record<ImportField, string>>; errors: ImportRowError[] }
export type ParsedImportFile =
  | { ok: true; columns: ImportField[]; ignoredColumns: string[]; rows: ParsedImportRow[] }
  | { ok: false; error: { code: RefusalCode; vars?: MessageVars } }

const LOCALE_WORDS: Record<string, 'fr' | 'en'> = { fr: 'fr', francais: 'fr', french: 'fr', fra: 'fr', en: 'en', anglais: 'en', english: 'en', eng: 'en' }
const COUNTRY_WORDS: Record<string, string> = { martinique: 'MQ', guadeloupe: 'GP', guyane: 'GF', 'french guiana': 'GF', france: 'FR', 'etats unis': 'US', usa: 'US', 'united states': 'US', canada: 'CA' }
const email = z.email()

/** Normalises one cell; returns the value to store or an error key. */
function readValue(field: ImportField, raw: string, max: number): { value: string } | { error: ImportMessage } {
  const value = raw.trim()
  if (value.length > max) return { error: { key: 'admin.import.errors.tooLong', vars: { max } } }
  if (!isOneLine(value) || !hasNoControlCharacters(value)) return { error: { key: 'errors.field.controlCharacters' } }
  switch (field) {
    case 'contactEmail':
    case 'email': {
      const lower = value.toLowerCase()
      return email.safeParse(lower).success ? { value: lower } : { error: { key: 'admin.import.errors.email' } }
    }
    case 'locale': {
      const locale = LOCALE_WORDS[normaliseHeader(value)]
      return locale ? { value: locale } : { error: { key: 'admin.import.errors.language' } }
    }
    case 'country': {
      const word = normaliseHeader(value)
      const code = COUNTRY_WORDS[word] ?? (/^[a-z]{2}$/.test(word) ? word.toUpperCase() : undefined)
      return code ? { value: code } : { error: { key: 'admin.import.errors.country' } }
    }
    case 'website':
      return /^(https?:\/\/)?[^\s/]+\.[^\s]+$/i.test(value) ? { value: /^https?:\/\//i.test(value) ? value : `https://${value}` } : { error: { key: 'admin.import.errors.website' } }
    default:
      return { value }
  }
}

/**
 * Reads and checks a whole file, without the database: headers matched in French or English,
 * every row's values normalised or its errors listed (missing, invalid, duplicate in the file).
 * An empty cell means "leave as it is" for an existing record.
 */
export function parseImportFile(kind: ImportKind, content: string): ParsedImportFile {
  const csv = readCsv(content)
  if (!csv.ok) return { ok: false, error: csv.error === 'empty' ? { code: 'importEmptyFile' } : { code: 'importUnterminatedQuote', vars: { line: csv.line ?? 1 } } }
  const specs = specsOf(kind)
  const byAlias = new Map<string, ImportField>()
  for (const field of fieldsOf(kind)) for (const alias of specs[field].aliases) if (!byAlias.has(normaliseHeader(alias))) byAlias.set(normaliseHeader(alias), field)
  const columnFields: (ImportField | null)[] = []
  const ignoredColumns: string[] = []
  for (const header of csv.header) {
    const field = byAlias.get(normaliseHeader(header)) ?? null
    if (field && columnFields.includes(field)) return { ok: false, error: { code: 'importDuplicateColumn', vars: { column: header } } }
    columnFields.push(field)
    if (!field && header !== '') ignoredColumns.push(header)
  }
  for (const field of fieldsOf(kind))
    if (specs[field].required && !columnFields.includes(field)) return { ok: false, error: { code: 'importMissingColumn', vars: { column: acceptedHeaders(kind, field).slice(0, 2).join(' / ') } } }
  if (csv.records.length === 0) return { ok: false, error: { code: 'importNoRows' } }
  if (csv.records.length > IMPORT_MAX_ROWS) return { ok: false, error: { code: 'importTooManyRows', vars: { max: IMPORT_MAX_ROWS, rows: csv.records.length } } }

  const emailField: ImportField = kind === 'companies' ? 'contactEmail' : 'email'
  const firstLineOfEmail = new Map<string, number>()
  const rows = csv.records.map((record): ParsedImportRow => {
    const values: Partial<Record<ImportField, string>> = {}
    const errors: ImportRowError[] = []
    columnFields.forEach((field, index) => {
      if (!field) return
      const raw = record.cells[index] ?? ''
      if (raw.trim() === '') {
        if (specs[field].required) errors.push({ field, key: field === 'name' ? 'admin.import.errors.missingName' : 'admin.import.errors.missingEmail' })
        return
      }
      const read = readValue(field, raw, specs[field].max)
      if ('error' in read) {
        errors.push({ field, ...read.error })
        values[field] = raw.trim().slice(0, 300)
      } else values[field] = read.value
    })
    const address = values[emailField]
    if (address && !errors.some((e) => e.field === emailField)) {
      const first = firstLineOfEmail.get(address)
      if (first !== undefined) errors.push({ field: emailField, key: 'admin.import.errors.duplicateInFile', vars: { line: first } })
      else firstLineOfEmail.set(address, record.line)
    }
    return { line: record.line, values, errors }
  })
  return { ok: true, columns: columnFields.filter((f): f is ImportField => f !== null), ignoredColumns, rows }
}

/** The upload / confirm form. `content` is the file's text when confirming (re-checked on the server). */
export const importFormSchema = z
  .object({
    intent: z.enum(['preview', 'import'], { error: 'errors.field.invalid' }),
    kind: z.enum(IMPORT_KINDS, { error: 'errors.field.invalid' }),
    partnerId: z.guid(fieldError({ invalid: 'errors.field.invalid' })).optional(),
  })
  .refine((v) => v.kind !== 'contacts' || v.partnerId, { path: ['partnerId'], error: 'admin.import.errors.pickPartner' })
export type ImportForm = z.infer<typeof importFormSchema>
