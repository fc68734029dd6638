import { listDevMessages, requireDevMailbox } from '~/modules/mail/dev-mailbox.server'

/** GET /dev/mail/messages.json — the dev mailbox list (id, subject, from, to, date, language, template). */
export async function loader() {
  requireDevMailbox()
  return Response.json({ messages: await listDevMessages() }, { headers: { 'Cache-Control': 'no-store' } })
}
