import type { Readable } from 'node:stream'
import type { SQL } from 'drizzle-orm'
import { PgDialect } from 'drizzle-orm/pg-core'
import type postgres from 'postgres'
import { csvLine } from '~/modules/exports/stream.server'
import { logger } from '~/utils/logger.server'

const dialect = new PgDialect()

/**
 * A parameter as the literal PostgreSQL reads like the bound value postgres.js sends (a string
 * of unknown type, resolved by its context): COPY takes no parameters (decision 028). E'' with
 * backslashes and quotes doubled reads the same whatever standard_conforming_strings says.
 */
export function sqlLiteral(value: unknown): string {
  if (value === null || value === undefined) return 'null'
  if (typeof value === 'boolean') return value ? 'true' : 'false'
  if (typeof value === 'number' && !Number.isFinite(value)) throw new TypeError(`no SQL literal for ${value}`)
  if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'bigint') throw new TypeError(`no SQL literal for a ${typeof value}`)
  const text = String(value)
  // PostgreSQL's text cannot hold NUL (a bound parameter is refused too).
  if (text.includes('\0')) throw new TypeError('a NUL character cannot be sent to PostgreSQL')
  return `E'${text.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`
}

/**
 * The query's text with each `$n` written as its parameter's literal. Quoted literals and
 * identifiers of the text are skipped, so a `$1` inside one is left alone; dollar quoting is refused.
 */
export function inlineParameters(query: SQL): string {
  const { sql: text, params } = dialect.sqlToQuery(query)
  let out = ''
  let i = 0
  while (i < text.length) {
    const c = text[i]
    if (c === "'" || c === '"') {
      let end = i + 1
      // A doubled quote stays inside the literal.
      while (end < text.length && (text[end] !== c || text[end + 1] === c)) end += text[end] === c ? 2 : 1
      out += text.slice(i, end + 1)
      i = end + 1
    } else if (c === '$') {
      const digits = /^\$(\d+)/.exec(text.slice(i, i + 12))
      if (!digits) throw new Error('dollar quoting in a query to inline')
      const n = Number(digits[1])
      if (n < 1 || n > params.length) throw new Error(`$${n} has no parameter`)
      out += sqlLiteral(params[n - 1])
      i += digits[0].length
    } else {
      out += c
      i++
    }
  }
  return out
}

const QUOTE = 0x22
const COMMA = 0x2c
const LF = 0x0a
const CR = 0x0d
const SEMICOLON = 0x3b
const FLUSH_BYTES = 64 * 1024

/**
 * COPY's CSV made into the file csvChunks writes: records end with CRLF (a newline inside a
 * quoted value stays as it is) and an unquoted value holding a `;` gets quotes (COPY quotes only
 * for `,` `"` CR LF). Fed COPY's bytes in any slicing; gives whole records, about 64 KB at a time.
 */
export function copyCsvToFile(first: Uint8Array) {
  let out = Buffer.allocUnsafe(FLUSH_BYTES * 2)
  out.set(first)
  let pos = first.length
  let inQuotes = false
  let fieldStart = pos // where the current value begins in `out`
  let wrapped = false // the current (unquoted) value was given an opening quote
  let recordStart = pos

  function ensure(extra: number) {
    if (pos + extra <= out.length) return
    const bigger = Buffer.allocUnsafe(Math.max(out.length * 2, pos + extra))
    out.copy(bigger, 0, 0, pos)
    out = bigger
  }

  function take(upTo: number): Buffer {
    const ready = Buffer.from(out.subarray(0, upTo))
    out.copy(out, 0, upTo, pos)
    pos -= upTo
    fieldStart -= upTo
    recordStart -= upTo
    return ready
  }

  return {
    /** COPY's next bytes; whole records once enough have gathered, else undefined. */
    push(chunk: Uint8Array): Buffer | undefined {
      // Each byte may become two (LF → CRLF), and a value may gain its two quotes.
      ensure(chunk.length * 2 + 2)
      const last = chunk.length - 1
      // COPY sends a record per message: most are one whole record with nothing to quote.
      if (pos === recordStart && chunk[last] === LF && chunk.indexOf(LF) === last && chunk.indexOf(QUOTE) === -1 && chunk.indexOf(SEMICOLON) === -1) {
        out.set(chunk.subarray(0, last), pos)
        pos += last
        out[pos++] = CR
        out[pos++] = LF
        fieldStart = recordStart = pos
        return recordStart >= FLUSH_BYTES ? take(recordStart) : undefined
      }
      for (let i = 0; i < chunk.length; i++) {
        const c = chunk[i]
        if (c === QUOTE) {
          // "" inside a quoted value toggles out and back in: the parity stays right.
          inQuotes = !inQuotes
        } else if (!inQuotes) {
          if (c === COMMA || c === LF) {
            if (wrapped) {
              out[pos++] = QUOTE
              wrapped = false
            }
            if (c === LF) {
              out[pos++] = CR
              out[pos++] = LF
              fieldStart = recordStart = pos
              continue
            }
            out[pos++] = c
            fieldStart = pos
            continue
          }
          if (c === SEMICOLON && !wrapped && (pos === fieldStart || out[fieldStart] !== QUOTE)) {
            out.copy(out, fieldStart + 1, fieldStart, pos)
            out[fieldStart] = QUOTE
            pos++
            wrapped = true
          }
        }
        out[pos++] = c
      }
      return recordStart >= FLUSH_BYTES ? take(recordStart) : undefined
    },
    /** What is left once COPY has ended. */
    end(): Buffer {
      return take(pos)
    },
  }
}

