import { Outlet, useRouteLoaderData, type LoaderFunctionArgs } from 'react-router'
import { SiteLayout } from '~/components/site-layout'
import { requireLocale } from '~/utils/http.server'
import type { loader as rootLoader } from '~/root'

export function loader({ params }: LoaderFunctionArgs) {
  requireLocale(params)
  return null
}

export default function LocaleLayout() {
  const root = useRouteLoaderData<typeof rootLoader>('root')
  return (
    <SiteLayout user={root?.user ?? null}>
      <Outlet />
    </SiteLayout>
  )
}
