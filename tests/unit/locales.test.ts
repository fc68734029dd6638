import { describe, expect, it } from 'vitest'
import { localeFromAcceptLanguage, translate } from '~/locales'
import { fr } from '~/locales/fr/index'
import { en } from '~/locales/en/index'

function keys(node: unknown, prefix = ''): string[] {
  if (typeof node === 'string') return [prefix]
  return Object.entries(node as Record<string, unknown>).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k))
}

describe('catalogues', () => {
  it('have the same keys in French and English, none empty', () => {
    expect(keys(en).sort()).toEqual(keys(fr).sort())
    for (const key of keys(fr)) expect(translate('fr', key as never).trim()).not.toBe('')
    for (const key of keys(en)) expect(translate('en', key as never).trim()).not.toBe('')
  })

  it('fills placeholders', () => {
    expect(translate('en', 'common.footer.rights', { year: 2027 })).toBe('© 2027 Martinique Export Cooperation Collective')
  })
})

describe('localeFromAcceptLanguage', () => {
  it.each([
    ['en-US,en;q=0.9,fr;q=0.8', 'en'],
    ['fr-FR,fr;q=0.9,en;q=0.8', 'fr'],
    ['de-DE,en;q=0.5', 'en'],
    ['es, fr;q=0.1, en;q=0.2', 'en'],
    ['de', 'fr'],
    ['', 'fr'],
    [null, 'fr'],
  ])('%s → %s', (header, expected) => {
    expect(localeFromAcceptLanguage(header)).toBe(expected)
  })
})

describe('punctuation of each language', () => {
  const flat = (o: object, p = '', out: [string, string][] = []): [string, string][] => {
    for (const [k, v] of Object.entries(o)) {
      if (typeof v === 'string') out.push([p + k, v])
      else flat(v as object, `${p}${k}.`, out)
    }
    return out
  }
  it('English puts no space before a colon, semicolon, question or exclamation mark', () => {
    expect(flat(en).filter(([, v]) => /\s[:;!?](\s|$)/.test(v))).toEqual([])
  })
  it('French puts a space (plain or non-breaking) before them', () => {
    expect(flat(fr).filter(([, v]) => /[^\s\u00a0\u202f][:;!?](\s|$)/.test(v))).toEqual([])
  })
  it('the colon between a label and its value follows the language', () => {
    expect(translate('en', 'common.colon')).toBe(':')
    expect(translate('fr', 'common.colon')).toBe('\u00a0:')
  })
})
