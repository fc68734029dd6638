import type { JobHandlers } from '~/jobs/contracts'
import { pollImapMailbox } from './imap.server'
import { processInboundMessage } from './process.server'
import { sendRsvpDigests } from './digest.server'

/** Background jobs of the inbound room: read stored replies, poll the IMAP mailbox, the daily digest. */
export const inboundJobHandlers: JobHandlers<'inbound.process' | 'inbound.poll-imap' | 'inbound.rsvp-digest'> = {
  'inbound.process': { handler: async ({ inboundMessageId }) => processInboundMessage(inboundMessageId), pollingIntervalSeconds: 1 },
  // Listens with IDLE for most of the minute until the next cron run takes over.
  'inbound.poll-imap': { handler: async () => pollImapMailbox(undefined, { idleSeconds: 50 }) },
  'inbound.rsvp-digest': { handler: async () => sendRsvpDigests() },
}
