import type { LoaderFunctionArgs } from 'react-router'
import { getDb } from '#db/client'
import { resolveManagementToken } from '~/modules/registration/management-link.server'
import { renderMissionSheet } from '~/modules/delegations/mission-sheet.server'
import { notFound, requireLocale } from '~/utils/http.server'

/** The delegates' one-page mission sheet (PDF, readable offline). */
export async function loader({ params }: LoaderFunctionArgs) {
  const locale = requireLocale(params)
  const db = getDb()
  const registrationId = await resolveManagementToken(db, params.token ?? '')
  if (!registrationId) notFound()
  const pdf = await renderMissionSheet(db, registrationId, locale)
  if (!pdf) notFound()
  return new Response(new Uint8Array(pdf), {
    headers: { 'content-type': 'application/pdf', 'content-disposition': 'inline; filename="mission-sheet.pdf"', 'cache-control': 'private, no-store' },
  })
}
