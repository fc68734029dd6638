/**
 * The report pack's PDF summary: the funder's legend and title (from its layout), the period and
 * missions, the key indicators, and three charts drawn as vector graphics — companies supported
 * by NACE section, by SME size class, and B2B meetings held with the agreements reported at the
 * 6- and 12-month follow-ups, per month. Greys, hatching and a value on every bar, so it reads in
 * black and white. Deterministic like the attendance sheets: creation date = the period's end.
 * The figures come from the same indicator evidence as the workbook (`summaryData`).
 */
import PDFDocument from 'pdfkit'
import { DateTime } from 'luxon'
import type { DbOrTx } from '#db/client'
import { naceSection } from '~/modules/companies/identifiers'
import { localized, type Locale } from '~/locales'
import { MARTINIQUE_ZONE } from '~/utils/time'
import { groupedColumns, hatchSegments, horizontalBars, monthsBetween, topCategories, type Rect } from './charts'
import { indicatorEvidence, type IndicatorScope, type IndicatorValue } from './indicators.server'
import { pdfBytes } from '~/utils/pdf.server'

export type SummaryMission = { slug: string; title: { fr: string; en: string }; timezone: string; startsAt: Date; venueCity: string }
export type SummaryMonth = { month: string; meetings: number; agreements6: number; agreements12: number }
export type SummaryInput = {
  locale: Locale
  title: string
  legend: string | null
  funder: string
  period: { from: string; to: string }
  missions: SummaryMission[]
  indicators: Pick<IndicatorValue, 'code' | 'unit' | 'definition' | 'value'>[]
  /** Companies supported per NACE section letter ('?' when no NAF code is known). */
  sectors: { section: string; companies: number }[]
  sizes: { size: 'micro' | 'small' | 'medium' | 'large' | 'unknown'; companies: number }[]
  months: SummaryMonth[]
}

const SIZES = ['micro', 'small', 'medium', 'large', 'unknown'] as const
/** Sectors charted one by one; beyond, the smallest are summed in one bar (labels stay readable). */
const MAX_SECTORS = 9

/** The charts' figures, from the indicator evidence of the pack's scope (so they add up to the indicators). */
export async function summaryData(db: DbOrTx, scope: IndicatorScope, missions: SummaryMission[]) {
  const companies = await indicatorEvidence(db, 'ENT_SUPPORTED', scope)
  const bySection = new Map<string, number>()
  for (const c of companies) {
    const section = c.naf_code ? (naceSection(String(c.naf_code)) ?? '?') : '?'
    bySection.set(section, (bySection.get(section) ?? 0) + 1)
  }
  const sectors = [...bySection].map(([section, n]) => ({ section, companies: n })).sort((a, b) => b.companies - a.companies || a.section.localeCompare(b.section))
  const sizes = SIZES.map((size) => ({ size, companies: companies.filter((c) => (c.size_class ?? 'unknown') === size).length }))

  // Meetings are counted in their mission's month (its own zone); follow-up answers in Martinique's.
  const zoneOf = new Map(missions.map((m) => [m.slug, m.timezone]))
  const monthOf = (at: unknown, zone: string) => DateTime.fromJSDate(new Date(at as string), { zone }).toFormat('yyyy-MM')
  const counts = new Map<string, SummaryMonth>()
  const bump = (month: string, key: 'meetings' | 'agreements6' | 'agreements12') => {
    const row = counts.get(month) ?? { month, meetings: 0, agreements6: 0, agreements12: 0 }
    row[key] += 1
    counts.set(month, row)
  }
  for (const m of await indicatorEvidence(db, 'B2B_MEETINGS_HELD', scope)) bump(monthOf(m.starts_at, zoneOf.get(String(m.mission)) ?? MARTINIQUE_ZONE), 'meetings')
  for (const a of await indicatorEvidence(db, 'AGREEMENTS_6M', scope)) bump(monthOf(a.answered_at, MARTINIQUE_ZONE), 'agreements6')
  for (const a of await indicatorEvidence(db, 'AGREEMENTS_12M', scope)) bump(monthOf(a.answered_at, MARTINIQUE_ZONE), 'agreements12')
  const firstMission = missions.length ? DateTime.fromJSDate(missions[0].startsAt, { zone: missions[0].timezone }).toFormat('yyyy-MM') : null
  const known = [...counts.keys(), ...(firstMission ? [firstMission] : [])].sort()
  const months = known.length ? monthsBetween(known[0], known[known.length - 1]).map((month) => counts.get(month) ?? { month, meetings: 0, agreements6: 0, agreements12: 0 }) : []
  return { sectors, sizes, months }
}

