import type { MetaDescriptor } from 'react-router'
import { paramLocale, translate, type MessageKey, type MessageVars } from '~/locales'

/**
 * A page's document title from a catalogue key, in the reader's language, followed by the
 * organisation's short name: every page module exports `meta` (tests/unit/route-titles.test.ts).
 */
export function pageTitle(params: { lang?: string }, key: MessageKey, vars?: MessageVars, extra: MetaDescriptor[] = []): MetaDescriptor[] {
  const locale = paramLocale(params)
  return [{ title: `${translate(locale, key, vars)} — ${translate(locale, 'common.orgShort')}` }, ...extra]
}
