import { redirect, type LoaderFunctionArgs } from 'react-router'
import { companySignInCookie, isSafeNext, redeemCompanySignInLink } from '~/modules/companies/company-sign-in.server'
import { notFound, requireLocale } from '~/utils/http.server'
import { localePath } from '~/utils/i18n'

/** Opening the emailed link (once): a fresh token in an httpOnly cookie (until the link's expiry), then back to the form. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const locale = requireLocale(params)
  if (!params.token) notFound()
  const cookieToken = await redeemCompanySignInLink(params.token)
  if (!cookieToken) return redirect(localePath(locale, '/companies/sign-in?invalid=1'))
  const next = new URL(request.url).searchParams.get('next')
  return redirect(next && isSafeNext(next) ? next : localePath(locale, '/events'), {
    headers: { 'Set-Cookie': await companySignInCookie.serialize(cookieToken) },
  })
}
