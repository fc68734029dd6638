import type { LoaderFunctionArgs } from 'react-router'
import { authorize } from '~/modules/auth/guard.server'
import { templateCsv } from '~/modules/imports/import-schemas'
import { requestLocale } from '~/utils/http.server'

/** The CSV template of each import kind, with the headers in the reader's language. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await authorize(request, '$lang.admin.import.template', 'loader')
  const kind = new URL(request.url).searchParams.get('kind') === 'contacts' ? 'contacts' : 'companies'
  const locale = requestLocale(request, params)
  const name = `${kind === 'companies' ? (locale === 'fr' ? 'entreprises' : 'companies') : 'contacts'}-${locale}.csv`
  return new Response(templateCsv(kind, locale), {
    headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${name}"`, 'cache-control': 'no-store' },
  })
}
