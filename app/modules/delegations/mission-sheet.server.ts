/**
 * The one-page mission sheet (PDF, readable offline): per delegate of a registration, the hotel,
 * the organiser's phone, the Consulat de France à Miami, emergency numbers, then the itinerary.
 */
import { eq, inArray } from 'drizzle-orm'
import PDFDocument from 'pdfkit'
import type { DbOrTx } from '#db/client'
import { hotelBlocks, hotelRooms, roomAssignments } from '#db/schema/index'
import { localized, translator, type Locale } from '~/locales'
import { describeInstant } from '~/utils/time'
import { delegationSettingsOf } from './identity.server'
import { itinerariesOfRegistration } from './itinerary.server'
import { pdfBytes } from '~/utils/pdf.server'

/** pdfkit's standard fonts speak WinAnsi: narrow no-break spaces and arrows are replaced. */
const pdfText = (text: string) => text.replace(/\u202f/g, '\u00a0').replace(/→/g, '-')

export const CONSULATE = { name: 'Consulat général de France à Miami', address: '1395 Brickell Avenue, Suite 1050, Miami, FL 33131', phone: '+1 305 403 4150' }

export async function renderMissionSheet(db: DbOrTx, registrationId: string, locale: Locale): Promise<Buffer | null> {
  const t = translator(locale)
  const delegations = await itinerariesOfRegistration(db, registrationId, locale)
  if (!delegations.length) return null
  const doc = new PDFDocument({ size: 'A4', margin: 40, info: { Title: t('delegations.sheet.title'), Author: 'Passerelle' }, lang: locale })
  const done = pdfBytes(doc)
  for (const [index, d] of delegations.entries()) {
    if (index > 0) doc.addPage()
    const settings = await delegationSettingsOf(db, d.event.id)
    const stays = await db
      .select({ block: hotelBlocks, room: hotelRooms })
      .from(roomAssignments)
      .innerJoin(hotelRooms, eq(hotelRooms.id, roomAssignments.roomId))
      .innerJoin(hotelBlocks, eq(hotelBlocks.id, hotelRooms.blockId))
      .where(inArray(roomAssignments.attendeeId, [d.attendeeId]))
    doc.font('Helvetica-Bold').fontSize(15).text(pdfText(localized(d.event.title, locale)))
    doc.font('Helvetica').fontSize(11).text(pdfText(`${t('delegations.sheet.title')} — ${d.name}`)).moveDown(0.5)
    doc.font('Helvetica-Bold').text(pdfText(t('delegations.sheet.hotel')))
    doc.font('Helvetica')
    if (!stays.length) doc.text(pdfText(t('delegations.sheet.noHotel')))
    for (const { block, room } of stays) doc.text(pdfText(`${block.hotelName} — ${block.address}${block.phone ? ` — ${block.phone}` : ''} (${room.label})`))
    doc.moveDown(0.5).font('Helvetica-Bold').text(pdfText(t('delegations.sheet.contacts')))
    doc.font('Helvetica')
    if (settings.organiserPhone) doc.text(pdfText(t('delegations.sheet.organiserPhone', { phone: settings.organiserPhone })))
    doc.text(pdfText(`${CONSULATE.name} — ${CONSULATE.address} — ${CONSULATE.phone}`))
    doc.text(pdfText(t('delegations.sheet.emergency'))).moveDown(0.5)
    doc.font('Helvetica-Bold').text(pdfText(t('delegations.itinerary.title')))
    doc.font('Helvetica').fontSize(9)
    for (const e of d.entries) doc.text(pdfText(`${describeInstant(e.startsAt, e.zone, locale)} — ${e.title}${e.location ? ` — ${e.location}` : ''}`))
    doc.fontSize(11)
  }
  doc.end()
  return done
}
