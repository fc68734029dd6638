/**
 * A mission's attendance sheet as a PDF: the funders, the title, dates and place, then one line
 * per delegate (name, company, check-in time in the event's zone and Martinique's), and the
 * delegates with no check-in listed apart as missing. Deterministic: the PDF's creation date is
 * the mission's end and its file ID derives from it, so regenerating the same data gives the
 * same bytes — and the same SHA-256, recorded with every pack.
 */
import { createHash } from 'node:crypto'
import PDFDocument from 'pdfkit'
import { sql } from 'drizzle-orm'
import type { DbOrTx } from '#db/client'
import { localized, type Locale } from '~/locales'
import { describeInstant, MARTINIQUE_ZONE } from '~/utils/time'
import { pdfBytes } from '~/utils/pdf.server'

export const cut = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text)
export const pdfText = (text: string) => text.replace(/\u202f/g, '\u00a0').replace(/→/g, '-')

export type AttendanceMission = {
  id: string
  slug: string
  title: { fr: string; en: string }
  timezone: string
  startsAt: Date
  endsAt: Date
  venueName: string
  venueCity: string
}

export type AttendanceRow = { attendeeId: string; lastName: string; firstName: string; company: string; checkedInAt: Date | null }

export async function attendanceRows(db: DbOrTx, eventId: string): Promise<AttendanceRow[]> {
  const rows = await db.execute<{ attendee_id: string; last_name: string; first_name: string; company: string; checked_in_at: string | Date | null }>(sql`
    select a.id as attendee_id, a.last_name, a.first_name, c.name as company, a.checked_in_at
    from attendee a
    join registration r on r.id = a.registration_id and r.status = 'confirmed'
    join company c on c.id = r.company_id
    where a.event_id = ${eventId} and a.status = 'active'
    order by lower(a.last_name), lower(a.first_name), a.id`)
  return rows.map((r) => ({
    attendeeId: r.attendee_id,
    lastName: r.last_name,
    firstName: r.first_name,
    company: r.company,
    checkedInAt: r.checked_in_at ? new Date(r.checked_in_at) : null,
  }))
}

export const sha256Hex = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex')

const WORDS = {
  fr: { sheet: 'Feuille d’émargement', funders: 'Avec le soutien de', place: 'Lieu', name: 'Nom', company: 'Entreprise', time: 'Émargement', missing: 'Émargements manquants', none: 'Aucun', present: 'Présents : {n} sur {total}' },
  en: { sheet: 'Attendance sheet', funders: 'With the support of', place: 'Place', name: 'Name', company: 'Company', time: 'Signed in', missing: 'Missing sign-ins', none: 'None', present: 'Present: {n} of {total}' },
}

export async function renderAttendancePdf(mission: AttendanceMission, funders: string[], rows: AttendanceRow[], locale: Locale): Promise<Buffer> {
  const w = WORDS[locale]
  const title = localized(mission.title, locale)
  const doc = new PDFDocument({ size: 'A4', margin: 40, info: { Title: `${w.sheet} — ${title}`, Author: 'Passerelle', CreationDate: mission.endsAt }, lang: locale })
  const done = pdfBytes(doc)
  if (funders.length) doc.font('Helvetica').fontSize(9).fillColor('#334155').text(pdfText(`${w.funders} : ${funders.join(' · ')}`)).moveDown(0.5)
  doc.fillColor('#000000').font('Helvetica-Bold').fontSize(15).text(pdfText(`${w.sheet} — ${title}`))
  doc.font('Helvetica').fontSize(10)
  doc.text(pdfText(describeInstant(mission.startsAt, mission.timezone, locale)))
  doc.text(pdfText(`${w.place} : ${mission.venueName}, ${mission.venueCity}`)).moveDown()
  const present = rows.filter((r) => r.checkedInAt)
  doc.text(pdfText(w.present.replace('{n}', String(present.length)).replace('{total}', String(rows.length)))).moveDown(0.5)
  // One formatter per zone for the rows (a sheet can hold hundreds): "09:10 (10:10 Martinique)".
  const hm = (zone: string) => new Intl.DateTimeFormat(locale === 'fr' ? 'fr-FR' : 'en-US', { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
  const local = hm(mission.timezone)
  const martinique = mission.timezone === MARTINIQUE_ZONE ? null : hm(MARTINIQUE_ZONE)
  const signedAt = (at: Date) => (martinique ? `${local.format(at)} (${martinique.format(at)} Martinique)` : local.format(at))
  const cols = [40, 220, 380]
  doc.font('Helvetica-Bold')
  let y = doc.y
  doc.text(w.name, cols[0], y).text(w.company, cols[1], y).text(pdfText(w.time), cols[2], y)
  doc.font('Helvetica')
  for (const r of rows) {
    if (doc.y > 770) doc.addPage()
    y = doc.y + 4
    // No wrapping in the rows (measured text is slow on long sheets): long names are cut.
    doc.text(pdfText(cut(`${r.lastName.toUpperCase()} ${r.firstName}`, 34)), cols[0], y)
    doc.text(pdfText(cut(r.company, 30)), cols[1], y)
    doc.text(pdfText(r.checkedInAt ? signedAt(r.checkedInAt) : '—'), cols[2], y)
  }
  doc.moveDown()
  doc.x = cols[0]
  const missing = rows.filter((r) => !r.checkedInAt)
  doc.font('Helvetica-Bold').text(pdfText(w.missing)).font('Helvetica')
  doc.text(pdfText(missing.length ? missing.map((r) => `${r.lastName.toUpperCase()} ${r.firstName} (${r.company})`).join(' ; ') : w.none))
  doc.end()
  return done
}
