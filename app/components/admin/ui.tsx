import type { ReactNode } from 'react'
import { NavLink } from 'react-router'
import type { MessageKey } from '~/locales'
import { localePath, useLocale, useT } from '~/utils/i18n'

export function PageTitle({ children, id = 'page-title' }: { children: ReactNode; id?: string }) {
  return (
    <h1 id={id} className="text-2xl font-bold text-slate-900">
      {children}
    </h1>
  )
}

export function EventTabs({ eventId }: { eventId: string }) {
  const t = useT()
  const locale = useLocale()
  const tabs: { to: string; label: MessageKey; end?: boolean }[] = [
    { to: '', label: 'admin.events.tabs.details', end: true },
    { to: '/programme', label: 'admin.events.tabs.programme' },
    { to: '/tickets', label: 'admin.events.tabs.tickets' },
    { to: '/attendees', label: 'admin.events.tabs.attendees' },
    { to: '/waitlist', label: 'admin.events.tabs.waitlist' },
    { to: '/b2b', label: 'b2b.admin.tab' },
    { to: '/checkin', label: 'admin.events.tabs.checkin' },
    { to: '/messages', label: 'admin.messages.tab' },
    { to: '/cancel', label: 'admin.events.cancel.tab' },
  ]
  return (
    <nav aria-label={t('admin.events.tabs.label')} className="mt-4 border-b border-slate-300">
      <ul className="flex flex-wrap gap-1">
        {tabs.map((tab) => (
          <li key={tab.to}>
            <NavLink
              to={localePath(locale, `/admin/events/${eventId}${tab.to}`)}
              end={tab.end}
              className={({ isActive }) =>
                `block rounded-t px-3 py-2 text-sm font-medium ${isActive ? 'bg-brand-700 text-white' : 'text-slate-800 hover:bg-slate-100'}`
              }
            >
              {t(tab.label)}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  )
}
