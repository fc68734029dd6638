/**
 * Funder-specific report layouts, as data: which annexes the workbook has and in which order,
 * which columns each shows and how they are labelled (French and English), which indicators
 * the pack reports, the legend a funder requires on every document (its "logo" line) and the
 * title of the PDF summary. Keyed by the funder's code (the partner's slug); a funder with no
 * entry gets `DEFAULT_LAYOUT`. Adding a funder's format is an edit here, not new code.
 * Pure data and one pure function (`applyLayout`): no server imports.
 */

type Text = { fr: string; en: string }

/** Every annex the pack can build, with its columns in the order `pack.server.ts` fills them and their default labels. */
export const ANNEX_COLUMNS = {
  indicators: {
    title: { fr: 'Indicateurs', en: 'Indicators' },
    columns: {
      code: { fr: 'code', en: 'code' },
      definition: { fr: 'définition', en: 'definition' },
      unit: { fr: 'unité', en: 'unit' },
      measured: { fr: 'mesuré', en: 'measured' },
      value: { fr: 'valeur', en: 'value' },
    },
  },
  participants: {
    title: { fr: 'Participants', en: 'Participants' },
    columns: {
      mission: { fr: 'mission', en: 'mission' },
      lastName: { fr: 'nom', en: 'last name' },
      firstName: { fr: 'prénom', en: 'first name' },
      company: { fr: 'entreprise', en: 'company' },
      checkedInAt: { fr: 'pointage (UTC)', en: 'check-in (UTC)' },
      attendeeId: { fr: 'id participant', en: 'attendee id' },
    },
  },
  companies: {
    title: { fr: 'Entreprises', en: 'Companies' },
    columns: {
      company: { fr: 'entreprise', en: 'company' },
      country: { fr: 'pays', en: 'country' },
      siret: { fr: 'SIRET', en: 'SIRET' },
      naf: { fr: 'NAF', en: 'NAF' },
      size: { fr: 'taille (2003/361)', en: 'size (2003/361)' },
      missions: { fr: 'missions', en: 'missions' },
      aidEur: { fr: 'équivalent-aide EUR', en: 'aid equivalent EUR' },
      aidUsd: { fr: 'équivalent-aide USD', en: 'aid equivalent USD' },
      deMinimis: { fr: 'de minimis 3 ans (EUR)', en: 'de minimis 3 years (EUR)' },
      overCeiling: { fr: 'plafond dépassé', en: 'over the ceiling' },
      companyId: { fr: 'id entreprise', en: 'company id' },
    },
  },
  ledger: {
    title: { fr: 'Coûts', en: 'Costs' },
    columns: {
      mission: { fr: 'mission', en: 'mission' },
      line: { fr: 'ligne', en: 'line' },
      amount: { fr: 'montant', en: 'amount' },
      currency: { fr: 'devise', en: 'currency' },
      funder: { fr: 'financeur', en: 'funder' },
      sharePercent: { fr: 'part (%)', en: 'share (%)' },
      shareAmount: { fr: 'part (montant)', en: 'share (amount)' },
      evidence: { fr: 'pièce', en: 'evidence' },
      lineId: { fr: 'id ligne', en: 'line id' },
    },
  },
  registrations: {
    title: { fr: 'Inscriptions cofinancées', en: 'Co-funded registrations' },
    columns: {
      mission: { fr: 'mission', en: 'mission' },
      reference: { fr: 'référence', en: 'reference' },
      company: { fr: 'entreprise', en: 'company' },
      declaredNumber: { fr: 'SIRET déclaré', en: 'declared number' },
      funderShare: { fr: 'part du financeur', en: 'funder share' },
      currency: { fr: 'devise', en: 'currency' },
      invoice: { fr: 'facture', en: 'invoice' },
    },
  },
  attendance: {
    title: { fr: 'Émargements', en: 'Attendance' },
    columns: {
      mission: { fr: 'mission', en: 'mission' },
      file: { fr: 'fichier', en: 'file' },
      present: { fr: 'présents', en: 'present' },
      registered: { fr: 'inscrits', en: 'registered' },
      sha256: { fr: 'sha256', en: 'sha256' },
    },
  },
  evidence: {
    title: { fr: 'Preuves', en: 'Evidence' },
    columns: {
      indicator: { fr: 'indicateur', en: 'indicator' },
      evidence: { fr: 'preuve', en: 'evidence' },
    },
  },
} as const satisfies Record<string, { title: Text; columns: Record<string, Text> }>

