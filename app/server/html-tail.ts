import { Transform, type TransformCallback } from 'node:stream'
import { StringDecoder } from 'node:string_decoder'

const TAIL = '</body></html>'

/**
 * React streams the data of deferred loaders as `<script>` elements after the shell, which
 * ends with `</body></html>`: left as is they land after `</html>` ("stray start tag script"
 * for the Nu checker). This stream holds the shell's closing tags back and writes them at the
 * very end, so the streamed scripts stay inside the body and the document is valid HTML.
 */
export class HtmlTailLast extends Transform {
  private decoder = new StringDecoder('utf8')
  private pending = ''
  private held = false

  override _transform(chunk: Buffer | string, _encoding: BufferEncoding, callback: TransformCallback) {
    const text = this.pending + (typeof chunk === 'string' ? chunk : this.decoder.write(chunk))
    this.pending = ''
    if (this.held) return callback(null, text)
    const at = text.indexOf(TAIL)
    if (at >= 0) {
      this.held = true
      return callback(null, text.slice(0, at) + text.slice(at + TAIL.length))
    }
    // The closing tags may be split across two chunks: keep back what could be their start.
    const keep = Math.min(text.length, TAIL.length - 1)
    this.pending = text.slice(text.length - keep)
    callback(null, text.slice(0, text.length - keep))
  }

  override _flush(callback: TransformCallback) {
    callback(null, this.pending + this.decoder.end() + (this.held ? TAIL : ''))
  }
}
