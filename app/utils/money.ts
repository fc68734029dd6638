import type { Locale } from '~/locales'

const MINOR_DIGITS: Record<string, number> = { EUR: 2, USD: 2 }

/**
 * Building an Intl.NumberFormat costs far more than formatting with one (the profile of the
 * admin attendee list showed it at 3 % of the page's CPU, one per price): one per locale and currency.
 */
const formatters = new Map<string, Intl.NumberFormat>()

/** The one money formatter: integer minor units + ISO currency, in the reader's locale. */
export function formatMoney(minor: number, currency: string, locale: Locale): string {
  const digits = MINOR_DIGITS[currency] ?? 2
  const key = `${locale}:${currency}`
  let formatter = formatters.get(key)
  if (!formatter) {
    formatter = new Intl.NumberFormat(locale === 'fr' ? 'fr-FR' : 'en-US', {
      style: 'currency',
      currency,
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    })
    // currencies are a short list (ISO codes the organisation uses); a bad one throws above and is not kept
    formatters.set(key, formatter)
  }
  return formatter.format(minor / 10 ** digits)
}