export type AnnexKey = keyof typeof ANNEX_COLUMNS
export type ColumnKey<A extends AnnexKey> = keyof (typeof ANNEX_COLUMNS)[A]['columns'] & string

/** One annex in a layout: its sheet title, and optionally which columns in which order and relabelled ones. */
export type AnnexLayout = {
  [A in AnnexKey]: { annex: A; title?: Text; columns?: readonly ColumnKey<A>[]; labels?: Partial<Record<ColumnKey<A>, Text>> }
}[AnnexKey]

export type FunderLayout = {
  /** What the funders' page shows as the layout's name. */
  name: Text
  /** The funder's required mention: at the top of the PDF summary and in the printed header of every sheet. */
  legend: Text | null
  pdfTitle: Text
  /** Annexes of the workbook (and CSV files), in order; an annex not listed is not in the pack. */
  annexes: readonly AnnexLayout[]
  /** Indicator codes reported (workbook, manifest and the PDF's key figures), in order; `null` = the whole catalogue. */
  indicators: readonly string[] | null
}

const EVERY_ANNEX: readonly AnnexLayout[] = (Object.keys(ANNEX_COLUMNS) as AnnexKey[]).map((annex) => ({ annex }) as AnnexLayout)

export const DEFAULT_LAYOUT: FunderLayout = {
  name: { fr: 'Présentation standard', en: 'Standard layout' },
  legend: null,
  pdfTitle: { fr: 'Bilan des missions', en: 'Missions summary' },
  annexes: EVERY_ANNEX,
  indicators: null,
}

/** EU cohesion funds (FEDER / ERDF and Interreg): the programme's mention, common indicator names, enterprises counted once by SIRET. */
const EU_INDICATORS = ['MISSIONS', 'ENT_SUPPORTED', 'ENT_SUPPORTED_MICRO', 'ENT_SUPPORTED_SMALL', 'ENT_SUPPORTED_MEDIUM', 'ENT_SUPPORTED_LARGE', 'ENT_SIZE_UNKNOWN', 'ENT_CROSS_BORDER', 'B2B_MEETINGS_HELD', 'AGREEMENTS_6M', 'AGREEMENTS_12M']

