import { describe, expect, it } from 'vitest'
import { readCsv } from '~/modules/imports/csv'
import { parseImportFile, templateCsv } from '~/modules/imports/import-schemas'

function records(text: string) {
  const out = readCsv(text)
  if (!out.ok) throw new Error(`unreadable: ${out.error}`)
  return out
}

describe('readCsv', () => {
  it('reads a comma-separated file', () => {
    const out = records('name,email\nRhum SARL,a@b.mq\nBanane Co,c@d.mq\n')
    expect(out.separator).toBe(',')
    expect(out.header).toEqual(['name', 'email'])
    expect(out.records.map((r) => r.cells)).toEqual([
      ['Rhum SARL', 'a@b.mq'],
      ['Banane Co', 'c@d.mq'],
    ])
  })

  it('reads a French Excel export: semicolons, BOM, CRLF, commas inside values', () => {
    const out = records('\uFEFFNom;Courriel;Ville\r\nDistillerie, Fils & Cie;x@y.mq;Le François\r\n')
    expect(out.separator).toBe(';')
    expect(out.header).toEqual(['Nom', 'Courriel', 'Ville'])
    expect(out.records).toEqual([{ line: 2, cells: ['Distillerie, Fils & Cie', 'x@y.mq', 'Le François'] }])
  })

  it('keeps separators, doubled quotes and line breaks inside quoted fields, and counts physical lines', () => {
    const out = records('name,note,email\r\n"Rhum ""Vieux"", SARL","line one\r\nline two",a@b.mq\r\nNext,,c@d.mq')
    expect(out.records[0]).toEqual({ line: 2, cells: ['Rhum "Vieux", SARL', 'line one\r\nline two', 'a@b.mq'] })
    expect(out.records[1]).toEqual({ line: 4, cells: ['Next', '', 'c@d.mq'] })
  })

  it('skips empty lines and lines of separators only, keeping real line numbers', () => {
    const out = records('name;email\n\n;\nA;a@b.mq\n\r\n\nB;b@b.mq\n\n')
    expect(out.records).toEqual([
      { line: 4, cells: ['A', 'a@b.mq'] },
      { line: 7, cells: ['B', 'b@b.mq'] },
    ])
  })

  it('refuses an unclosed quote and an empty file', () => {
    expect(readCsv('name,email\n"Rhum,a@b.mq\n')).toEqual({ ok: false, error: 'unterminatedQuote', line: 2 })
    expect(readCsv('\uFEFF\n\n')).toEqual({ ok: false, error: 'empty' })
  })
})

describe('parseImportFile', () => {
  it('matches French headers whatever their case and accents, and ignores unknown columns', () => {
    const out = parseImportFile('companies', 'NOM;E-mail;Société mère;Secteur d’activité;Site Web;VILLE;Pays;Langue\nRhum SARL;A@B.MQ;X;Rhum;rhum.mq;Le Robert;Martinique;Français\n')
    expect(out.ok).toBe(true)
    if (!out.ok) return
    expect(out.columns).toEqual(['name', 'contactEmail', 'sector', 'website', 'city', 'country', 'locale'])
    expect(out.ignoredColumns).toEqual(['Société mère'])
    expect(out.rows[0]).toEqual({
      line: 2,
      values: { name: 'Rhum SARL', contactEmail: 'a@b.mq', sector: 'Rhum', website: 'https://rhum.mq', city: 'Le Robert', country: 'MQ', locale: 'fr' },
      errors: [],
    })
  })

  it('matches English contact headers', () => {
    const out = parseImportFile('contacts', 'Name,Email,Language,Role\nJohn Smith,john@miamidade.gov,English,Trade officer\n')
    expect(out.ok && out.rows[0].values).toEqual({ name: 'John Smith', email: 'john@miamidade.gov', locale: 'en', roleTitle: 'Trade officer' })
  })

  it('lists each row’s errors: missing name, invalid email, unknown language, too long, duplicate in the file', () => {
    const out = parseImportFile('contacts', `nom,courriel,langue\n,a@b.mq,fr\nB,not-an-email,fr\nC,c@b.mq,de\n${'D'.repeat(201)},d@b.mq,en\nE,A@b.mq,fr\n`)
    expect(out.ok).toBe(true)
    if (!out.ok) return
    expect(out.rows.map((r) => r.errors.map((e) => [e.field, e.key]))).toEqual([
      [['name', 'admin.import.errors.missingName']],
      [['email', 'admin.import.errors.email']],
      [['locale', 'admin.import.errors.language']],
      [['name', 'admin.import.errors.tooLong']],
      [['email', 'admin.import.errors.duplicateInFile']],
    ])
    expect(out.rows[4].errors[0].vars).toEqual({ line: 2 })
  })

  it('refuses a file without a required column, with only a header, or with a column twice', () => {
    expect(parseImportFile('companies', 'nom;ville\nA;B\n')).toMatchObject({ ok: false, error: { code: 'importMissingColumn' } })
    expect(parseImportFile('companies', 'nom;email\n')).toMatchObject({ ok: false, error: { code: 'importNoRows' } })
    expect(parseImportFile('companies', 'nom;email;courriel\nA;a@b.mq;a@b.mq\n')).toMatchObject({ ok: false, error: { code: 'importDuplicateColumn' } })
  })

  it('refuses more than 5,000 rows', () => {
    const body = Array.from({ length: 5001 }, (_, i) => `C${i};c${i}@b.mq`).join('\n')
    expect(parseImportFile('companies', `nom;email\n${body}`)).toMatchObject({ ok: false, error: { code: 'importTooManyRows' } })
  })

  it('reads back its own templates in both languages without errors', () => {
    for (const kind of ['companies', 'contacts'] as const)
      for (const locale of ['fr', 'en'] as const) {
        const out = parseImportFile(kind, templateCsv(kind, locale))
        expect(out.ok && out.rows.length === 1 && out.rows[0].errors).toEqual([])
      }
  })
})