/**
 * `COPY (select) TO STDOUT` as a CSV file: the BOM and the header first, then COPY's rows as
 * csvChunks would write them, provided the SELECT neutralises formula-like cells and turns
 * empty strings into nulls (COPY quotes an empty string). It runs on a connection of its own
 * (reserved from the pool); a cancelled download cancels the COPY on the server, reads what was
 * already on its way and only then gives the connection back.
 */
export function copyCsvStream(client: postgres.Sql, select: SQL, header: string[]): ReadableStream<Uint8Array> {
  const statement = `copy (${inlineParameters(select)}) to stdout with (format csv)`
  const file = copyCsvToFile(Buffer.from(`\uFEFF${csvLine(header)}\r\n`))
  let source: Readable | undefined
  let backendPid: number | undefined
  let cancelled = false
  // Settled once the server was asked to cancel the COPY (or never had to be).
  let cancelling: Promise<unknown> = Promise.resolve()

  function stop() {
    if (!source || backendPid === undefined || source.readableEnded || source.destroyed) return
    // postgres.js's stream must not be destroyed: the driver would stop reading the socket and the
    // connection would wait forever. It is read to its end (the rows already sent, then the
    // server's error for the cancel).
    source.removeAllListeners('data')
    source.on('data', () => {})
    source.resume()
    cancelling = client`select pg_cancel_backend(${backendPid})`.catch((error: unknown) => logger.warn({ err: error }, 'the export could not cancel its COPY'))
  }

  return new ReadableStream<Uint8Array>({
    async start(controller) {
      let reserved: postgres.ReservedSql | undefined
      try {
        reserved = await client.reserve()
        const [{ pid }] = await reserved<{ pid: number }[]>`select pg_backend_pid() as pid`
        backendPid = pid
        source = await reserved.unsafe(statement).readable()
      } catch (error) {
        reserved?.release()
        if (!cancelled) {
          logger.error({ err: error }, 'a CSV export through COPY failed')
          controller.error(error)
        }
        return
      }
      // The connection is ours until the COPY is over and a cancel sent: a late cancel finds it
      // idle (and is ignored) rather than running someone else's query.
      const connection = reserved
      source.once('close', () => void cancelling.then(() => connection.release()))
      source.on('error', (error) => {
        if (cancelled) return
        logger.error({ err: error }, 'a CSV export through COPY failed')
        controller.error(error)
      })
      if (cancelled) return stop()
      source.on('data', (chunk: Buffer) => {
        const ready = file.push(chunk)
        if (!ready) return
        controller.enqueue(ready)
        if ((controller.desiredSize ?? 1) <= 0) source?.pause()
      })
      source.on('end', () => {
        if (cancelled) return
        controller.enqueue(file.end())
        controller.close()
      })
    },
    pull() {
      source?.resume()
    },
    cancel() {
      cancelled = true
      stop()
    },
  })
}
