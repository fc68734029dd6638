import { inflateSync } from 'node:zlib'

/**
 * The text drawn by a pdfkit PDF with its standard fonts: every content stream inflated, every
 * hex string of a TJ array decoded (WinAnsi ≈ latin1 for the letters we use), pieces joined per
 * TJ, lines joined by newlines. Enough to check what a page says, not a general PDF parser.
 */
export function pdfText(pdf: Uint8Array): string {
  const bytes = Buffer.from(pdf)
  const out: string[] = []
  let at = 0
  for (;;) {
    const start = bytes.indexOf('stream\n', at)
    if (start < 0) break
    const end = bytes.indexOf('\nendstream', start)
    const raw = bytes.subarray(start + 7, end)
    at = end + 10
    let content: string
    try {
      content = inflateSync(raw).toString('latin1')
    } catch {
      content = raw.toString('latin1')
    }
    for (const tj of content.matchAll(/\[((?:<[0-9a-fA-F]*>\s*-?[\d.]*\s*)+)\]\s*TJ/g)) {
      out.push([...tj[1].matchAll(/<([0-9a-fA-F]*)>/g)].map((h) => Buffer.from(h[1], 'hex').toString('latin1')).join(''))
    }
  }
  return out.join('\n').replace(/\u0092/g, '’').replace(/\u0085/g, '…').replace(/\u0097/g, '—').replace(/\u0095/g, '•')
}
