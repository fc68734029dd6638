import type { LoaderFunctionArgs } from '@remix-run/node'
import { NavLink, Outlet, useLoaderData } from '@remix-run/react'
import { requireUserWithRole } from '~/modules/auth/session.server'
import { STAFF_ROLES } from '~/modules/auth/roles'
import { localePath, useLocale, useT } from '~/utils/i18n'

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUserWithRole(request, STAFF_ROLES)
  return { user: { name: user.name, email: user.email, roles: user.roles } }
}

/** The back-office shell: every page below checks its own role on the server too. */
export default function AdminLayout() {
  const { user } = useLoaderData<typeof loader>()
  const t = useT()
  const locale = useLocale()
  return (
    <div className="mx-auto flex max-w-7xl flex-col gap-6 px-4 py-6 md:flex-row">
      <nav aria-label={t('admin.nav.label')} className="md:w-56 md:shrink-0">
        <p className="mb-3 text-sm text-slate-700">{t('admin.signedInAs', { name: user.name })}</p>
        <ul className="flex flex-row flex-wrap gap-1 md:flex-col">
          <li>
            <NavLink
              to={localePath(locale, '/admin')}
              end
              className={({ isActive }) =>
                `block rounded px-3 py-2 text-sm font-medium ${isActive ? 'bg-brand-700 text-white' : 'text-slate-800 hover:bg-slate-100'}`
              }
            >
              {t('admin.nav.dashboard')}
            </NavLink>
          </li>
        </ul>
      </nav>
      <div className="min-w-0 flex-1">
        <Outlet />
      </div>
    </div>
  )
}
