import PDFDocument from 'pdfkit'
import { eq } from 'drizzle-orm'
import { DateTime } from 'luxon'
import { getDb, type DbOrTx } from '#db/client'
import { invoices, organisations, type InvoiceParty } from '#db/schema/index'
import { translator } from '~/locales'
import { formatMoney } from '~/utils/money'
import { pdfBytes } from '~/utils/pdf.server'

/** pdfkit's standard fonts speak WinAnsi: narrow no-break spaces (French number format) become plain ones. */
function pdfText(text: string) {
  return text.replace(/\u202f/g, '\u00a0')
}

/**
 * The invoice or credit note as a PDF in the buyer's language (`invoice.locale`), built from
 * the frozen document only: rendering it again, any day, gives the same content.
 */
export async function renderInvoicePdf(invoiceId: string, db: DbOrTx = getDb()): Promise<Buffer> {
  const [row] = await db
    .select({ invoice: invoices, timezone: organisations.timezone })
    .from(invoices)
    .innerJoin(organisations, eq(organisations.id, invoices.organisationId))
    .where(eq(invoices.id, invoiceId))
  if (!row) throw new Error(`invoice ${invoiceId} not found`)
  const { invoice } = row
  const locale = invoice.locale
  const t = translator(locale)
  const money = (minor: number) => pdfText(formatMoney(minor, invoice.currency, locale))
  const date = (d: Date) => DateTime.fromJSDate(d, { zone: row.timezone }).setLocale(locale === 'fr' ? 'fr-FR' : 'en-US').toLocaleString(DateTime.DATE_FULL)

  const doc = new PDFDocument({
    size: 'A4',
    margin: 50,
    // Dated by the invoice itself (not the render time): the same invoice always renders to the same bytes.
    info: { CreationDate: invoice.issuedAt, Title: `${invoice.kind === 'credit_note' ? t('payments.pdf.creditNote') : t('payments.pdf.invoice')} ${invoice.number}`, Author: invoice.seller.legalName ?? invoice.seller.name },
    lang: locale,
  })
  const done = pdfBytes(doc)

  const left = 50
  const width = doc.page.width - 100
  doc.font('Helvetica-Bold').fontSize(20).text(invoice.kind === 'credit_note' ? t('payments.pdf.creditNote') : t('payments.pdf.invoice'), left, 50)
  doc.font('Helvetica').fontSize(11).text(t('payments.pdf.number', { number: invoice.number }))
  doc.text(t('payments.pdf.issuedAt', { date: date(invoice.issuedAt) }))
  if (invoice.dueAt) doc.text(t('payments.pdf.dueAt', { date: date(invoice.dueAt) }))
  if (invoice.correctsInvoiceId) {
    const [original] = await db.select({ number: invoices.number }).from(invoices).where(eq(invoices.id, invoice.correctsInvoiceId))
    if (original) doc.text(t('payments.pdf.corrects', { number: original.number }))
  }

  const party = (title: string, p: InvoiceParty, x: number, y: number) => {
    doc.font('Helvetica-Bold').fontSize(10).text(title, x, y, { width: width / 2 - 10 })
    doc.font('Helvetica').fontSize(10)
    const lines = [p.legalName && p.legalName !== p.name ? `${p.name} (${p.legalName})` : p.name, p.address, p.country, p.email]
    if (p.taxId) lines.push(t('payments.pdf.taxId', { value: p.taxId }))
    if (p.registrationNumber) lines.push(t('payments.pdf.registrationNumber', { value: p.registrationNumber }))
    for (const line of lines.filter(Boolean)) doc.text(pdfText(line as string), { width: width / 2 - 10 })
    return doc.y
  }
  const top = doc.y + 20
  const afterSeller = party(t('payments.pdf.seller'), invoice.seller, left, top)
  const afterBuyer = party(t('payments.pdf.buyer'), invoice.buyer, left + width / 2 + 10, top)
  doc.y = Math.max(afterSeller, afterBuyer) + 15
  if (invoice.note) doc.font('Helvetica-Oblique').fontSize(10).text(pdfText(invoice.note), left, doc.y, { width })

  // Lines
  const cols = { description: left, quantity: left + width * 0.55, unit: left + width * 0.63, total: left + width * 0.82 }
  const header = doc.y + 15
  doc.font('Helvetica-Bold').fontSize(9)
  doc.text(t('payments.pdf.description'), cols.description, header, { width: width * 0.53 })
  doc.text(t('payments.pdf.quantity'), cols.quantity, header, { width: width * 0.07, align: 'right' })
  doc.text(t('payments.pdf.unitPrice'), cols.unit, header, { width: width * 0.18, align: 'right' })
  doc.text(t('payments.pdf.lineTotal'), cols.total, header, { width: width * 0.18, align: 'right' })
  doc.moveTo(left, doc.y + 3).lineTo(left + width, doc.y + 3).stroke()
  doc.font('Helvetica').fontSize(9)
  let y = doc.y + 8
  for (const line of invoice.lines) {
    doc.text(pdfText(line.description), cols.description, y, { width: width * 0.53 })
    const bottom = doc.y
    doc.text(String(line.quantity), cols.quantity, y, { width: width * 0.07, align: 'right' })
    doc.text(money(line.unitPriceMinor), cols.unit, y, { width: width * 0.18, align: 'right' })
    doc.text(money(line.totalMinor), cols.total, y, { width: width * 0.18, align: 'right' })
    y = Math.max(bottom, doc.y) + 4
  }
  doc.moveTo(left, y).lineTo(left + width, y).stroke()
  y += 8
  const totalRow = (label: string, value: string, bold = false) => {
    doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(10)
    doc.text(label, cols.unit - 60, y, { width: width * 0.18 + 60, align: 'right' })
    doc.text(value, cols.total, y, { width: width * 0.18, align: 'right' })
    y = doc.y + 4
  }
  totalRow(t('payments.pdf.subtotal'), money(invoice.subtotalMinor))
  const rate = (invoice.taxRateBp / 100).toLocaleString(locale === 'fr' ? 'fr-FR' : 'en-US', { maximumFractionDigits: 2 })
  totalRow(invoice.taxRateBp > 0 ? t('payments.pdf.tax', { rate }) : t('payments.pdf.noTax'), money(invoice.taxMinor))
  totalRow(t('payments.pdf.total'), money(invoice.totalMinor), true)

  doc.font('Helvetica').fontSize(8).text(t('payments.pdf.taxNote'), left, y + 10, { width })
  if (invoice.seller.bank) {
    const bank = invoice.seller.bank
    doc.moveDown()
    doc.font('Helvetica-Bold').fontSize(10).text(t('payments.pdf.bankTitle'), left, doc.y, { width })
    doc.font('Helvetica').fontSize(10).text(pdfText(t('payments.pdf.bankLine', bank)), { width })
  }
  doc.end()
  return done
}

/**
 * The PDF as the mail module's attachment slot wants it (`notify` data), rendered in the
 * issuing transaction so the receipt carries exactly the invoice just issued.
 */
export async function invoiceAttachment(db: DbOrTx, invoiceId: string) {
  const [row] = await db.select({ number: invoices.number }).from(invoices).where(eq(invoices.id, invoiceId))
  const pdf = await renderInvoicePdf(invoiceId, db)
  return { attachmentFilename: `${row.number}.pdf`, attachmentBase64: pdf.toString('base64') }
}
