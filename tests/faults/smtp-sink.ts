/**
 * The SMTP sink of the fault suite: a real smtp-server that records every message it accepts
 * (by Message-ID) and can be made to fail: refuse connections (not listening), answer 4xx to
 * everything, or 5xx for one recipient.
 */
import type { AddressInfo } from 'node:net'
import { SMTPServer } from 'smtp-server'

export type SinkMode = 'accept' | 'tempfail'

export class FaultSmtpSink {
  /** Message-ID → how many times it was accepted. */
  readonly accepted = new Map<string, number>()
  acceptedTotal = 0
  tempFailures = 0
  permanentFailures = 0
  mode: SinkMode = 'accept'
  /** Recipients answered 550 (a permanent failure). */
  readonly rejectRecipients = new Set<string>()
  port = 0
  private server: SMTPServer | undefined

  private create() {
    return new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      closeTimeout: 50,
      onRcptTo: (address, _session, callback) => {
        if (this.rejectRecipients.has(address.address.toLowerCase())) {
          this.permanentFailures++
          const error = new Error('mailbox unavailable') as Error & { responseCode: number }
          error.responseCode = 550
          return callback(error)
        }
        if (this.mode === 'tempfail') {
          this.tempFailures++
          const error = new Error('try again later') as Error & { responseCode: number }
          error.responseCode = 451
          return callback(error)
        }
        callback()
      },
      onData: (stream, _session, callback) => {
        const chunks: Buffer[] = []
        stream.on('data', (c: Buffer) => chunks.push(c))
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8')
          const messageId = /^Message-ID:\s*<([^>]+)>/im.exec(raw)?.[1] ?? `no-id-${this.acceptedTotal}`
          this.accepted.set(messageId, (this.accepted.get(messageId) ?? 0) + 1)
          this.acceptedTotal++
          callback()
        })
      },
    })
  }

  async start(port = this.port) {
    const server = this.create()
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(port, '127.0.0.1', () => resolve())
    })
    // A client killed mid-conversation (EPIPE, ECONNRESET) is the point of some scenarios.
    server.on('error', () => {})
    this.server = server
    this.port = (server.server.address() as AddressInfo).port
    return this
  }

  /** Stops listening and drops open connections: clients get "connection refused" until `start()`. */
  async stop() {
    const server = this.server
    this.server = undefined
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()))
  }

  get url() {
    return `smtp://127.0.0.1:${this.port}`
  }

  /** The row id in a Message-ID `<row-id@domain>`. */
  receivedRowIds(): Map<string, number> {
    const byRow = new Map<string, number>()
    for (const [messageId, count] of this.accepted) {
      const id = messageId.split('@')[0]
      byRow.set(id, (byRow.get(id) ?? 0) + count)
    }
    return byRow
  }
}
