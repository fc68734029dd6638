import { useMatches, useParams, useRouteLoaderData } from 'react-router'
import { use } from 'react'
import { CATALOGUE_SECTIONS, catalogueSections, DEFAULT_LOCALE, isLocale, translator, type CatalogueSection, type Locale, type Translate } from '~/locales'

/** The reader's locale: from the URL (`/fr/…`, `/en/…`), else what the root loader chose. */
export function useLocale(): Locale {
  const params = useParams()
  const root = useRouteLoaderData<{ locale?: Locale }>('root')
  if (isLocale(params.lang)) return params.lang
  return root?.locale ?? DEFAULT_LOCALE
}

export function useT(): Translate {
  return translator(useLocale())
}

/** The catalogue sections the shown routes name in `handle.catalogue` (see locales/sections.ts). */
export function useCatalogueSectionNames(): CatalogueSection[] {
  const wanted = new Set<string>()
  for (const match of useMatches()) for (const name of (match.handle as { catalogue?: readonly CatalogueSection[] } | undefined)?.catalogue ?? []) wanted.add(name)
  return CATALOGUE_SECTIONS.filter((name) => wanted.has(name))
}

/** In the browser, suspends (a client navigation) until those sections are loaded; on the server they always are. */
export function useCatalogueSections(locale: Locale, sections: readonly CatalogueSection[]) {
  const loading = catalogueSections(locale, sections)
  if (loading) use(loading)
}

/** The same page in the other language (the language is the first path segment). */
export function useAlternatePath(target: Locale): string {
  const matches = useMatches()
  const pathname = matches[matches.length - 1]?.pathname ?? '/'
  const rest = pathname.replace(/^\/(fr|en)(?=\/|$)/, '')
  return `/${target}${rest}`
}

/** Prefixes a path with the locale: href('fr', '/events') → '/fr/events'. */
export function localePath(locale: Locale, path = ''): string {
  return `/${locale}${path.startsWith('/') || path === '' ? path : `/${path}`}`
}
