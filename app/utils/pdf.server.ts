/**
 * The bytes of a pdfkit document: listens before anything is written, resolves once `end()` has
 * flushed the last chunk. Call it right after `new PDFDocument(…)`, then write, then `doc.end()`.
 */
export function pdfBytes(doc: PDFKit.PDFDocument): Promise<Buffer> {
  const chunks: Buffer[] = []
  doc.on('data', (chunk: Buffer) => chunks.push(chunk))
  return new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)
  })
}
