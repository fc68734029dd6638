import { NavLink, Outlet, useLoaderData, type LoaderFunctionArgs } from 'react-router'
import { isAllowed, type AdminRouteId } from '~/modules/auth/access'
import { authorize } from '~/modules/auth/guard.server'
import type { MessageKey, CatalogueSection } from '~/locales'
import { localePath, useLocale, useT } from '~/utils/i18n'

/** Catalogue sections the browser loads for this page (locales/sections.ts). */
export const handle = { catalogue: ['admin', 'b2b', 'delegations', 'inbound', 'privacy', 'registration'] } satisfies { catalogue: CatalogueSection[] }

const NAV: { route: AdminRouteId; path: string; label: MessageKey; end?: boolean }[] = [
  { route: '$lang.admin._index', path: '/admin', label: 'admin.nav.dashboard', end: true },
  { route: '$lang.admin.events._index', path: '/admin/events', label: 'admin.nav.events' },
  { route: '$lang.admin.attendees', path: '/admin/attendees', label: 'admin.nav.attendees' },
  { route: '$lang.admin.partners', path: '/admin/partners', label: 'admin.nav.partners' },
  { route: '$lang.admin.funders._index', path: '/admin/funders', label: 'admin.nav.funders' },
  { route: '$lang.admin.delegations._index', path: '/admin/delegations', label: 'delegations.nav' },
  { route: '$lang.admin.import', path: '/admin/import', label: 'admin.nav.import' },
  { route: '$lang.admin.users', path: '/admin/users', label: 'admin.nav.users' },
  { route: '$lang.admin.settings', path: '/admin/settings', label: 'admin.nav.settings' },
  { route: '$lang.admin.mail', path: '/admin/mail', label: 'admin.nav.mail' },
  { route: '$lang.admin.inbound', path: '/admin/inbound', label: 'inbound.review.title' },
  { route: '$lang.admin.privacy', path: '/admin/privacy', label: 'privacy.nav' },
]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await authorize(request, '$lang.admin', 'loader')
  return {
    user: { name: user.name, email: user.email, roles: user.roles },
    nav: NAV.filter((item) => isAllowed(item.route, 'loader', user.roles)).map(({ path, label, end }) => ({ path, label, end })),
  }
}

/** The back-office shell: every page below checks its own role on the server too. */
export default function AdminLayout() {
  const { user, nav } = useLoaderData<typeof loader>()
  const t = useT()
  const locale = useLocale()
  return (
    <div className="mx-auto flex max-w-screen-2xl flex-col gap-6 px-4 py-6 lg:flex-row">
      <nav aria-label={t('admin.nav.label')} className="lg:w-48 lg:shrink-0">
        <p className="mb-3 text-sm text-slate-700">{t('admin.signedInAs', { name: user.name })}</p>
        <ul className="flex flex-row flex-wrap gap-1 lg:flex-col">
          {nav.map((item) => (
            <li key={item.path}>
              <NavLink
                to={localePath(locale, item.path)}
                end={item.end}
                className={({ isActive }) =>
                  `block rounded px-3 py-2 text-sm font-medium ${isActive ? 'bg-brand-700 text-white' : 'text-slate-800 hover:bg-slate-100'}`
                }
              >
                {t(item.label)}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <div className="min-w-0 flex-1">
        <Outlet />
      </div>
    </div>
  )
}