const WORDS = {
  fr: {
    funder: 'Financeur : {name}',
    period: 'Période : du {from} au {to}',
    missions: 'Missions',
    indicators: 'Indicateurs clés',
    indicator: 'Indicateur',
    value: 'Valeur',
    bySector: 'Entreprises accompagnées par secteur (section NAF)',
    bySize: 'Entreprises accompagnées par taille (recommandation 2003/361)',
    overTime: 'Rendez-vous B2B tenus et accords déclarés, par mois',
    companies: 'Entreprises',
    section: 'Section NAF',
    size: 'Taille',
    month: 'Mois',
    count: 'Nombre',
    meetings: 'Rendez-vous tenus',
    agreements6: 'Accords au suivi à 6 mois',
    agreements12: 'Accords au suivi à 12 mois',
    noData: 'Aucune donnée sur la période.',
    sizes: { micro: 'Micro', small: 'Petite', medium: 'Moyenne', large: 'Grande', unknown: 'Inconnue' },
    sectionUnknown: 'NAF non renseigné',
    otherSections: 'Autres sections ({n})',
  },
  en: {
    funder: 'Funder: {name}',
    period: 'Period: {from} to {to}',
    missions: 'Missions',
    indicators: 'Key indicators',
    indicator: 'Indicator',
    value: 'Value',
    bySector: 'Companies supported by sector (NACE section)',
    bySize: 'Companies supported by size (Recommendation 2003/361)',
    overTime: 'B2B meetings held and agreements reported, per month',
    companies: 'Companies',
    section: 'NACE section',
    size: 'Size',
    month: 'Month',
    count: 'Count',
    meetings: 'Meetings held',
    agreements6: 'Agreements at 6-month follow-up',
    agreements12: 'Agreements at 12-month follow-up',
    noData: 'No data in the period.',
    sizes: { micro: 'Micro', small: 'Small', medium: 'Medium', large: 'Large', unknown: 'Unknown' },
    sectionUnknown: 'NAF not given',
    otherSections: 'Other sections ({n})',
  },
}

/** Short French and English names of the NACE rev. 2 sections, for the sector chart's labels. */
const SECTION_NAMES: Record<string, { fr: string; en: string }> = {
  A: { fr: 'Agriculture, sylviculture, pêche', en: 'Agriculture, forestry, fishing' },
  B: { fr: 'Industries extractives', en: 'Mining and quarrying' },
  C: { fr: 'Industrie manufacturière', en: 'Manufacturing' },
  D: { fr: 'Électricité, gaz', en: 'Electricity, gas' },
  E: { fr: 'Eau, déchets', en: 'Water, waste' },
  F: { fr: 'Construction', en: 'Construction' },
  G: { fr: 'Commerce', en: 'Wholesale and retail trade' },
  H: { fr: 'Transports et entreposage', en: 'Transport and storage' },
  I: { fr: 'Hébergement et restauration', en: 'Accommodation and food' },
  J: { fr: 'Information et communication', en: 'Information and communication' },
  K: { fr: 'Finance et assurance', en: 'Finance and insurance' },
  L: { fr: 'Immobilier', en: 'Real estate' },
  M: { fr: 'Activités spécialisées, scientifiques', en: 'Professional, scientific' },
  N: { fr: 'Services administratifs et de soutien', en: 'Administrative and support' },
  O: { fr: 'Administration publique', en: 'Public administration' },
  P: { fr: 'Enseignement', en: 'Education' },
  Q: { fr: 'Santé humaine et action sociale', en: 'Health and social work' },
  R: { fr: 'Arts, spectacles et loisirs', en: 'Arts and recreation' },
  S: { fr: 'Autres activités de services', en: 'Other services' },
  T: { fr: 'Ménages employeurs', en: 'Households as employers' },
  U: { fr: 'Organisations extraterritoriales', en: 'Extraterritorial bodies' },
}

const fill = (template: string, vars: Record<string, string>) => template.replace(/\{(\w+)\}/g, (m, k: string) => vars[k] ?? m)
const pdfText = (text: string) => text.replace(/\u202f/g, '\u00a0').replace(/→/g, '-')
const cut = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text)

/** The three series of the chart over time: a solid dark grey, a hatched light grey, and white with a black outline. */
const SERIES = [
  { fill: '#404040', hatch: false },
  { fill: '#d0d0d0', hatch: true },
  { fill: '#ffffff', hatch: false },
] as const

type Doc = InstanceType<typeof PDFDocument>

function box(doc: Doc, rect: Rect, series: number) {
  const style = SERIES[series % SERIES.length]
  if (rect.width <= 0 || rect.height <= 0) {
    // A zero is still a mark on the axis, so a series with one zero value is visible.
    doc.moveTo(rect.x, rect.y).lineTo(rect.x + Math.max(rect.width, 0), rect.y + Math.max(rect.height, 0)).lineWidth(1.5).strokeColor('#000000').stroke()
    return
  }
  doc.rect(rect.x, rect.y, rect.width, rect.height).fillColor(style.fill).fill()
  if (style.hatch) {
    for (const [x1, y1, x2, y2] of hatchSegments(rect, 3)) doc.moveTo(x1, y1).lineTo(x2, y2)
    doc.lineWidth(0.6).strokeColor('#000000').stroke()
  }
  doc.rect(rect.x, rect.y, rect.width, rect.height).lineWidth(0.6).strokeColor('#000000').stroke()
}

