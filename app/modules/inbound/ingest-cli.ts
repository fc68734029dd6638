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

async function readStdin(limit: number): Promise<Buffer> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of process.stdin) {
    size += chunk.length
    // keep reading (the MTA expects the pipe drained) but stop keeping past the limit
    if (size <= limit + 1) chunks.push(chunk as Buffer)
  }
  return Buffer.concat(chunks)
}

async function main() {
  const env = getEnv()
  if (!env.DATABASE_URL) {
    process.stderr.write('mail:ingest needs DATABASE_URL (the server the application uses)\n')
    return 75
  }
  const { INBOUND_MAX_BYTES } = await import('~/modules/inbound/intake.server')
  const raw = await readStdin(INBOUND_MAX_BYTES)
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
