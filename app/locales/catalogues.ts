import { fr } from './fr/index'
import { en } from './en/index'

/** Both catalogues: the server renders either language. */
export const catalogues: { fr?: typeof fr; en?: typeof fr } = { fr, en }

/** The server has every section already: nothing to wait for (see catalogues.client.ts). */
export function catalogueSections(_locale: string, _sections: readonly unknown[]): Promise<void> | null {
  return null
}
