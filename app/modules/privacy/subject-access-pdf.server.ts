import PDFDocument from 'pdfkit'
import type { DbOrTx } from '#db/client'
import type { AuditActor } from '~/modules/audit/audit.server'
import { subjectAccessExport } from './subject-access.server'
import { pdfBytes } from '~/utils/pdf.server'

const HEADINGS = {
  fr: { title: 'Données personnelles détenues', subject: 'Personne', generated: 'Généré le', purpose: 'Finalité', basis: 'Base légale', retention: 'Conservation', none: 'Aucune donnée trouvée.' },
  en: { title: 'Personal data held', subject: 'Person', generated: 'Generated', purpose: 'Purpose', basis: 'Legal basis', retention: 'Retention', none: 'No data found.' },
}

/** pdfkit's standard fonts speak WinAnsi: characters outside it are replaced. */
const pdfText = (value: unknown) =>
  (value === null || value === undefined ? '—' : value instanceof Date ? value.toISOString() : typeof value === 'object' ? JSON.stringify(value) : String(value))
    .replace(/\u202f/g, '\u00a0')
    .replace(/[^\x20-\x7e\u00a0-\u00ff\u2019\u2013\u2014\u20ac]/g, '?')

/** The subject-access export as a readable PDF: one section per table, one block per row. */
export async function subjectAccessPdf(db: DbOrTx, input: { organisationId: string; email: string; actor: AuditActor; locale: 'fr' | 'en' }): Promise<Buffer> {
  const out = await subjectAccessExport(db, input)
  const h = HEADINGS[input.locale]
  const doc = new PDFDocument({ size: 'A4', margin: 50, info: { Title: `${h.title} — ${out.email}` }, lang: input.locale })
  const done = pdfBytes(doc)
  doc.font('Helvetica-Bold').fontSize(18).text(h.title)
  doc.font('Helvetica').fontSize(10).text(`${h.subject}: ${pdfText(out.email)}`).text(`${h.generated}: ${out.generatedAt}`)
  const tables = Object.entries(out.tables)
  if (tables.length === 0) doc.moveDown().text(h.none)
  for (const [table, section] of tables) {
    doc.moveDown().font('Helvetica-Bold').fontSize(13).text(table)
    doc.font('Helvetica-Oblique').fontSize(9).text(`${h.purpose}: ${pdfText(section.purpose)} · ${h.basis}: ${pdfText(section.legalBasis)} · ${h.retention}: ${pdfText(section.retention)}`)
    for (const row of section.rows) {
      doc.moveDown(0.5).font('Helvetica').fontSize(8)
      for (const [key, value] of Object.entries(row)) doc.text(`${key}: ${pdfText(value)}`, { width: doc.page.width - 100 })
    }
  }
  doc.end()
  return done
}
