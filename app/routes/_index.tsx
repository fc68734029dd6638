import { redirect, type LoaderFunctionArgs } from 'react-router'
import { localeFromAcceptLanguage } from '~/locales'

/** A first visit to `/` picks French or English from Accept-Language. */
export function loader({ request }: LoaderFunctionArgs) {
  const locale = localeFromAcceptLanguage(request.headers.get('accept-language'))
  return redirect(`/${locale}`, { headers: { Vary: 'Accept-Language' } })
}
