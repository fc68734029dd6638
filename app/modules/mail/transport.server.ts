import nodemailer, { type SendMailOptions, type Transporter } from 'nodemailer'
import { getDb } from '#db/client'
import { devMailbox } from '#db/schema/index'
import { getEnv } from '~/utils/env.server'

/** What the one mail function hands to a transport; `meta` goes to the dev mailbox's list. */
export type OutgoingMail = SendMailOptions & { meta?: { locale?: string; template?: string } }

export type MailTransport = {
  kind: 'smtp' | 'dev-mailbox'
  send: (mail: OutgoingMail) => Promise<{ messageId: string; response?: string }>
  close: () => void
}

/** Unfolds and reads the header block of a raw RFC 822 message (for the dev mailbox list). */
export function parseHeaders(raw: string): Record<string, string> {
  const end = raw.search(/\r?\n\r?\n/)
  const block = (end >= 0 ? raw.slice(0, end) : raw).replace(/\r?\n[ \t]+/g, ' ')
  const headers: Record<string, string> = {}
  for (const line of block.split(/\r?\n/)) {
    const colon = line.indexOf(':')
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] ??= line.slice(colon + 1).trim()
  }
  return headers
}

/** Decodes RFC 2047 encoded words (=?UTF-8?B?…?= / =?UTF-8?Q?…?=) of a header value. */
export function decodeHeader(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?([^?]+)\?([bBqQ])\?([^?]*)\?=/g, (_m, _charset: string, encoding: string, text: string) => {
      if (encoding.toUpperCase() === 'B') return Buffer.from(text, 'base64').toString('utf8')
      const bytes = text.replace(/_/g, ' ').replace(/=([0-9A-Fa-f]{2})/g, (_x, hex: string) => String.fromCharCode(parseInt(hex, 16)))
      return Buffer.from(bytes, 'latin1').toString('utf8')
    })
}

function smtpTransport(url: string): MailTransport {
  const transporter: Transporter = nodemailer.createTransport(url.includes('pool=') ? url : { url, pool: true, maxConnections: 5 } as never)
  return {
    kind: 'smtp',
    async send(mail) {
      const { meta: _meta, ...options } = mail
      const info = await transporter.sendMail(options)
      return { messageId: info.messageId, response: info.response }
    },
    close: () => transporter.close(),
  }
}

/** Without SMTP (never in production): the raw message is built by nodemailer and stored in the database. */
function devMailboxTransport(): MailTransport {
  const composer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' })
  return {
    kind: 'dev-mailbox',
    async send(mail) {
      const { meta, ...options } = mail
      const info = await composer.sendMail(options)
      const raw = (info.message as Buffer).toString('utf8')
      const headers = parseHeaders(raw)
      await getDb()
        .insert(devMailbox)
        .values({
          messageId: headers['message-id'] ?? info.messageId,
          fromAddress: decodeHeader(headers.from ?? ''),
          toAddresses: decodeHeader(headers.to ?? ''),
          subject: decodeHeader(headers.subject ?? ''),
          locale: meta?.locale ?? headers['content-language'] ?? null,
          template: meta?.template ?? headers['x-passerelle-template'] ?? null,
          raw,
        })
      return { messageId: info.messageId, response: 'stored in the dev mailbox' }
    },
    close: () => composer.close(),
  }
}

const holder = globalThis as unknown as { __passerelleMailTransport?: MailTransport }

/** The process's transport: SMTP when SMTP_URL is set, else the dev mailbox (refused in production). */
export function getMailTransport(): MailTransport {
  if (!holder.__passerelleMailTransport) {
    const env = getEnv()
    if (env.SMTP_URL) holder.__passerelleMailTransport = smtpTransport(env.SMTP_URL)
    else if (env.NODE_ENV === 'production') throw new Error('SMTP_URL is required in production')
    else holder.__passerelleMailTransport = devMailboxTransport()
  }
  return holder.__passerelleMailTransport
}

/** Replaces the transport (tests, benchmarks); `undefined` goes back to the configured one. */
export function setMailTransport(transport: MailTransport | undefined) {
  holder.__passerelleMailTransport?.close()
  holder.__passerelleMailTransport = transport
}

/** A transport to an explicit SMTP URL (tests and benchmarks point it at a local smtp-server). */
export function createSmtpTransport(url: string): MailTransport {
  return smtpTransport(url)
}
