import { NavLink } from 'react-router'
import type { MessageKey } from '~/locales'
import { localePath, useLocale, useT } from '~/utils/i18n'

/** The tabs of a company's B2B pages under its management link. */
export function B2bNav({ token }: { token: string }) {
  const t = useT()
  const locale = useLocale()
  const tabs: { to: string; label: MessageKey; end?: boolean }[] = [
    { to: '', label: 'b2b.nav.profile', end: true },
    { to: '/marketplace', label: 'b2b.nav.marketplace' },
    { to: '/requests', label: 'b2b.nav.requests' },
    { to: '/availability', label: 'b2b.nav.availability' },
    { to: '/agenda', label: 'b2b.nav.agenda' },
  ]
  return (
    <nav aria-label={t('b2b.nav.label')} className="mt-4 border-b border-slate-300">
      <ul className="flex flex-wrap gap-1">
        {tabs.map((tab) => (
          <li key={tab.to}>
            <NavLink
              to={localePath(locale, `/manage/${token}/b2b${tab.to}`)}
              end={tab.end}
              className={({ isActive }) => `block rounded-t px-3 py-2 text-sm font-medium ${isActive ? 'bg-brand-700 text-white' : 'text-slate-800 hover:bg-slate-100'}`}
            >
              {t(tab.label)}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  )
}

