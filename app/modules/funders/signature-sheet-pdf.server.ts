/**
 * The signed attendance sheet of one programme session as a PDF: the funders, the session's
 * title, date (event zone, and Martinique's when it differs) and place, then per delegate their
 * name, company, signature image (or "scanned sheet" and its hash) and the time signed; then
 * the delegates who did not sign. Deterministic like the mission's sheet: the creation date is
 * the session's end, from which pdfkit derives the file ID, and the rows come in a fixed order,
 * so the same signatures give the same bytes and the same SHA-256.
 */
import PDFDocument from 'pdfkit'
import { localized, type Locale } from '~/locales'
import { describeInstant, MARTINIQUE_ZONE } from '~/utils/time'
import { cut, pdfText } from './attendance-pdf.server'
import type { SheetRow, SignatureSession } from './signatures.server'
import { pdfBytes } from '~/utils/pdf.server'


export type SheetEvent = { title: { fr: string; en: string }; timezone: string; venueName: string; venueCity: string }

const WORDS = {
  fr: { sheet: 'Feuille d’émargement', funders: 'Avec le soutien de', place: 'Lieu', name: 'Nom', company: 'Entreprise', signature: 'Signature', time: 'Signé à', scan: 'Feuille numérisée', missing: 'Signatures manquantes', none: 'Aucune', signed: 'Signé : {n} sur {total}' },
  en: { sheet: 'Attendance sheet', funders: 'With the support of', place: 'Place', name: 'Name', company: 'Company', signature: 'Signature', time: 'Signed at', scan: 'Scanned sheet', missing: 'Missing signatures', none: 'None', signed: 'Signed: {n} of {total}' },
}

const ROW_HEIGHT = 46
const IMAGE = { width: 130, height: 40 }

export async function renderSignatureSheetPdf(
  event: SheetEvent,
  session: SignatureSession,
  funders: string[],
  rows: SheetRow[],
  images: Map<string, Buffer>,
  locale: Locale,
): Promise<Buffer> {
  const w = WORDS[locale]
  const title = localized(session.title, locale)
  const doc = new PDFDocument({ size: 'A4', margin: 40, info: { Title: `${w.sheet} — ${title}`, Author: 'Passerelle', CreationDate: session.endsAt }, lang: locale })
  const done = pdfBytes(doc)
  if (funders.length) doc.font('Helvetica').fontSize(9).fillColor('#334155').text(pdfText(`${w.funders} : ${funders.join(' · ')}`)).moveDown(0.5)
  doc.fillColor('#000000').font('Helvetica-Bold').fontSize(15).text(pdfText(`${w.sheet} — ${title}`))
  doc.font('Helvetica').fontSize(10).text(pdfText(localized(event.title, locale)))
  doc.text(pdfText(describeInstant(session.startsAt, event.timezone, locale)))
  doc.text(pdfText(`${w.place} : ${session.place ?? `${event.venueName}, ${event.venueCity}`}`)).moveDown()
  const signed = rows.filter((r) => r.method)
  doc.text(pdfText(w.signed.replace('{n}', String(signed.length)).replace('{total}', String(rows.length)))).moveDown(0.5)
  const hm = (zone: string) => new Intl.DateTimeFormat(locale === 'fr' ? 'fr-FR' : 'en-US', { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
  const local = hm(event.timezone)
  const martinique = event.timezone === MARTINIQUE_ZONE ? null : hm(MARTINIQUE_ZONE)
  const at = (instant: Date) => (martinique ? `${local.format(instant)} (${martinique.format(instant)} Martinique)` : local.format(instant))
  const cols = [40, 190, 320, 460]
  const header = () => {
    const y = doc.y
    doc.font('Helvetica-Bold').text(w.name, cols[0], y).text(w.company, cols[1], y).text(w.signature, cols[2], y).text(pdfText(w.time), cols[3], y)
    doc.font('Helvetica')
  }
  header()
  for (const r of signed) {
    if (doc.y + ROW_HEIGHT > 800) {
      doc.addPage()
      header()
    }
    const y = doc.y + 4
    doc.text(pdfText(cut(`${r.lastName.toUpperCase()} ${r.firstName}`, 28)), cols[0], y + 12)
    doc.text(pdfText(cut(r.company, 24)), cols[1], y + 12)
    const image = images.get(r.attendeeId)
    if (image) doc.image(image, cols[2], y, { fit: [IMAGE.width, IMAGE.height] })
    else doc.fontSize(8).text(pdfText(`${w.scan} ${r.scanSha256?.slice(0, 12) ?? ''}`), cols[2], y + 12).fontSize(10)
    // A scanned sheet's time is its upload, not the signing: left blank rather than misleading.
    doc.text(pdfText(r.method === 'tablet' && r.signedAt ? at(r.signedAt) : '—'), cols[3], y + 12)
    doc.y = y + ROW_HEIGHT
  }
  doc.moveDown()
  doc.x = cols[0]
  const missing = rows.filter((r) => !r.method)
  doc.font('Helvetica-Bold').text(pdfText(w.missing), cols[0], doc.y).font('Helvetica')
  doc.text(pdfText(missing.length ? missing.map((r) => `${r.lastName.toUpperCase()} ${r.firstName} (${r.company})`).join(' ; ') : w.none))
  doc.end()
  return done
}
