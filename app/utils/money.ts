import type { Locale } from '~/locales'

const MINOR_DIGITS: Record<string, number> = { EUR: 2, USD: 2 }

/** The one money formatter: integer minor units + ISO currency, in the reader's locale. */
export function formatMoney(minor: number, currency: string, locale: Locale): string {
  const digits = MINOR_DIGITS[currency] ?? 2
  return new Intl.NumberFormat(locale === 'fr' ? 'fr-FR' : 'en-US', {
    style: 'currency',
    currency,
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(minor / 10 ** digits)
}
