import type { LoaderFunctionArgs } from 'react-router'
import { z } from 'zod'
import { getDb } from '#db/client'
import { authorize } from '~/modules/auth/guard.server'
import { subjectAccessPdf } from '~/modules/privacy/subject-access-pdf.server'
import { requestLocale } from '~/utils/http.server'
import { translate } from '~/locales'

/** Everything held about one address, as a readable PDF (organisers only; logged as a disclosure). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await authorize(request, '$lang.admin.privacy.access[.pdf]', 'loader')
  const locale = requestLocale(request, params)
  const email = z.string().trim().toLowerCase().regex(z.regexes.email).max(320).safeParse(new URL(request.url).searchParams.get('email'))
  if (!email.success) return new Response(translate(locale, 'refusals.privacyInvalidEmail'), { status: 400, headers: { 'content-type': 'text/plain; charset=utf-8' } })
  const pdf = await subjectAccessPdf(getDb(), { organisationId: user.organisationId, email: email.data, actor: { userId: user.id }, locale })
  return new Response(new Uint8Array(pdf), {
    headers: {
      'content-type': 'application/pdf',
      'content-disposition': `attachment; filename="subject-access-${new Date().toISOString().slice(0, 10)}.pdf"`,
      'cache-control': 'no-store',
    },
  })
}
