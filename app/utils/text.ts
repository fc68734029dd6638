/**
 * What free text may contain, for every shared form schema (browser and server). PostgreSQL
 * refuses NUL in text (a 500 if it gets that far); other C0 control characters are invisible
 * and break mails, CSV exports and calendar files; a line break in a one-line field forges
 * headers and lines. Tab, and line breaks in multi-line fields, are fine.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/
const LINE_BREAK = /[\r\n\u2028\u2029]/

export function hasNoControlCharacters(value: string): boolean {
  return !CONTROL_CHARACTER.test(value)
}

export function isOneLine(value: string): boolean {
  return !LINE_BREAK.test(value)
}

/** Only web addresses are stored as links: `javascript:`, `data:` and the rest would run or mislead where shown. */
export function isHttpUrl(value: string): boolean {
  if (!/^https?:\/\//i.test(value)) return false
  try {
    const url = new URL(value)
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== ''
  } catch {
    return false
  }
}
