import type { LoaderFunctionArgs } from 'react-router'
import { getDb } from '#db/client'
import { paramLocale, translate } from '~/locales'
import { authorize } from '~/modules/auth/guard.server'
import { loadVisibleEvent } from '~/modules/auth/viewer.server'
import { eventFunderNames } from '~/modules/funders/pack.server'
import { sessionSheetPdf } from '~/modules/funders/signature-evidence.server'
import { recordDisclosure } from '~/modules/privacy/disclosures.server'
import { notFound } from '~/utils/http.server'
import { isRefusal } from '~/utils/refusal'

/** One session's signed attendance sheet (`?session=`), the same PDF as in the funders' pack. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await authorize(request, '$lang.admin.events.$eventId.signatures[.pdf]', 'loader')
  const locale = paramLocale(params)
  const db = getDb()
  const event = await loadVisibleEvent(db, user, params.eventId ?? '')
  if (!event) notFound()
  try {
    const sheet = await sessionSheetPdf(db, event.id, new URL(request.url).searchParams.get('session') ?? '', await eventFunderNames(db, event.id), locale)
    await recordDisclosure(db, { organisationId: user.organisationId, userId: user.id, eventId: event.id, channel: 'signatures.pdf', fields: ['lastName', 'firstName', 'company', 'signature', 'signedAt'], rowCount: sheet.rows })
    return new Response(new Uint8Array(sheet.pdf), {
      headers: { 'content-type': 'application/pdf', 'content-disposition': `attachment; filename="${sheet.fileName}"`, 'cache-control': 'no-store' },
    })
  } catch (error) {
    if (!isRefusal(error)) throw error
    return new Response(translate(locale, error.messageKey, error.vars), { status: error.status, headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' } })
  }
}
