import { z } from 'zod'
import { getDevMessage, requireDevMailbox } from '~/modules/mail/dev-mailbox.server'
import { notFound } from '~/utils/http.server'
import { Refusal } from '~/utils/refusal'
import { buildReplyToInvitation, REPLY_CLIENTS } from './client-replies.server'
import { storeInboundMessage } from './intake.server'

export const devReplySchema = z.object({
  client: z.enum(REPLY_CLIENTS),
  answer: z.enum(['accepted', 'tentative', 'declined']),
})

/**
 * The dev mailbox's "reply as…": the invitation in a dev-mailbox message answered the way a
 * given client would, then handed to the same intake as the IMAP, pipe and webhook adapters
 * (stored raw, processed by its job). Development only.
 */
export async function replyFromDevMailbox(devMessageId: string, input: unknown) {
  requireDevMailbox()
  const message = await getDevMessage(devMessageId)
  if (!message) notFound()
  if (!message.calendar || !/^METHOD:REQUEST\r?$/m.test(message.calendar)) throw new Refusal('invalidInput')
  const parsed = devReplySchema.safeParse(input)
  if (!parsed.success) throw new Refusal('invalidInput')
  const raw = await buildReplyToInvitation(message.calendar, {
    client: parsed.data.client,
    answer: parsed.data.answer,
    locale: message.language === 'en' ? 'en' : 'fr',
  })
  if (!raw) throw new Refusal('invalidInput')
  return storeInboundMessage(raw, 'dev')
}
