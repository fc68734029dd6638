import type { LoaderFunctionArgs } from 'react-router'
import { paramLocale, translate } from '~/locales'
import { authorize } from '~/modules/auth/guard.server'
import { buildReportPack } from '~/modules/funders/pack.server'
import { isRefusal } from '~/utils/refusal'

/** One funder's report pack for a period, as a ZIP; a period with no mission is a 404 that says so. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await authorize(request, '$lang.admin.funders.pack', 'loader')
  const locale = paramLocale(params)
  const url = new URL(request.url)
  try {
    const pack = await buildReportPack({
      organisationId: user.organisationId,
      funderPartnerId: url.searchParams.get('funder') ?? '',
      from: url.searchParams.get('from') ?? '',
      to: url.searchParams.get('to') ?? '',
      locale,
      userId: user.id,
    })
    return new Response(Buffer.from(pack.zip.buffer, pack.zip.byteOffset, pack.zip.byteLength) as unknown as BodyInit, {
      headers: {
        'content-type': 'application/zip',
        'content-disposition': `attachment; filename="${pack.fileName}"`,
        'cache-control': 'no-store',
        'x-pack-id': pack.packId,
      },
    })
  } catch (error) {
    if (!isRefusal(error)) throw error
    return new Response(translate(locale, error.messageKey, error.vars), { status: error.status, headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' } })
  }
}
