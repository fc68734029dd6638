/**
 * `npm run mail:ingest < message.eml`: the MTA pipe adapter (Postfix `mailbox_command` or an
 * alias `|`). Reads one raw message on standard input and stores it; its processing runs as a
 * job. Exit 0 when stored (or already stored), 65 (EX_DATAERR) when refused, 75 (EX_TEMPFAIL)
 * when the database is unreachable, so the MTA retries later.
 */
import { closeDatabase, createDatabase, setDatabase } from '#db/client'
import { startJobs, stopJobs } from '~/jobs/queue.server'
import { translate } from '~/locales'
import { storeInboundMessage } from '~/modules/inbound/intake.server'
import { getEnv } from '~/utils/env.server'
import { Refusal } from '~/utils/refusal'

/** The whole message, or its size alone once past the limit (the pipe is still drained, as the MTA expects). */
async function readStdin(limit: number): Promise<{ raw: Buffer; size: number }> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of process.stdin) {
    size += chunk.length
    if (size <= limit) chunks.push(chunk as Buffer)
  }
  return { raw: size <= limit ? Buffer.concat(chunks) : Buffer.alloc(0), size }
}

async function main() {
  const env = getEnv()
  if (!env.DATABASE_URL) {
    process.stderr.write('mail:ingest needs DATABASE_URL (the server the application uses)\n')
    return 75
  }
  const { INBOUND_MAX_BYTES } = await import('~/modules/inbound/intake.server')
  const { raw, size } = await readStdin(INBOUND_MAX_BYTES)
  if (size > INBOUND_MAX_BYTES) {
    process.stderr.write(`refused: ${translate('en', 'refusals.inboundTooLarge', { max: '10 MB' })} (${size} bytes)\n`)
    return 65
  }
  setDatabase(createDatabase(env.DATABASE_URL, { max: 2, applicationName: 'passerelle-mail-ingest' }))
  try {
    await startJobs({ connectionString: env.DATABASE_URL, max: 1 })
    const stored = await storeInboundMessage(raw, 'pipe')
    process.stdout.write(`${stored.duplicate ? 'already stored' : 'stored'} ${stored.messageId} (${stored.id})\n`)
    return 0
  } catch (error) {
    if (error instanceof Refusal) {
      process.stderr.write(`refused: ${translate('en', `refusals.${error.code}` as never, error.vars)}\n`)
      return 65
    }
    process.stderr.write(`temporary failure: ${error instanceof Error ? error.message : String(error)}\n`)
    return 75
  } finally {
    await stopJobs({ timeoutMs: 2000 }).catch(() => undefined)
    await closeDatabase().catch(() => undefined)
  }
}

process.exitCode = await main()
