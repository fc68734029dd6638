import { isRouteErrorResponse, Link, Outlet, useRouteError, type LoaderFunctionArgs } from 'react-router'
import { resolveManagementToken } from '~/modules/registration/management-link.server'
import { getDb } from '#db/client'
import { localePath, useLocale, useT } from '~/utils/i18n'
import { ErrorPage } from '~/components/error-page'
import { requireLocale, notFound } from '~/utils/http.server'
import type { CatalogueSection } from '~/locales'

/** Catalogue sections the browser loads for this page (locales/sections.ts). */
export const handle = { catalogue: ['b2b', 'delegations', 'privacy', 'registration'] } satisfies { catalogue: CatalogueSection[] }

/**
 * Layout of everything a private management link opens (`/manage/<token>`, `/manage/<token>/pay`, …):
 * a wrong or expired token is a clear 404 for all of them.
 */
export async function loader({ params }: LoaderFunctionArgs) {
  requireLocale(params)
  if (!params.token) notFound()
  const registrationId = await resolveManagementToken(getDb(), params.token)
  if (!registrationId) notFound()
  return null
}

export default function ManageLayout() {
  return <Outlet />
}

export function ErrorBoundary() {
  const error = useRouteError()
  const t = useT()
  const locale = useLocale()
  if (isRouteErrorResponse(error) && error.status === 404)
    return (
      <div className="mx-auto max-w-2xl px-4 py-16">
        <p className="text-sm font-semibold text-brand-700">404</p>
        <h1 className="mt-2 text-3xl font-bold">{t('registration.manage.notFoundTitle')}</h1>
        <p className="mt-4 text-lg text-slate-700">{t('registration.manage.notFoundBody')}</p>
        <p className="mt-8">
          <Link to={localePath(locale)} className="font-semibold text-brand-700 underline underline-offset-4">
            {t('errors.notFound.back')}
          </Link>
        </p>
      </div>
    )
  return <ErrorPage status={isRouteErrorResponse(error) ? error.status : 500} />
}
