import { redirect, type LoaderFunctionArgs } from 'react-router'
import { companySignInCookie, isSafeNext, resolveCompanySignIn } from '~/modules/companies/company-sign-in.server'
import { notFound, requireLocale } from '~/utils/http.server'
import { localePath } from '~/utils/i18n'

/** Opening the emailed link: keep the token in an httpOnly cookie (30 min) and go back to the form. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const locale = requireLocale(params)
  if (!params.token) notFound()
  const company = await resolveCompanySignIn(params.token)
  if (!company) return redirect(localePath(locale, '/companies/sign-in?invalid=1'))
  const next = new URL(request.url).searchParams.get('next')
  return redirect(next && isSafeNext(next) ? next : localePath(locale, '/events'), {
    headers: { 'Set-Cookie': await companySignInCookie.serialize(params.token) },
  })
}
