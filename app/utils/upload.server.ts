import { Refusal, type RefusalCode } from '~/utils/refusal'

/**
 * The whole request body, refused (`tooLarge`, a 413) before anything is parsed: a declared
 * length over `max` at once, a chunked body as soon as it has streamed past it.
 */
export async function readCappedBody(request: Request, max: number, tooLarge: RefusalCode, vars?: Record<string, string | number>): Promise<Uint8Array<ArrayBuffer>> {
  const refuse = () => new Refusal(tooLarge, { field: 'file', vars })
  if (Number(request.headers.get('content-length') ?? 0) > max) throw refuse()
  if (!request.body) return new Uint8Array(0)
  const reader = request.body.getReader()
  const chunks: Uint8Array[] = []
  let total = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    total += value.byteLength
    if (total > max) {
      await reader.cancel().catch(() => {})
      throw refuse()
    }
    chunks.push(value)
  }
  return Buffer.concat(chunks)
}

/** A multipart or urlencoded form read within `max` bytes (see `readCappedBody`). */
export async function readCappedForm(request: Request, max: number, tooLarge: RefusalCode, vars?: Record<string, string | number>): Promise<FormData> {
  const body = await readCappedBody(request, max, tooLarge, vars)
  return new Response(body, { headers: { 'content-type': request.headers.get('content-type') ?? '' } }).formData()
}
