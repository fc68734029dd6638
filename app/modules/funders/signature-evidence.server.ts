/**
 * The signed attendance sheets' part of a report pack, under `evidence/signatures/`: one PDF
 * per programme session where signatures were collected (a session nobody signed for, such as
 * travel or a reception, gets no sheet), `sheets.csv` listing each sheet with its SHA-256 and
 * its signed / expected counts, and `participation.csv`, the participation ledger.
 */
import type { DbOrTx } from '#db/client'
import { csvBytes } from '~/modules/exports/stream.server'
import type { Locale } from '~/locales'
import { sha256Hex } from './attendance-pdf.server'
import { participationLedger } from './participation.server'
import { renderSignatureSheetPdf, type SheetEvent } from './signature-sheet-pdf.server'
import { sql } from 'drizzle-orm'
import { requireSession, sessionSheet, sessionSignatureImages, signableSessions, type SignatureSession } from './signatures.server'

export type EvidenceMission = SheetEvent & { id: string; slug: string }

/** The file name of a session's sheet: the local start, then the session's id (stable, unique). */
const sheetName = (slug: string, session: { id: string; startsAt: Date }) => `evidence/signatures/${slug}/${session.startsAt.toISOString().slice(0, 16).replace(/[-:]/g, '').replace('T', '-')}-${session.id.slice(0, 8)}.pdf`

async function renderSession(db: DbOrTx, event: SheetEvent & { id: string }, session: SignatureSession, funders: string[], locale: Locale) {
  const rows = await sessionSheet(db, event.id, session.id)
  const pdf = await renderSignatureSheetPdf(event, session, funders, rows, await sessionSignatureImages(db, session.id), locale)
  return { pdf, rows }
}

/** One session's signed sheet, as the pack holds it (the signatures page's download). */
export async function sessionSheetPdf(db: DbOrTx, eventId: string, programmeItemId: string, funders: string[], locale: Locale) {
  const session = await requireSession(db, eventId, programmeItemId)
  const [event] = await db.execute<{ id: string; slug: string; title: { fr: string; en: string }; timezone: string; venue_name: string; venue_city: string }>(
    sql`select id, slug, title, timezone, venue_name, venue_city from event where id = ${eventId}`,
  )
  const { pdf, rows } = await renderSession(db, { id: event.id, title: event.title, timezone: event.timezone, venueName: event.venue_name, venueCity: event.venue_city }, session, funders, locale)
  return { pdf, fileName: sheetName(event.slug, session).split('/').slice(2).join('-'), rows: rows.length }
}

export async function addSignatureEvidence(db: DbOrTx, files: Record<string, Uint8Array>, missions: EvidenceMission[], funderNames: (eventId: string) => Promise<string[]>, locale: Locale) {
  const fr = locale === 'fr'
  const sheets = [fr ? ['mission', 'séance', 'fichier', 'signés', 'attendus', 'sha256'] : ['mission', 'session', 'file', 'signed', 'expected', 'sha256']]
  for (const m of missions) {
    const funders = await funderNames(m.id)
    for (const session of await signableSessions(db, m.id)) {
      if (!session.signed) continue
      const { pdf, rows } = await renderSession(db, m, { ...session, eventId: m.id }, funders, locale)
      const name = sheetName(m.slug, session)
      files[name] = pdf
      sheets.push([m.slug, session.id, name, String(rows.filter((r) => r.method).length), String(rows.length), sha256Hex(pdf)])
    }
  }
  files['evidence/signatures/sheets.csv'] = await csvBytes(sheets)
  const ledger = await participationLedger(db, missions.map((m) => m.id))
  files['evidence/signatures/participation.csv'] = await csvBytes([
    fr
      ? ['mission', 'entreprise', 'délégués', 'demi-journées (délégués)', 'demi-journées (entreprise)', 'séances', 'signatures', 'rendez-vous B2B tenus', 'id entreprise']
      : ['mission', 'company', 'delegates', 'half-days (delegates)', 'half-days (company)', 'sessions', 'signatures', 'B2B meetings held', 'company id'],
    ...ledger.map((r) => [r.slug, r.company, String(r.delegates), String(r.delegateHalfDays), String(r.companyHalfDays), String(r.sessions), String(r.signatures), String(r.meetingsHeld), r.companyId]),
  ])
}
