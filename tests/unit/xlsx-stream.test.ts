import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { xlsxStream } from '~/modules/exports/stream.server'

async function* rows(n: number) {
  yield [['Start', 'Company']]
  for (let i = 0; i < n; i += 500) yield Array.from({ length: Math.min(500, n - i) }, (_, j) => [`row ${i + j}`, i + j === 0 ? '=HYPERLINK("x")' : 'Rhums'])
}

describe('xlsxStream', () => {
  it('streams a workbook a spreadsheet opens, formulas neutralised', async () => {
    const buffer = Buffer.from(await new Response(xlsxStream(rows(1200), 'Planning B2B')).arrayBuffer())
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(buffer as unknown as ArrayBuffer)
    const sheet = workbook.getWorksheet('Planning B2B')!
    expect(sheet.rowCount).toBe(1201)
    expect(sheet.getCell('B2').value).toBe('\'=HYPERLINK("x")')
  })
})
