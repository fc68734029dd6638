/**
 * The de minimis attestation letters of a report: one page per company with an aid equivalent,
 * stating the aid of the period's missions, the de minimis aid it has received over three years
 * (from the register), the ceiling of Regulation (EU) 2023/2831, and a place to sign. One PDF
 * for all companies (pages are cheap, documents are not); deterministic like the attendance sheets.
 */
import PDFDocument from 'pdfkit'
import type { Locale } from '~/locales'
import { DE_MINIMIS_CEILING_EUR_MINOR } from './de-minimis.server'
import { pdfBytes } from '~/utils/pdf.server'

export type AttestationCompany = { name: string; siret: string | null; aidEurMinor: number; aidUsdMinor: number; receivedEurMinor: number; wouldExceed: boolean }

const WORDS = {
  fr: {
    title: 'Attestation de minimis',
    intro: 'Règlement (UE) 2023/2831 de la Commission relatif aux aides de minimis : plafond de {ceiling} € sur toute période de trois ans.',
    company: 'Entreprise : {name}',
    siret: 'SIRET : {siret}',
    aid: 'Équivalent-aide reçu pour les missions du {from} au {to} : {eur} € et {usd} USD.',
    received: 'Aides de minimis inscrites au registre sur les trois années précédant le {to} : {received} €.',
    warning: 'Attention : avec cette aide, le plafond de minimis serait dépassé.',
    declare: 'Je soussigné(e), représentant(e) légal(e) de l’entreprise, certifie exactes les informations ci-dessus et déclare l’ensemble des aides de minimis reçues sur la période.',
    sign: 'Fait à ____________, le ____________      Nom, qualité et signature :',
  },
  en: {
    title: 'De minimis attestation',
    intro: 'Commission Regulation (EU) 2023/2831 on de minimis aid: ceiling of €{ceiling} over any period of three years.',
    company: 'Company: {name}',
    siret: 'SIRET: {siret}',
    aid: 'Aid equivalent received for the missions from {from} to {to}: €{eur} and USD {usd}.',
    received: 'De minimis aid in the register over the three years up to {to}: €{received}.',
    warning: 'Warning: with this aid, the de minimis ceiling would be exceeded.',
    declare: 'I, the undersigned legal representative of the company, certify the information above and declare all de minimis aid received over the period.',
    sign: 'Place ____________, date ____________      Name, position and signature:',
  },
}

const fill = (template: string, vars: Record<string, string>) => template.replace(/\{(\w+)\}/g, (m, k: string) => vars[k] ?? m)
const money = (minor: number) => (minor / 100).toFixed(2)

export async function renderAttestationsPdf(companies: AttestationCompany[], period: { from: string; to: string }, locale: Locale): Promise<Buffer> {
  const w = WORDS[locale]
  const doc = new PDFDocument({ size: 'A4', margin: 50, autoFirstPage: false, info: { Title: w.title, Author: 'Passerelle', CreationDate: new Date(`${period.to}T12:00:00Z`) }, lang: locale })
  const done = pdfBytes(doc)
  for (const c of companies) {
    doc.addPage()
    doc.font('Helvetica-Bold').fontSize(16).text(w.title).moveDown(0.5)
    doc.font('Helvetica').fontSize(10).text(fill(w.intro, { ceiling: money(DE_MINIMIS_CEILING_EUR_MINOR) })).moveDown()
    doc.fontSize(11).text(fill(w.company, { name: c.name }))
    if (c.siret) doc.text(fill(w.siret, { siret: c.siret }))
    doc.moveDown()
    doc.text(fill(w.aid, { from: period.from, to: period.to, eur: money(c.aidEurMinor), usd: money(c.aidUsdMinor) }))
    doc.text(fill(w.received, { to: period.to, received: money(c.receivedEurMinor) }))
    if (c.wouldExceed) doc.moveDown(0.5).font('Helvetica-Bold').text(w.warning).font('Helvetica')
    doc.moveDown(2).text(w.declare).moveDown(2).text(w.sign)
  }
  doc.end()
  return done
}
