import { useMatches, useParams, useRouteLoaderData } from 'react-router'
import { DEFAULT_LOCALE, isLocale, translator, type Locale, type Translate } from '~/locales'

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
