import { Refusal } from '~/utils/refusal'
import { readCappedBody } from '~/utils/upload.server'
import { IMPORT_MAX_BYTES } from './import-schemas'

/** The confirm form carries the file back as base64 (a third larger) plus a few small fields. */
const MAX_PART_BYTES = Math.ceil((IMPORT_MAX_BYTES * 4) / 3) + 1024
const MAX_BODY_BYTES = MAX_PART_BYTES + 64 * 1024

/**
 * Reads the upload (multipart, the file in `file`) or the confirm form (the same text in
 * `content`, base64). Over 2 MB is refused with 413 before anything is parsed: a declared
 * length at once, a chunked body as soon as it has streamed past the cap.
 */
export async function readImportRequest(request: Request): Promise<{ formData: FormData; content: string | null }> {
  const body = await readCappedBody(request, MAX_BODY_BYTES, 'importTooLarge')
  let formData: FormData
  try {
    formData = await new Response(body, { headers: { 'content-type': request.headers.get('content-type') ?? '' } }).formData()
  } catch {
    throw new Refusal('importUnreadable', { field: 'file' })
  }
  const file = formData.get('file')
  let bytes: Buffer | null = null
  if (file instanceof Blob && file.size > 0) bytes = Buffer.from(await file.arrayBuffer())
  else if (typeof formData.get('content') === 'string' && formData.get('content') !== '') bytes = Buffer.from(String(formData.get('content')), 'base64')
  if (!bytes) return { formData, content: null }
  if (bytes.byteLength > IMPORT_MAX_BYTES) throw new Refusal('importTooLarge', { field: 'file' })
  const content = new TextDecoder('utf-8', { fatal: false }).decode(bytes)
  // Latin-1 / Windows-1252 exports decode to replacement characters: ask for "CSV UTF-8".
  if (content.includes('\uFFFD')) throw new Refusal('importEncoding', { field: 'file' })
  return { formData, content }
}

export function encodeImportContent(content: string): string {
  return Buffer.from(content, 'utf8').toString('base64')
}
