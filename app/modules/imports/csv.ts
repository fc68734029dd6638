/**
 * A small RFC 4180 reader for the lists organisers already have (spreadsheet exports):
 * `,` or `;` (French Excel) separators, UTF-8 with or without BOM, quoted fields holding
 * separators, quotes (`""`) and line breaks, CRLF or LF. Pure: no I/O, used on both sides.
 */
export type CsvSeparator = ',' | ';'
export type CsvRecord = { line: number; cells: string[] }
export type CsvReadResult =
  | { ok: true; separator: CsvSeparator; header: string[]; records: CsvRecord[] }
  | { ok: false; error: 'empty' | 'unterminatedQuote'; line?: number }

export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
}

/** The separator of the header line: whichever of `;` and `,` appears more often outside quotes. */
export function detectSeparator(text: string): CsvSeparator {
  let commas = 0
  let semicolons = 0
  let quoted = false
  for (const ch of text) {
    if (ch === '"') quoted = !quoted
    else if (!quoted && (ch === '\n' || ch === '\r')) break
    else if (!quoted && ch === ',') commas++
    else if (!quoted && ch === ';') semicolons++
  }
  return semicolons > commas ? ';' : ','
}

/** Splits the text into records; `line` is the physical line where each record starts (header = 1). */
export function readCsv(input: string): CsvReadResult {
  const text = stripBom(input)
  const separator = detectSeparator(text)
  const records: CsvRecord[] = []
  let cells: string[] = []
  let cell = ''
  let quoted = false
  let line = 1
  let recordLine = 1
  let quoteLine = 1
  const endRecord = () => {
    cells.push(cell)
    // A line with nothing in it (or only separators) is not a record.
    if (cells.some((c) => c.trim() !== '')) records.push({ line: recordLine, cells })
    cells = []
    cell = ''
  }
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          cell += '"'
          i++
        } else quoted = false
      } else {
        if (ch === '\n') line++
        else if (ch === '\r' && text[i + 1] !== '\n') line++
        cell += ch
      }
      continue
    }
    if (ch === '"' && cell.trim() === '') {
      quoted = true
      quoteLine = line
      cell = ''
    } else if (ch === separator) {
      cells.push(cell)
      cell = ''
    } else if (ch === '\r' || ch === '\n') {
      if (ch === '\r' && text[i + 1] === '\n') i++
      endRecord()
      line++
      recordLine = line
    } else cell += ch
  }
  if (quoted) return { ok: false, error: 'unterminatedQuote', line: quoteLine }
  if (cell !== '' || cells.length > 0) endRecord()
  const [header, ...rest] = records
  if (!header) return { ok: false, error: 'empty' }
  return { ok: true, separator, header: header.cells.map((h) => h.trim()), records: rest }
}

/** A header as people write it, reduced for matching: no accents, no case, words split by one space. */
export function normaliseHeader(header: string): string {
  return header
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
}

/** Writes one CSV line (for templates): fields quoted when they need it. */
export function csvLine(cells: readonly string[], separator: CsvSeparator = ','): string {
  return cells.map((c) => (/[",;\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(separator)
}