export const FUNDER_LAYOUTS: Record<string, FunderLayout> = {
  feder: {
    name: { fr: 'FEDER (Union européenne)', en: 'ERDF (European Union)' },
    legend: { fr: 'Projet cofinancé par l’Union européenne — FEDER', en: 'Project co-financed by the European Union — ERDF' },
    pdfTitle: { fr: 'Rapport d’exécution — actions collectives export', en: 'Implementation report — collective export actions' },
    annexes: [
      { annex: 'indicators', title: { fr: 'Indicateurs communs', en: 'Common indicators' } },
      { annex: 'companies', title: { fr: 'Entreprises bénéficiaires', en: 'Beneficiary enterprises' }, columns: ['siret', 'company', 'naf', 'size', 'missions', 'aidEur', 'deMinimis', 'overCeiling'], labels: { company: { fr: 'raison sociale', en: 'legal name' } } },
      { annex: 'participants' },
      { annex: 'ledger', title: { fr: 'Dépenses', en: 'Expenditure' } },
      { annex: 'attendance' },
      { annex: 'evidence' },
    ],
    indicators: EU_INDICATORS,
  },
  'interreg-caraibes': {
    name: { fr: 'Interreg Caraïbes', en: 'Interreg Caribbean' },
    legend: { fr: 'Projet cofinancé par l’Union européenne — Interreg Caraïbes', en: 'Project co-financed by the European Union — Interreg Caribbean' },
    pdfTitle: { fr: 'Rapport d’activité — coopération régionale', en: 'Activity report — regional cooperation' },
    annexes: [
      { annex: 'indicators', title: { fr: 'Indicateurs (RCO87)', en: 'Indicators (RCO87)' } },
      { annex: 'companies', columns: ['company', 'country', 'siret', 'naf', 'size', 'missions', 'aidEur', 'aidUsd', 'companyId'] },
      { annex: 'participants' },
      { annex: 'ledger' },
      { annex: 'attendance' },
      { annex: 'evidence' },
    ],
    indicators: EU_INDICATORS,
  },
  ctm: {
    name: { fr: 'Collectivité Territoriale de Martinique', en: 'Collectivité Territoriale de Martinique' },
    legend: { fr: 'Avec le soutien de la Collectivité Territoriale de Martinique', en: 'With the support of the Collectivité Territoriale de Martinique' },
    pdfTitle: { fr: 'Bilan des missions à l’export', en: 'Export missions report' },
    annexes: [
      { annex: 'indicators' },
      { annex: 'participants' },
      { annex: 'companies' },
      { annex: 'ledger' },
      { annex: 'registrations', title: { fr: 'Inscriptions aidées', en: 'Aided registrations' } },
      { annex: 'attendance' },
      { annex: 'evidence' },
    ],
    indicators: null,
  },
  fcr: {
    name: { fr: 'Fonds de Coopération Régionale', en: 'Regional Cooperation Fund' },
    legend: { fr: 'Action soutenue par le Fonds de Coopération Régionale (Préfecture de Martinique)', en: 'Action supported by the Regional Cooperation Fund (Préfecture de Martinique)' },
    pdfTitle: { fr: 'Compte rendu d’exécution — coopération régionale', en: 'Implementation account — regional cooperation' },
    annexes: [
      { annex: 'indicators' },
      { annex: 'companies', columns: ['company', 'country', 'siret', 'size', 'missions', 'aidEur', 'aidUsd'] },
      { annex: 'ledger' },
      { annex: 'attendance' },
      { annex: 'evidence' },
    ],
    indicators: ['MISSIONS', 'ENT_SUPPORTED', 'ENT_CROSS_BORDER', 'DELEGATES', 'DELEGATES_ATTENDED', 'B2B_MEETINGS_HELD', 'AGREEMENTS_6M', 'AGREEMENTS_12M', 'EST_CONTRACT_VALUE_USD'],
  },
}
// The Région and the CTM are one body since 2015; the demo keeps both names.
FUNDER_LAYOUTS['region-martinique'] = FUNDER_LAYOUTS.ctm

/** The layout of a funder, by its code (the partner's slug); the default one when it has none. */
export const layoutOf = (funderCode: string): { code: string; layout: FunderLayout } =>
  Object.hasOwn(FUNDER_LAYOUTS, funderCode) ? { code: funderCode, layout: FUNDER_LAYOUTS[funderCode] } : { code: 'default', layout: DEFAULT_LAYOUT }

/**
 * One annex as the layout wants it: the header row (labels in the locale) then the rows, with the
 * layout's columns in its order. `rows` are in `ANNEX_COLUMNS` order, as the pack builds them.
 */
export function applyLayout(annex: AnnexLayout, rows: readonly string[][], locale: 'fr' | 'en'): { title: string; rows: string[][] } {
  const spec = ANNEX_COLUMNS[annex.annex]
  const all = Object.keys(spec.columns)
  const chosen: readonly string[] = annex.columns ?? all
  const index = chosen.map((key) => all.indexOf(key))
  const labels = (annex.labels ?? {}) as Partial<Record<string, Text>>
  const columns = spec.columns as Record<string, Text>
  const header = chosen.map((key) => (labels[key] ?? columns[key])[locale])
  return { title: (annex.title ?? spec.title)[locale], rows: [header, ...rows.map((row) => index.map((i) => row[i] ?? ''))] }
}
