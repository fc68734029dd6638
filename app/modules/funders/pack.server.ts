/**
 * The report pack of one funder for one period: a ZIP holding an XLSX workbook (indicators,
 * participants, companies, costs, co-funded registrations, evidence), the same annexes as CSV,
 * one attendance sheet PDF per mission, a PDF summary with charts (`summary.pdf`), and
 * `manifest.json` with the SHA-256 of every file. Which annexes, columns, labels and indicators,
 * and the funder's legend and title, come from the funder's layout (`layouts.ts`), not from here.
 * Each generation is logged (`report_pack`, with the hashes) and audited. A period with no
 * mission of the funder is refused (`packNoMission`) instead of giving an empty file.
 */
import { strToU8, zipSync, type Zippable } from 'fflate'
import ExcelJS from 'exceljs'
import { and, asc, eq, sql } from 'drizzle-orm'
import { DateTime } from 'luxon'
import { getDb, type Database, type DbOrTx } from '#db/client'
import { events, partners, reportPacks } from '#db/schema/index'
import { recordAudit } from '~/modules/audit/audit.server'
import { recordDisclosure } from '~/modules/privacy/disclosures.server'
import { csvChunks } from '~/modules/exports/stream.server'
import { getFunderReport } from '~/modules/payments/funder-report.server'
import { localized, type Locale } from '~/locales'
import { Refusal } from '~/utils/refusal'
import { aidEquivalentByCompany } from './aid.server'
import { renderAttestationsPdf, type AttestationCompany } from './attestation-pdf.server'
import { attendanceRows, renderAttendancePdf, sha256Hex } from './attendance-pdf.server'
import { budgetOf } from './budget.server'
import { deMinimisStatuses } from './de-minimis.server'
import { computeIndicators, indicatorEvidence, type IndicatorScope } from './indicators.server'
import { applyLayout, layoutOf, type AnnexKey } from './layouts'
import { renderInvoicePdf } from '~/modules/invoices/invoice-pdf.server'
import { addSignatureEvidence } from './signature-evidence.server'
import { renderSummaryPdf, summaryData } from './summary-pdf.server'

export type PackRequest = { organisationId: string; funderPartnerId: string; from: string; to: string; locale: Locale; userId?: string }

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** A period is two real days, the end not before the start; each fault is refused on its own field. */
export function checkPeriod(from: string, to: string) {
  const valid = (day: string) => ISO_DAY.test(day) && DateTime.fromISO(day).isValid
  if (!valid(from)) throw new Refusal('periodInvalid', { field: 'from' })
  if (!valid(to)) throw new Refusal('periodInvalid', { field: 'to' })
  if (to < from) throw new Refusal('periodEndBeforeStart', { field: 'to' })
}

export async function requireFunder(db: DbOrTx, organisationId: string, funderPartnerId: string) {
  if (!UUID.test(funderPartnerId)) throw new Refusal('funderUnknown', { field: 'funder' })
  const [funder] = await db
    .select({ id: partners.id, name: partners.name, slug: partners.slug, legalName: partners.legalName })
    .from(partners)
    .where(and(eq(partners.id, funderPartnerId), eq(partners.organisationId, organisationId), eq(partners.isFunder, true)))
  if (!funder) throw new Refusal('funderUnknown', { field: 'funder' })
  return funder
}

/** The funders an organiser can report to. */
export function fundersOf(db: DbOrTx, organisationId: string) {
  return db
    .select({ id: partners.id, name: partners.name, slug: partners.slug })
    .from(partners)
    .where(and(eq(partners.organisationId, organisationId), eq(partners.isFunder, true)))
    .orderBy(asc(partners.position), asc(partners.name))
}

/**
 * The funder's missions in the period: not drafts, starting (in their own zone) between `from`
 * and `to` inclusive, and linked to the funder — named as a funder of the event, funding a
 * budget line, or paying a share of a registration (funder code at checkout).
 */
export async function missionsOf(db: DbOrTx, organisationId: string, funderPartnerId: string, from: string, to: string) {
  return db
    .select()
    .from(events)
    .where(
      and(
        eq(events.organisationId, organisationId),
        sql`${events.status} <> 'draft'`,
        sql`(${events.startsAt} at time zone ${events.timezone})::date between ${from}::date and ${to}::date`,
        sql`(exists (select 1 from event_partner ep where ep.event_id = ${events.id} and ep.partner_id = ${funderPartnerId} and ep.role = 'funder')
          or exists (select 1 from budget_line bl join budget_line_share bs on bs.budget_line_id = bl.id where bl.event_id = ${events.id} and bs.funder_partner_id = ${funderPartnerId})
          or exists (select 1 from funder_share fs join registration r on r.id = fs.registration_id where r.event_id = ${events.id} and fs.funder_partner_id = ${funderPartnerId}))`,
      ),
    )
    .orderBy(asc(events.startsAt), asc(events.id))
}

/** The funders named on an event (role funder), for the attendance sheet header and the public page. */
export async function eventFunderNames(db: DbOrTx, eventId: string) {
  const rows = await db.execute<{ name: string }>(sql`
    select p.name from event_partner ep join partner p on p.id = ep.partner_id
    where ep.event_id = ${eventId} and (ep.role = 'funder' or p.is_funder) order by ep.position, p.name`)
  return rows.map((r) => r.name)
}

