import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from 'react-router'
import { signOut } from '~/modules/auth/sign-in.server'
import { requestLocale } from '~/utils/http.server'

/** Signing out changes state, so only a POST does it; a GET just goes home. */
export function loader({ request, params }: LoaderFunctionArgs) {
  return redirect(`/${requestLocale(request, params)}`)
}

export async function action({ request, params }: ActionFunctionArgs) {
  const setCookie = await signOut(request)
  return redirect(`/${requestLocale(request, params)}`, { headers: { 'Set-Cookie': setCookie } })
}
