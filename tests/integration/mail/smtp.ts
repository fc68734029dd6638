/** A real SMTP server (smtp-server) in the test process; it keeps every raw message it accepts. */
import type { AddressInfo } from 'node:net'
import { SMTPServer } from 'smtp-server'
import { simpleParser, type ParsedMail } from 'mailparser'

/** `at`: `performance.now()` when the message was accepted. */
export type Received = { raw: string; to: string[]; messageId: string | null; at: number }

export class TestSmtp {
  received: Received[] = []
  private server: SMTPServer | undefined
  port = 0
  /** Messages whose data has fully arrived (accepted or still waiting for `delayMs`). */
  arrived = 0
  /** Delay before accepting each message (to catch a worker mid-batch). */
  delayMs = 0

  async start(port = 0) {
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      closeTimeout: 50,
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = []
        stream.on('data', (c: Buffer) => chunks.push(c))
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8')
          const messageId = /^Message-ID:\s*(<[^>]+>)/im.exec(raw)?.[1] ?? null
          this.arrived++
          setTimeout(() => {
            this.received.push({ raw, to: session.envelope.rcptTo.map((r) => r.address), messageId, at: performance.now() })
            callback()
          }, this.delayMs)
        })
      },
    })
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(port, '127.0.0.1', () => resolve())
    })
    this.server = server
    this.port = (server.server.address() as AddressInfo).port
    return this
  }

  get url() {
    return `smtp://127.0.0.1:${this.port}`
  }

  async stop() {
    const server = this.server
    this.server = undefined
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()))
  }

  to(address: string) {
    return this.received.filter((r) => r.to.includes(address))
  }

  async parsed(address: string): Promise<ParsedMail[]> {
    return Promise.all(this.to(address).map((r) => simpleParser(r.raw)))
  }
}

