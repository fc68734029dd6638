import type { LoaderFunctionArgs } from 'react-router'
import { z } from 'zod'
import { getDb } from '#db/client'
import { authorize } from '~/modules/auth/guard.server'
import { subjectAccessExport } from '~/modules/privacy/subject-access.server'
import { requestLocale } from '~/utils/http.server'
import { translate } from '~/locales'

/** Everything held about one address, as a JSON download (organisers only; logged as a disclosure). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await authorize(request, '$lang.admin.privacy.access[.json]', 'loader')
  const email = z.string().trim().toLowerCase().regex(z.regexes.email).max(320).safeParse(new URL(request.url).searchParams.get('email'))
  if (!email.success)
    return new Response(translate(requestLocale(request, params), 'refusals.privacyInvalidEmail'), { status: 400, headers: { 'content-type': 'text/plain; charset=utf-8' } })
  const out = await subjectAccessExport(getDb(), { organisationId: user.organisationId, email: email.data, actor: { userId: user.id } })
  return new Response(JSON.stringify(out, null, 2), {
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'content-disposition': `attachment; filename="subject-access-${new Date().toISOString().slice(0, 10)}.json"`,
      'cache-control': 'no-store',
    },
  })
}
