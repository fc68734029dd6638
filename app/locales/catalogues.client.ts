import type { fr } from './fr/index'

/**
 * The browser's catalogues: empty until `loadCatalogue` fetches the reader's language as its
 * own chunk, before hydration. A French page never downloads the English messages.
 */
export const catalogues: { fr?: typeof fr; en?: typeof fr } = {}

export async function loadCatalogue(locale: string) {
  if (locale === 'en') catalogues.en ??= (await import('./en/index')).en
  else catalogues.fr ??= (await import('./fr/index')).fr
}
