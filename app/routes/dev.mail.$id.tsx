import { redirect, type LoaderFunctionArgs } from 'react-router'
import { getDevMessageRaw, requireDevMailbox } from '~/modules/mail/dev-mailbox.server'
import { notFound } from '~/utils/http.server'

/** GET /dev/mail/<id>.eml — the raw RFC 822 source (message/rfc822); /dev/mail/<id> goes to the page. */
export async function loader({ params }: LoaderFunctionArgs) {
  requireDevMailbox()
  const id = params.id ?? ''
  if (!id.endsWith('.eml')) throw redirect(`/dev/mail/view/${encodeURIComponent(id)}`)
  const row = await getDevMessageRaw(id.slice(0, -4))
  if (!row) notFound()
  return new Response(row.raw, {
    headers: {
      'Content-Type': 'message/rfc822',
      'Content-Disposition': `inline; filename="${row.id}.eml"`,
      'Cache-Control': 'no-store',
    },
  })
}
