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

/** One record's cells as CSV (no line end). */
export function csvLine(cells: string[]): string {
  return cells.map(csvCell).join(',')
}

/** Batches of rows (header first) → CSV text chunks, UTF-8 with a BOM so Excel reads accents. */
export async function* csvChunks(batches: AsyncIterable<string[][]>): AsyncGenerator<string> {
  let buffer = '\uFEFF'
  for await (const batch of batches) {
    if (batch.length > 0) buffer += `${batch.map(csvLine).join('\r\n')}\r\n`
    if (buffer.length > 64 * 1024) {
      yield buffer
      buffer = ''
    }
  }
  if (buffer) yield buffer
}

/** Rows held in memory (header first) → the same CSV as bytes, for a file inside a ZIP. */
export async function csvBytes(rows: string[][]): Promise<Uint8Array> {
  let text = ''
  for await (const chunk of csvChunks((async function* () { yield rows })())) text += chunk
  return new TextEncoder().encode(text)
}

export function csvStream(batches: AsyncIterable<string[][]>): ReadableStream<Uint8Array> {
  return Readable.toWeb(Readable.from(csvChunks(batches), { objectMode: false })) as unknown as ReadableStream<Uint8Array>
}

/** Batches of rows (header first) → a streamed XLSX: each row is committed as it comes (exceljs streaming writer). */
export function xlsxStream(batches: AsyncIterable<string[][]>, sheetName: string): ReadableStream<Uint8Array> {
  const out = new PassThrough()
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false, useStyles: false })
  const sheet = workbook.addWorksheet(sheetName.slice(0, 31))
  void (async () => {
    try {
      for await (const batch of batches) {
        // The download was abandoned: stop reading (closes the database cursor).
        if (out.destroyed) return
        for (const row of batch) sheet.addRow(row.map(neutralise)).commit()
      }
      sheet.commit()
      await workbook.commit()
    } catch (error) {
      out.destroy(error as Error)
    }
  })()
  // Pulled chunk by chunk (backpressure); a cancelled download destroys the pass-through, which
  // stops the loop above. (Readable.toWeb on Node 20 can still enqueue into the closed controller
  // after a cancel, an uncaught ERR_INVALID_STATE.)
  out.on('error', () => {})
  const chunks = out[Symbol.asyncIterator]()
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await chunks.next()
      if (next.done) controller.close()
      else controller.enqueue(new Uint8Array(next.value as Buffer))
    },
    cancel() {
      out.destroy()
    },
  })
}
