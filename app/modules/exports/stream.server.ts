import { PassThrough, Readable } from 'node:stream'
import ExcelJS from 'exceljs'

/** A cell that a spreadsheet would run as a formula gets a leading quote (CSV injection). */
function neutralise(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
}

function csvCell(value: string): string {
  const safe = neutralise(value)
  return /[",\n\r;]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe
}

/** Rows (header first) → CSV text chunks, UTF-8 with a BOM so Excel reads accents. */
export async function* csvChunks(rows: AsyncIterable<string[]>): AsyncGenerator<string> {
  let buffer = '\uFEFF'
  for await (const row of rows) {
    buffer += `${row.map(csvCell).join(',')}\r\n`
    if (buffer.length > 64 * 1024) {
      yield buffer
      buffer = ''
    }
  }
  if (buffer) yield buffer
}

export function csvStream(rows: AsyncIterable<string[]>): ReadableStream<Uint8Array> {
  return Readable.toWeb(Readable.from(csvChunks(rows), { objectMode: false })) as unknown as ReadableStream<Uint8Array>
}

/** Rows (header first) → a streamed XLSX: each row is committed as it comes (exceljs streaming writer). */
export function xlsxStream(rows: AsyncIterable<string[]>, sheetName: string): ReadableStream<Uint8Array> {
  const out = new PassThrough()
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false, useStyles: false })
  const sheet = workbook.addWorksheet(sheetName.slice(0, 31))
  void (async () => {
    try {
      for await (const row of rows) {
        // The download was abandoned: stop reading (closes the database cursor).
        if (out.destroyed) return
        sheet.addRow(row.map(neutralise)).commit()
      }
      sheet.commit()
      await workbook.commit()
    } catch (error) {
      out.destroy(error as Error)
    }
  })()
  return Readable.toWeb(out) as unknown as ReadableStream<Uint8Array>
}
