import PDFDocument from 'pdfkit'
import { localized, translator, type Locale } from '~/locales'
import { describeInstant } from '~/utils/time'
import type { ParticipantContext } from './participants.server'
import { agendaOf } from './scheduling.server'
import { pdfBytes } from '~/utils/pdf.server'

/** pdfkit's standard fonts speak WinAnsi: narrow no-break spaces and arrows are replaced. */
const pdfText = (text: string) => text.replace(/\u202f/g, '\u00a0').replace(/→/g, '-')

/** A company's printable agenda: its published meetings, in the event's time and Martinique's. */
export async function renderAgendaPdf(ctx: ParticipantContext, locale: Locale): Promise<Buffer> {
  const t = translator(locale)
  const meetings = await agendaOf(ctx.event.id, ctx.company.id)
  const doc = new PDFDocument({ size: 'A4', margin: 50, info: { Title: `${t('b2b.nav.agenda')} — ${ctx.company.name}`, Author: 'Passerelle' }, lang: locale })
  const done = pdfBytes(doc)
  doc.font('Helvetica-Bold').fontSize(16).text(pdfText(localized(ctx.event.title, locale)))
  doc.font('Helvetica').fontSize(12).text(pdfText(`${t('b2b.nav.agenda')} — ${ctx.company.name}`)).moveDown()
  if (!meetings.length) doc.text(pdfText(t('b2b.agenda.empty')))
  for (const m of meetings) {
    doc.font('Helvetica-Bold').text(pdfText(`${describeInstant(m.startsAt, ctx.event.timezone, locale)} · ${t('b2b.agenda.table', { table: m.table })}`))
    doc.font('Helvetica').text(pdfText(t('b2b.agenda.with', { company: m.otherCompany, delegate: m.otherDelegate })))
    doc.text(pdfText(t('b2b.agenda.you', { delegate: m.ownDelegate }))).moveDown(0.5)
  }
  doc.end()
  return done
}
