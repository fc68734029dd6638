import { afterAll, beforeAll } from 'vitest'
import { createSmtpTransport, setMailTransport } from '~/modules/mail/transport.server'
import { TestSmtp } from './smtp'

// Apart from smtp.ts, which the bench imports outside vitest.

/** A real SMTP server for this test file, with the app's mail transport pointed at it for the file's duration. */
export function smtpForThisFile(): TestSmtp {
  const smtp = new TestSmtp()
  beforeAll(async () => {
    await smtp.start()
    setMailTransport(createSmtpTransport(smtp.url))
  })
  afterAll(async () => {
    setMailTransport(undefined)
    await smtp.stop()
  })
  return smtp
}
