import type { LoaderFunctionArgs } from 'react-router'
import { getDb } from '#db/client'
import { paramLocale, translator } from '~/locales'
import { authorize } from '~/modules/auth/guard.server'
import { loadDelegationEvent } from '~/modules/delegations/identity.server'
import { roomingExportRows } from '~/modules/delegations/hotel.server'
import { xlsxStream } from '~/modules/exports/stream.server'
import { recordDisclosure } from '~/modules/privacy/disclosures.server'
import { orRespond } from '~/utils/forms.server'

/** The block's rooming list in the hotel's layout, with the changes since the last list sent (formula-safe). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await authorize(request, '$lang.admin.delegations.$eventId.rooming.$blockId[.xlsx]', 'loader')
  const db = getDb()
  const event = await orRespond(loadDelegationEvent(db, user, params.eventId ?? ''))
  const t = translator(paramLocale(params))
  const header = (['guest', 'arrival', 'departure', 'roomType', 'room', 'sharingWith', 'specialRequests', 'billing', 'change'] as const).map((k) => t(`delegations.rooming.header.${k}`))
  // Read before answering: an unknown block is a 404, not a broken download.
  const rows: string[][][] = []
  await orRespond(
    (async () => {
      for await (const batch of roomingExportRows(db, event.id, params.blockId ?? '', header, (c) => t(`delegations.rooming.change.${c}`))) rows.push(batch)
    })(),
  )
  // Guests' names and special requests leave for the hotel: logged as a disclosure.
  await recordDisclosure(db, { organisationId: user.organisationId, userId: user.id, eventId: event.id, channel: 'delegations.rooming.xlsx', fields: ['guest', 'arrival', 'departure', 'roomType', 'room', 'sharingWith', 'specialRequests', 'billing'], rowCount: rows.reduce((n, b) => n + b.length, 0) })
  const body = (async function* () {
    yield* rows
  })()
  return new Response(xlsxStream(body, 'Rooming list'), {
    headers: {
      'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'content-disposition': 'attachment; filename="rooming-list.xlsx"',
      'cache-control': 'no-store',
    },
  })
}