const cell = (v: unknown): string => (v == null ? '' : v instanceof Date ? v.toISOString() : typeof v === 'object' ? JSON.stringify(v) : String(v))
const money = (minor: number) => (minor / 100).toFixed(2)

async function csvBytes(rows: string[][]) {
  let text = ''
  for await (const chunk of csvChunks((async function* () { yield rows })())) text += chunk
  return strToU8(text)
}

export type ReportPack = { packId: string; fileName: string; zip: Uint8Array; files: Record<string, string>; eventIds: string[] }

export async function buildReportPack(req: PackRequest, db: Database = getDb()): Promise<ReportPack> {
  checkPeriod(req.from, req.to)
  const funder = await requireFunder(db, req.organisationId, req.funderPartnerId)
  const missions = await missionsOf(db, req.organisationId, funder.id, req.from, req.to)
  if (!missions.length) throw new Refusal('packNoMission', { vars: { funder: funder.name } })
  const fr = req.locale === 'fr'
  const { code: layoutCode, layout } = layoutOf(funder.slug)
  const scope: IndicatorScope = { eventIds: missions.map((m) => m.id), periodTo: req.to }
  const reported = layout.indicators
  const indicators = (await computeIndicators(db, scope)).filter((i) => !reported || reported.includes(i.code)).sort((a, b) => (reported ? reported.indexOf(a.code) - reported.indexOf(b.code) : 0))
  const files: Record<string, Uint8Array> = {}

  // Annexes, as rows in `ANNEX_COLUMNS` order (no header: the layout gives it); the same rows go to the workbook and to CSV.
  const indicatorRows = [
    ...indicators.map((i) => [i.code, i.definition[req.locale], i.unit, i.measured, i.unit === 'usd' ? money(i.value) : String(i.value)]),
  ]
  const delegates = await indicatorEvidence(db, 'DELEGATES', scope)
  const participantRows = [
    ...delegates.map((d) => [cell(d.mission), cell(d.last_name), cell(d.first_name), cell(d.company), cell(d.checked_in_at), cell(d.attendee_id)]),
  ]
  const companies = await indicatorEvidence(db, 'ENT_SUPPORTED', scope)
  // Aid equivalent per company, and its de minimis position on the last day of the period.
  const aid = await aidEquivalentByCompany(db, scope.eventIds)
  const companyRows: string[][] = []
  const statuses = await deMinimisStatuses(db, companies.map((c) => ({ companyId: String(c.company_id), amountEurMinor: aid.get(String(c.company_id))?.EUR ?? 0 })), req.to)
  const attestations: AttestationCompany[] = []
  for (const c of companies) {
    const equivalent = aid.get(String(c.company_id)) ?? {}
    const status = statuses.get(String(c.company_id))!
    if (equivalent.EUR || equivalent.USD)
      attestations.push({ name: String(c.company), siret: c.siret ? String(c.siret) : null, aidEurMinor: equivalent.EUR ?? 0, aidUsdMinor: equivalent.USD ?? 0, receivedEurMinor: status.receivedEurMinor, wouldExceed: status.wouldExceed })
    companyRows.push([
      cell(c.company), cell(c.country), cell(c.siret), cell(c.naf_code), cell(c.size_class), cell(c.missions),
      money(equivalent.EUR ?? 0), money(equivalent.USD ?? 0), money(status.receivedEurMinor), status.wouldExceed ? (fr ? 'oui' : 'yes') : '', cell(c.company_id),
    ])
  }
  const slugOf = new Map(missions.map((m) => [m.id, m.slug]))
  const budget = await budgetOf(db, scope.eventIds)
  const ledgerRows = [
    ...budget.map((b) => [slugOf.get(b.eventId) ?? '', b.label, money(b.amountMinor), b.currency, b.funderName, (b.shareBp / 100).toFixed(2), money(b.shareMinor), b.evidenceRef ?? '', b.lineId]),
  ]
  const [coFunded] = await getFunderReport(db, { organisationId: req.organisationId, funderPartnerId: funder.id })
  const registrationRows = [
    ...(coFunded?.registrations ?? [])
      .filter((r) => slugOf.has(r.eventId))
      .map((r) => [slugOf.get(r.eventId) ?? '', r.reference, r.company, r.companyRegistrationNumber ?? '', money(r.amountMinor), r.currency, r.invoiceNumber ?? '']),
  ]

  // One attendance sheet per mission, with its hash.
  const sheetRows: string[][] = []
  for (const m of missions) {
    const rows = await attendanceRows(db, m.id)
    const pdf = await renderAttendancePdf(m, await eventFunderNames(db, m.id), rows, req.locale)
    const name = `attendance/${m.slug}.pdf`
    files[name] = pdf
    sheetRows.push([m.slug, name, String(rows.filter((r) => r.checkedInAt).length), String(rows.length), sha256Hex(pdf)])
  }

  await addSignatureEvidence(db, files, missions, (eventId) => eventFunderNames(db, eventId), req.locale)
  // The invoices behind the co-funded registrations: each company's (its part) and the funder's
  // (the shares it was invoiced for), as they were issued.
  const coFundedIds = (coFunded?.registrations ?? []).filter((r) => slugOf.has(r.eventId)).map((r) => r.registrationId)
  if (coFundedIds.length) {
    const ids = sql.join(coFundedIds.map((id) => sql`${id}::uuid`), sql`, `)
    const issued = await db.execute<{ id: string; number: string }>(sql`
      select i.id, i.number from invoice i where i.organisation_id = ${req.organisationId} and (i.registration_id in (${ids})
        or i.id in (select fs.invoice_id from funder_share fs where fs.registration_id in (${ids}) and fs.funder_partner_id = ${funder.id}))
      order by i.number`)
    for (const invoice of issued) files[`evidence/invoices/${invoice.number.replace(/[^\w.-]+/g, '_')}.pdf`] = new Uint8Array(await renderInvoicePdf(invoice.id, db))
  }
  if (attestations.length) files['de-minimis/attestations.pdf'] = await renderAttestationsPdf(attestations, { from: req.from, to: req.to }, req.locale)

  const evidenceRows: string[][] = []
  for (const ind of indicators) for (const row of await indicatorEvidence(db, ind.code, scope)) evidenceRows.push([ind.code, cell(row)])

  files['summary.pdf'] = await renderSummaryPdf({
    locale: req.locale,
    title: layout.pdfTitle[req.locale],
    legend: layout.legend?.[req.locale] ?? null,
    funder: funder.name,
    period: { from: req.from, to: req.to },
    missions,
    indicators,
    ...(await summaryData(db, scope, missions)),
  })

  const built: Record<AnnexKey, string[][]> = {
    indicators: indicatorRows,
    participants: participantRows,
    companies: companyRows,
    ledger: ledgerRows,
    registrations: registrationRows,
    attendance: sheetRows,
    evidence: evidenceRows,
  }
  const annexes = layout.annexes.map((a) => ({ key: a.annex, ...applyLayout(a, built[a.annex], req.locale) }))
  const workbook = new ExcelJS.Workbook()
  workbook.creator = 'Passerelle'
  workbook.created = new Date(`${req.to}T00:00:00Z`)
  workbook.modified = workbook.created
  for (const { title, rows } of annexes) {
    const sheet = workbook.addWorksheet(title.slice(0, 31))
    if (layout.legend) sheet.headerFooter.oddHeader = `&C${layout.legend[req.locale]}`
    for (const row of rows) sheet.addRow(row)
    sheet.getRow(1).font = { bold: true }
  }
  const stem = `${funder.slug}-${req.from}-${req.to}`
  files[`${stem}.xlsx`] = new Uint8Array(await workbook.xlsx.writeBuffer())
  for (const { key, rows } of annexes) if (key !== 'evidence') files[`csv/${key}.csv`] = await csvBytes(rows)

  const hashes = Object.fromEntries(Object.entries(files).map(([name, bytes]) => [name, sha256Hex(bytes)]))
  const manifest = {
    funder: { id: funder.id, name: funder.name, legalName: funder.legalName, layout: layoutCode },
    period: { from: req.from, to: req.to },
    missions: missions.map((m) => ({ id: m.id, slug: m.slug, title: localized(m.title, req.locale), startsAt: m.startsAt.toISOString() })),
    indicators: indicators.map((i) => ({ code: i.code, unit: i.unit, value: i.value })),
    files: hashes,
  }
  files['manifest.json'] = strToU8(JSON.stringify(manifest, null, 2))
  hashes['manifest.json'] = sha256Hex(files['manifest.json'])

  const mtime = new Date(`${req.to}T12:00:00Z`)
  const zippable: Zippable = Object.fromEntries(Object.entries(files).map(([name, bytes]) => [name, [bytes, { mtime }]]))
  const zip = zipSync(zippable, { level: 6 })

  const packId = await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(reportPacks)
      .values({ organisationId: req.organisationId, funderPartnerId: funder.id, periodFrom: req.from, periodTo: req.to, generatedByUserId: req.userId ?? null, eventIds: scope.eventIds, files: hashes })
      .returning({ id: reportPacks.id })
    await recordAudit(tx, {
      actor: req.userId ? { userId: req.userId } : { label: 'system' },
      action: 'funders.pack_generated',
      subjectType: 'partner',
      subjectId: funder.id,
      data: { packId: row.id, from: req.from, to: req.to, missions: scope.eventIds.length, zipSha256: sha256Hex(zip) },
    })
    // The pack hands delegates' names, companies and check-in times to the funder: a disclosure.
    await recordDisclosure(tx, {
      organisationId: req.organisationId,
      userId: req.userId ?? null,
      channel: 'funders.pack',
      fields: ['firstName', 'lastName', 'company', 'jobTitle', 'checkedInAt'],
      recipient: funder.name,
    })
    return row.id
  })
  return { packId, fileName: `${stem}.zip`, zip, files: hashes, eventIds: scope.eventIds }
}