function heading(doc: Doc, text: string, x: number, y: number) {
  doc.font('Helvetica-Bold').fontSize(11).fillColor('#000000').text(pdfText(text), x, y, { lineBreak: false })
}

/** Horizontal bars with the category on the left, the value at the bar's end and a value axis below. */
function barChart(doc: Doc, title: string, items: { label: string; value: number }[], axis: { value: string; category: string }, area: Rect, noData: string) {
  heading(doc, title, area.x, area.y)
  const labelWidth = 170
  const plot: Rect = { x: area.x + labelWidth, y: area.y + 22, width: area.width - labelWidth - 30, height: area.height - 60 }
  if (!items.length) {
    doc.font('Helvetica').fontSize(9).text(pdfText(noData), area.x, plot.y, { lineBreak: false })
    return
  }
  const { bars, ticks } = horizontalBars(items, plot)
  doc.font('Helvetica').fontSize(8).fillColor('#000000')
  for (const t of ticks) {
    doc.moveTo(t.x, plot.y).lineTo(t.x, plot.y + plot.height).lineWidth(0.3).strokeColor('#b0b0b0').stroke()
    doc.fillColor('#000000').text(String(t.value), t.x - 15, plot.y + plot.height + 3, { width: 30, align: 'center', lineBreak: false })
  }
  for (const b of bars) {
    box(doc, b, 0)
    doc.fillColor('#000000').font('Helvetica').fontSize(8)
    doc.text(pdfText(cut(b.label, 38)), area.x, b.y + b.height / 2 - 4, { width: labelWidth - 6, align: 'right', lineBreak: false })
    doc.font('Helvetica-Bold').text(String(b.value), b.x + b.width + 3, b.y + b.height / 2 - 4, { lineBreak: false })
  }
  doc.moveTo(plot.x, plot.y).lineTo(plot.x, plot.y + plot.height).lineTo(plot.x + plot.width, plot.y + plot.height).lineWidth(0.8).strokeColor('#000000').stroke()
  doc.font('Helvetica').fontSize(8).fillColor('#000000')
  doc.text(pdfText(axis.value), plot.x, plot.y + plot.height + 14, { width: plot.width, align: 'center', lineBreak: false })
  doc.text(pdfText(axis.category), area.x, plot.y - 11, { width: labelWidth - 6, align: 'right', lineBreak: false })
}

/** Grouped columns per month with a legend whose swatches are drawn like the columns. */
function monthChart(doc: Doc, w: (typeof WORDS)['fr'], months: SummaryMonth[], locale: Locale, area: Rect) {
  heading(doc, w.overTime, area.x, area.y)
  const plot: Rect = { x: area.x + 40, y: area.y + 40, width: area.width - 50, height: area.height - 90 }
  if (!months.length) {
    doc.font('Helvetica').fontSize(9).text(pdfText(w.noData), area.x, plot.y, { lineBreak: false })
    return
  }
  const names = [w.meetings, w.agreements6, w.agreements12]
  names.forEach((name, s) => {
    const x = area.x + s * 170
    box(doc, { x, y: area.y + 18, width: 12, height: 9 }, s)
    doc.fillColor('#000000').font('Helvetica').fontSize(8).text(pdfText(name), x + 16, area.y + 19, { lineBreak: false })
  })
  const { columns, centres, ticks } = groupedColumns(months.map((m) => ({ label: m.month, values: [m.meetings, m.agreements6, m.agreements12] })), plot)
  doc.font('Helvetica').fontSize(8)
  for (const t of ticks) {
    doc.moveTo(plot.x, t.y).lineTo(plot.x + plot.width, t.y).lineWidth(0.3).strokeColor('#b0b0b0').stroke()
    doc.fillColor('#000000').text(String(t.value), plot.x - 24, t.y - 3, { width: 20, align: 'right', lineBreak: false })
  }
  for (const c of columns) {
    box(doc, c, c.series)
    // Values on the non-zero columns, and on the zeros too when there are few months.
    if (c.value > 0 || centres.length <= 6) doc.fillColor('#000000').font('Helvetica').fontSize(7).text(String(c.value), c.x - 6, c.y - 9, { width: c.width + 12, align: 'center', lineBreak: false })
  }
  const every = Math.max(1, Math.ceil(centres.length / 12))
  const monthLabel = (month: string) => DateTime.fromISO(`${month}-01`, { locale }).toFormat('LLL yyyy')
  centres.forEach((c, i) => {
    if (i % every === 0) doc.fillColor('#000000').font('Helvetica').fontSize(7).text(pdfText(monthLabel(c.label)), c.x - 25, plot.y + plot.height + 3, { width: 50, align: 'center', lineBreak: false })
  })
  doc.moveTo(plot.x, plot.y).lineTo(plot.x, plot.y + plot.height).lineTo(plot.x + plot.width, plot.y + plot.height).lineWidth(0.8).strokeColor('#000000').stroke()
  doc.font('Helvetica').fontSize(8).fillColor('#000000')
  doc.text(pdfText(w.month), plot.x, plot.y + plot.height + 15, { width: plot.width, align: 'center', lineBreak: false })
  doc.save().rotate(-90, { origin: [area.x + 4, plot.y + plot.height / 2] })
  doc.text(pdfText(w.count), area.x - 36, plot.y + plot.height / 2 - 4, { width: 80, align: 'center', lineBreak: false })
  doc.restore()
}

