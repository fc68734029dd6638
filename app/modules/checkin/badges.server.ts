import PDFDocument from 'pdfkit'
import { sql } from 'drizzle-orm'
import type { DbOrTx } from '#db/client'
import { localized, type Locale } from '~/locales'
import { qrCodePng } from './checkin.server'

const MM = 72 / 25.4

/** A4 sheet of badges (2 × 4 per page): name, company, ticket type and the check-in QR code. */
export async function badgeSheet(db: DbOrTx, event: { id: string; title: { fr: string; en: string } }, locale: Locale) {
  const people = await db.execute<{
    first_name: string
    last_name: string
    company: string
    ticket_type: { fr: string; en: string }
    check_in_secret: string
  }>(sql`select a.first_name, a.last_name, c.name as company, tt.name as ticket_type, a.check_in_secret
    from attendee a join registration r on r.id = a.registration_id join company c on c.id = r.company_id
    join ticket_type tt on tt.id = a.ticket_type_id
    where a.event_id = ${event.id} and a.status = 'active' and r.status = 'confirmed'
    order by lower(a.last_name) collate "C", lower(a.first_name) collate "C", a.id`)
  const doc = new PDFDocument({ size: 'A4', margin: 10 * MM, info: { Title: localized(event.title, locale) } })
  const width = 90 * MM
  const height = 65 * MM
  const left = 12 * MM
  const top = 12 * MM
  const chunks: Buffer[] = []
  doc.on('data', (chunk: Buffer) => chunks.push(chunk))
  const finished = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve)
    doc.on('error', reject)
  })
  // Built in memory (a sheet for a few hundred people is a few MB): pdfkit cannot stop half-way
  // when a download is abandoned, which a live stream would need.
  {
    for (const [index, person] of people.entries()) {
      const slot = index % 8
      if (index > 0 && slot === 0) doc.addPage()
      const x = left + (slot % 2) * (width + 6 * MM)
      const y = top + Math.floor(slot / 2) * (height + 4 * MM)
      doc.roundedRect(x, y, width, height, 6).lineWidth(0.5).stroke('#64748b')
      doc.fillColor('#0f172a').font('Helvetica').fontSize(8).text(localized(event.title, locale), x + 5 * MM, y + 4 * MM, { width: width - 10 * MM })
      doc.font('Helvetica-Bold').fontSize(16).text(`${person.first_name} ${person.last_name}`, x + 5 * MM, y + 14 * MM, { width: width - 40 * MM })
      doc.font('Helvetica').fontSize(11).text(person.company, { width: width - 40 * MM })
      doc.fontSize(9).fillColor('#334155').text(localized(person.ticket_type, locale), { width: width - 40 * MM })
      const png = await qrCodePng(event.id, person.check_in_secret)
      doc.image(png, x + width - 33 * MM, y + height - 33 * MM, { width: 30 * MM })
    }
    doc.end()
  }
  await finished
  return Buffer.concat(chunks)
}
