import type { LoaderFunctionArgs } from 'react-router'
import { renderAgendaPdf } from '~/modules/b2b/agenda-pdf.server'
import { participantOfToken } from '~/modules/b2b/participants.server'
import { orRespond } from '~/utils/forms.server'
import { notFound, requireLocale } from '~/utils/http.server'

/** The company's agenda as a printable PDF. */
export async function loader({ params }: LoaderFunctionArgs) {
  const locale = requireLocale(params)
  const ctx = await orRespond(participantOfToken(params.token ?? ''))
  if (!ctx) notFound()
  const pdf = await renderAgendaPdf(ctx, locale)
  return new Response(new Uint8Array(pdf), {
    headers: { 'content-type': 'application/pdf', 'content-disposition': `inline; filename="agenda-b2b.pdf"`, 'cache-control': 'private, no-store' },
  })
}
