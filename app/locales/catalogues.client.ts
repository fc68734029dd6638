import type { fr } from './fr/index'
import type { CatalogueSection } from './sections'

/**
 * The browser's catalogues: empty until `loadCatalogue` fetches the reader's language as its
 * own chunk, before hydration. A French page never downloads the English messages, and a page
 * downloads a section of sections.ts (the back office's messages…) only if a route it shows
 * names it.
 */
export const catalogues: { fr?: typeof fr; en?: typeof fr } = {}

type Lang = 'fr' | 'en'
const chunks: Record<Lang, Record<CatalogueSection, () => Promise<unknown>>> = {
  fr: {
    admin: () => withRefusals('fr', import('./fr/admin').then((m) => m.admin), import('./fr/refusals-back-office').then((m) => m.backOfficeRefusals)),
    auth: () => import('./fr/auth').then((m) => m.auth),
    b2b: () => withRefusals('fr', import('./fr/b2b').then((m) => m.b2b), import('./fr/refusals-b2b').then((m) => m.b2bRefusals)),
    delegations: () => withRefusals('fr', import('./fr/delegations').then((m) => m.delegations), import('./fr/refusals-delegations').then((m) => m.delegationRefusals)),
    inbound: () => import('./fr/inbound').then((m) => m.inbound),
    mail: () => import('./fr/mail').then((m) => m.mail),
    payments: () => import('./fr/payments').then((m) => m.payments),
    privacy: () => withRefusals('fr', import('./fr/privacy').then((m) => m.privacy), import('./fr/refusals-privacy').then((m) => m.privacyRefusals)),
    registration: () => import('./fr/registration').then((m) => m.registration),
  },
  en: {
    admin: () => withRefusals('en', import('./en/admin').then((m) => m.admin), import('./en/refusals-back-office').then((m) => m.backOfficeRefusals)),
    auth: () => import('./en/auth').then((m) => m.auth),
    b2b: () => withRefusals('en', import('./en/b2b').then((m) => m.b2b), import('./en/refusals-b2b').then((m) => m.b2bRefusals)),
    delegations: () => withRefusals('en', import('./en/delegations').then((m) => m.delegations), import('./en/refusals-delegations').then((m) => m.delegationRefusals)),
    inbound: () => import('./en/inbound').then((m) => m.inbound),
    mail: () => import('./en/mail').then((m) => m.mail),
    payments: () => import('./en/payments').then((m) => m.payments),
    privacy: () => withRefusals('en', import('./en/privacy').then((m) => m.privacy), import('./en/refusals-privacy').then((m) => m.privacyRefusals)),
    registration: () => import('./en/registration').then((m) => m.registration),
  },
}
const loads = new Map<string, Promise<void>>()

/**
 * A section whose pages can show refusals of their own (the back office's, the B2B pages'):
 * they join the page's `refusals` once both the base catalogue and the section are in.
 */
async function withRefusals(lang: Lang, section: Promise<unknown>, refusals: Promise<Record<string, string>>) {
  const [value, extra] = await Promise.all([section, refusals, loadCatalogue(lang)])
  Object.assign((catalogues[lang] as { refusals: Record<string, string> }).refusals, extra)
  return value
}

export async function loadCatalogue(locale: string, sections: readonly CatalogueSection[] = []) {
  const lang: Lang = locale === 'en' ? 'en' : 'fr'
  // Without the sections until catalogueSections has loaded them: their keys find nothing meanwhile.
  if (lang === 'en') catalogues.en ??= (await import('./browser/en')).en as typeof fr
  else catalogues.fr ??= (await import('./browser/fr')).fr as typeof fr
  await catalogueSections(lang, sections)
}

/**
 * Loads the sections of `locale` the page needs: null when they are all in, else one promise per
 * set of sections, the same until it settles (React's `use` suspends the page on it meanwhile).
 */
export function catalogueSections(locale: string, sections: readonly CatalogueSection[]): Promise<void> | null {
  const lang: Lang = locale === 'en' ? 'en' : 'fr'
  const missing = sections.filter((s) => !(catalogues[lang] as Record<string, unknown> | undefined)?.[s])
  if (missing.length === 0) return null
  const key = `${lang}:${[...missing].sort().join(',')}`
  let loading = loads.get(key)
  if (!loading) {
    loading = Promise.all([loadCatalogue(lang), ...missing.map((s) => chunks[lang][s]())]).then(([, ...parts]) => {
      missing.forEach((s, i) => ((catalogues[lang] as Record<string, unknown>)[s] = parts[i]))
    })
    loading.finally(() => loads.delete(key)).catch(() => {})
    loads.set(key, loading)
  }
  return loading
}
