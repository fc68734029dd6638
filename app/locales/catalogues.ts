import { fr } from './fr/index'
import { en } from './en/index'

/** Both catalogues: the server renders either language. */
export const catalogues: { fr?: typeof fr; en?: typeof fr } = { fr, en }
