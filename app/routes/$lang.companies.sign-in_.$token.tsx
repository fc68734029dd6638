import { redirect, type LoaderFunctionArgs } from '@remix-run/node'
import { isLocale } from '~/locales'
import { companySignInCookie, isSafeNext, resolveCompanySignIn } from '~/modules/companies/company-sign-in.server'
import { notFound } from '~/utils/http.server'
import { localePath } from '~/utils/i18n'

/** Opening the emailed link: keep the token in an httpOnly cookie (30 min) and go back to the form. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  if (!isLocale(params.lang) || !params.token) notFound()
  const company = await resolveCompanySignIn(params.token)
  if (!company) return redirect(localePath(params.lang, '/companies/sign-in?invalid=1'))
  const next = new URL(request.url).searchParams.get('next')
  return redirect(next && isSafeNext(next) ? next : localePath(params.lang, '/events'), {
    headers: { 'Set-Cookie': await companySignInCookie.serialize(params.token) },
  })
}
