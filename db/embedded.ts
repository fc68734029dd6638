import { mkdirSync } from 'node:fs'
import path from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { PGLiteSocketServer } from '@electric-sql/pglite-socket'

export type EmbeddedDatabase = { url: string; stop: () => Promise<void> }

/**
 * PGlite is a single PostgreSQL session. pglite-socket already keeps other connections out
 * while one is inside a transaction, but interleaves them message by message otherwise, which
 * mixes two clients' unnamed extended-protocol statements (Parse/Bind/Execute…Sync). We keep
 * a connection's turn from its first message until its Sync (or simple Query) completes.
 */
function guardExtendedProtocol(db: PGlite) {
  let midBatch = false
  const isInTransaction = db.isInTransaction.bind(db)
  const execRaw = db.execProtocolRawStream.bind(db)
  db.isInTransaction = () => midBatch || isInTransaction()
  db.execProtocolRawStream = (async (message: Uint8Array, options: Parameters<PGlite['execProtocolRawStream']>[1]) => {
    const type = message[0]
    // 'S' Sync, 'Q' simple query, 'X' terminate: the end of a client's turn. Start-up messages
    // (no type byte, protocol 3.0) also end it.
    const isStartup = message.length >= 8 && message[4] === 0 && message[5] === 3
    midBatch = !(type === 0x53 || type === 0x51 || type === 0x58 || isStartup)
    return execRaw(message, options)
  }) as PGlite['execProtocolRawStream']
}

/** Opens (or creates) the embedded database in `dataDir` and serves it on a local TCP port. */
export async function startEmbeddedDatabase(options: {
  dataDir?: string
  port?: number
  maxConnections?: number
}): Promise<EmbeddedDatabase> {
  let dataDir: string | undefined
  if (options.dataDir && options.dataDir !== 'memory://') {
    dataDir = path.resolve(options.dataDir)
    mkdirSync(dataDir, { recursive: true })
  }
  const db = await PGlite.create(dataDir ?? 'memory://')
  guardExtendedProtocol(db)
  const server = new PGLiteSocketServer({
    db,
    host: '127.0.0.1',
    port: options.port ?? 0,
    maxConnections: options.maxConnections ?? 64,
  })
  await server.start()
  const [, port] = server.getServerConn().split(':')
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${port}/postgres?sslmode=disable`,
    stop: async () => {
      await server.stop()
      await db.close()
    },
  }
}
