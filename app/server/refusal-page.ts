import type { Response } from 'express'
import { translate, type Locale, type MessageKey, type MessageVars } from '~/locales'

export type RefusalPage = {
  status: 403 | 413 | 429
  title: Extract<MessageKey, `errors.guard.${string}.title`>
  body: Extract<MessageKey, `errors.guard.${string}.body`>
  vars?: MessageVars
  retryAfterSeconds?: number
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

/**
 * A refusal answered before the framework (the request guards): a small page in both
 * languages, readable without JavaScript or styles, the visitor's language first.
 */
export function renderRefusalPage(page: RefusalPage, first: Locale = 'fr'): string {
  const order: Locale[] = first === 'en' ? ['en', 'fr'] : ['fr', 'en']
  const sections = order
    .map(
      (locale) => `<section lang="${locale}">
<h1>${escapeHtml(translate(locale, page.title, page.vars))}</h1>
<p>${escapeHtml(translate(locale, page.body, page.vars))}</p>
<p><a href="/${locale}">${escapeHtml(translate(locale, 'errors.guard.back'))}</a></p>
</section>`,
    )
    .join('\n<hr>\n')
  return `<!doctype html>
<html lang="${order[0]}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(translate(order[0], page.title, page.vars))}</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;color:#0f172a;line-height:1.5}a{color:#1d4ed8}</style>
</head>
<body><main>
${sections}
</main></body>
</html>
`
}

/** The visitor's language: the `/fr` or `/en` path prefix, else Accept-Language, else French. */
export function refusalLocale(path: string, acceptLanguage: string | undefined): Locale {
  const prefix = /^\/(fr|en)(?:\/|$)/.exec(path)?.[1]
  if (prefix === 'fr' || prefix === 'en') return prefix
  return /^\s*en\b/i.test(acceptLanguage ?? '') ? 'en' : 'fr'
}

export function sendRefusalPage(res: Response, page: RefusalPage, locale: Locale, options: { closeConnection?: boolean } = {}) {
  res.status(page.status)
  res.setHeader('Content-Type', 'text/html; charset=utf-8')
  res.setHeader('Cache-Control', 'no-store')
  if (page.retryAfterSeconds !== undefined) res.setHeader('Retry-After', String(page.retryAfterSeconds))
  if (options.closeConnection) res.setHeader('Connection', 'close')
  res.end(renderRefusalPage(page, locale))
}