export async function renderSummaryPdf(input: SummaryInput): Promise<Buffer> {
  const w = WORDS[input.locale]
  const doc = new PDFDocument({ size: 'A4', margins: { top: 50, bottom: 30, left: 50, right: 50 }, info: { Title: input.title, Author: 'Passerelle', CreationDate: new Date(`${input.period.to}T12:00:00Z`) }, lang: input.locale })
  const done = pdfBytes(doc)
  const left = 50
  const width = doc.page.width - 100
  if (input.legend) doc.font('Helvetica-Bold').fontSize(9).fillColor('#000000').text(pdfText(input.legend), { width }).moveDown(0.6)
  doc.font('Helvetica-Bold').fontSize(17).fillColor('#000000').text(pdfText(input.title), { width })
  doc.font('Helvetica').fontSize(10).text(pdfText(fill(w.funder, { name: input.funder })))
  doc.text(pdfText(fill(w.period, input.period))).moveDown(0.6)
  doc.font('Helvetica-Bold').fontSize(11).text(pdfText(`${w.missions} (${input.missions.length})`)).font('Helvetica').fontSize(9)
  for (const m of input.missions) {
    const day = DateTime.fromJSDate(m.startsAt, { zone: m.timezone }).toISODate()
    doc.text(pdfText(`• ${day} — ${localized(m.title, input.locale)} (${m.venueCity})`), { width })
  }
  doc.moveDown(0.8)
  doc.font('Helvetica-Bold').fontSize(11).text(pdfText(w.indicators)).moveDown(0.3)
  const valueX = left + width - 70
  const headY = doc.y
  doc.fontSize(9).text(pdfText(w.indicator), left, headY, { lineBreak: false })
  doc.text(pdfText(w.value), valueX, headY, { width: 70, align: 'right', lineBreak: false })
  doc.y = headY + doc.currentLineHeight()
  doc.font('Helvetica')
  for (const i of input.indicators) {
    if (doc.y > doc.page.height - 80) doc.addPage()
    const y = doc.y + 3
    doc.fontSize(8).font('Helvetica-Bold').text(i.code, left, y, { width: 130, lineBreak: false })
    doc.font('Helvetica').text(pdfText(i.definition[input.locale]), left + 132, y, { width: width - 132 - 75 })
    const after = doc.y
    doc.font('Helvetica-Bold').fontSize(9).text(i.unit === 'usd' ? `${(i.value / 100).toFixed(2)} USD` : String(i.value), valueX, y, { width: 70, align: 'right', lineBreak: false })
    doc.y = after
  }

  doc.addPage()
  const sectorItems = topCategories(
    input.sectors.map((s) => ({ label: s.section === '?' ? w.sectionUnknown : `${s.section} — ${SECTION_NAMES[s.section]?.[input.locale] ?? s.section}`, value: s.companies })),
    MAX_SECTORS,
    (n) => fill(w.otherSections, { n: String(n) }),
  )
  const sectorHeight = Math.min(260, 90 + 22 * Math.max(1, sectorItems.length))
  barChart(doc, w.bySector, sectorItems, { value: w.companies, category: w.section }, { x: left, y: 50, width, height: sectorHeight }, w.noData)
  const sizeItems = input.sizes.map((s) => ({ label: w.sizes[s.size], value: s.companies }))
  barChart(doc, w.bySize, sizeItems, { value: w.companies, category: w.size }, { x: left, y: 70 + sectorHeight, width, height: 180 }, w.noData)
  const monthsTop = 90 + sectorHeight + 180
  monthChart(doc, w, input.months, input.locale, { x: left, y: monthsTop, width, height: doc.page.height - 40 - monthsTop })
  doc.end()
  return done
}
