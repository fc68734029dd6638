import type { fr } from './fr/index'
// On the server (and in tests) this is both catalogues; in the browser bundle a Vite plugin
// (vite.config.ts) swaps in `catalogues.client.ts`, which loads only the reader's language.
import { catalogues } from './catalogues'

export { catalogueSections } from './catalogues'
export { CATALOGUE_SECTIONS, type CatalogueSection } from './sections'

export const LOCALES = ['fr', 'en'] as const
export type Locale = (typeof LOCALES)[number]
export const DEFAULT_LOCALE: Locale = 'fr'

export type Messages = typeof fr

export function isLocale(value: unknown): value is Locale {
  return value === 'fr' || value === 'en'
}

/** The `:lang` segment where a wrong one cannot 404 (meta, components): French by default. */
export function paramLocale(params: { lang?: string }): Locale {
  return isLocale(params.lang) ? params.lang : DEFAULT_LOCALE
}

type Leaves<T, P extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${P}${K}` : Leaves<T[K], `${P}${K}.`>
}[keyof T & string]

/** Every key of the catalogue, e.g. 'events.list.title'. */
export type MessageKey = Leaves<Messages>
export type MessageVars = Record<string, string | number>

/**
 * Texts already found, per catalogue object: a rendered list asks for the same few keys on every
 * row. Only hits are kept (a section loaded later in the browser can still fill a miss), and a
 * found text never changes.
 */
const found = new WeakMap<object, Map<string, string>>()

function lookup(messages: object | undefined, key: string): string | undefined {
  if (!messages) return undefined
  let known = found.get(messages)
  const hit = known?.get(key)
  if (hit !== undefined) return hit
  const text = walk(messages, key)
  if (text !== undefined) {
    if (!known) found.set(messages, (known = new Map()))
    known.set(key, text)
  }
  return text
}

function walk(messages: object, key: string): string | undefined {
  let node: unknown = messages
  for (const part of key.split('.')) {
    if (node === null || typeof node !== 'object') return undefined
    node = (node as Record<string, unknown>)[part]
  }
  return typeof node === 'string' ? node : undefined
}

/** Translates a catalogue key; `{name}` placeholders are filled from `vars`. */
export function translate(locale: Locale, key: MessageKey, vars?: MessageVars): string {
  const template = lookup(catalogues[locale], key) ?? lookup(catalogues[DEFAULT_LOCALE], key) ?? key
  if (!vars) return template
  return template.replace(/\{(\w+)\}/g, (match, name: string) => (name in vars ? String(vars[name]) : match))
}

/**
 * A key that arrived as data (a zod issue message, a code in the URL, an error list from an action):
 * checked against the catalogue rather than cast, so an unknown one is visible as itself.
 */
export function isMessageKey(key: string): key is MessageKey {
  return LOCALES.some((locale) => lookup(catalogues[locale], key) !== undefined)
}

/** Translates a key that arrived as data; a string that is not a key is shown as it is. */
export function translateMessage(t: Translate, message: string, vars?: MessageVars): string {
  return isMessageKey(message) ? t(message, vars) : message
}

export type Translate = (key: MessageKey, vars?: MessageVars) => string

export function translator(locale: Locale): Translate {
  return (key, vars) => translate(locale, key, vars)
}

/** Picks fr or en from an Accept-Language header (q-values respected); French by default. */
export function localeFromAcceptLanguage(header: string | null | undefined): Locale {
  if (!header) return DEFAULT_LOCALE
  const ranked = header
    .split(',')
    .map((part, index) => {
      const [tag, ...params] = part.trim().split(';')
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='))
      return { tag: tag.toLowerCase(), q: q ? Number(q.slice(2)) || 0 : 1, index }
    })
    .filter((entry) => entry.tag && entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index)
  for (const { tag } of ranked) {
    const primary = tag.split('-')[0]
    if (isLocale(primary)) return primary
  }
  return DEFAULT_LOCALE
}

/** Picks the reader's text from a per-locale content field (falls back to French). */
export function localized(text: { fr: string; en: string } | null | undefined, locale: Locale): string {
  if (!text) return ''
  return text[locale] || text.fr || text.en || ''
}
