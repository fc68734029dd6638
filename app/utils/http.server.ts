import type { HeadersFunction } from 'react-router'
import { isLocale, DEFAULT_LOCALE, localeFromAcceptLanguage, type Locale } from '~/locales'

/** The locale of a request: URL segment first, else Accept-Language. */
export function requestLocale(request: Request, params?: { lang?: string }): Locale {
  if (params && isLocale(params.lang)) return params.lang
  const first = new URL(request.url).pathname.split('/')[1]
  if (isLocale(first)) return first
  return localeFromAcceptLanguage(request.headers.get('accept-language')) ?? DEFAULT_LOCALE
}

/** Throws a 404 Response that the nearest ErrorBoundary renders in the reader's language. */
export function notFound(message = 'Not found'): never {
  throw new Response(message, { status: 404, statusText: 'Not Found' })
}

export function badRequest(message = 'Bad request'): never {
  throw new Response(message, { status: 400, statusText: 'Bad Request' })
}

export function forbidden(message = 'Forbidden'): never {
  throw new Response(message, { status: 403, statusText: 'Forbidden' })
}

/** The `:lang` segment of a route, or a 404 for anything but a supported locale. */
export function requireLocale(params: { lang?: string }): Locale {
  if (!isLocale(params.lang)) notFound()
  return params.lang
}

/**
 * A route's `headers` export for forms that can answer 429: without one the framework keeps
 * only Set-Cookie from an action's headers on a document request, and `Retry-After` is lost.
 */
export const retryAfterHeaders: HeadersFunction = ({ actionHeaders, loaderHeaders, errorHeaders, parentHeaders }) => {
  const headers = new Headers(parentHeaders)
  const retryAfter = actionHeaders.get('Retry-After') ?? errorHeaders?.get('Retry-After') ?? loaderHeaders.get('Retry-After')
  if (retryAfter) headers.set('Retry-After', retryAfter)
  return headers
}
