import { Form, Link, NavLink, useLocation } from 'react-router'
import type { ReactNode } from 'react'
import { useAlternatePath, useLocale, useT, localePath } from '~/utils/i18n'

type SiteUser = { name: string; roles: string[] } | null

/** Header with landmarks, skip link and language switch; main; footer. */
export function SiteLayout({ children, user }: { children: ReactNode; user: SiteUser }) {
  const t = useT()
  const locale = useLocale()
  const other = locale === 'fr' ? 'en' : 'fr'
  // The same page in the other language, query included (filters survive the switch).
  const alternate = `${useAlternatePath(other)}${useLocation().search}`
  const navClass = ({ isActive }: { isActive: boolean }) =>
    `block rounded px-2 py-1.5 text-sm font-semibold ${isActive ? 'bg-brand-50 text-brand-800 underline decoration-2 underline-offset-4' : 'text-slate-800 hover:bg-slate-100 hover:text-brand-800'}`
  return (
    <div className="flex min-h-screen flex-col">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2 focus:font-semibold focus:text-brand-800 focus:shadow-lg"
      >
        {t('common.skipToContent')}
      </a>
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-x-6 gap-y-2 px-4 py-3">
          <Link to={localePath(locale)} className="flex items-center gap-3 rounded text-brand-800" aria-label={t('common.logoAlt')}>
            <img src="/logo.svg" alt="" width={40} height={40} className="h-10 w-10" />
            <span className="flex flex-col leading-tight">
              <span className="text-xl font-extrabold tracking-tight">{t('common.orgShort')}</span>
              <span className="hidden text-xs font-medium text-slate-700 sm:inline">{t('common.orgName')}</span>
            </span>
          </Link>
          <nav aria-label={t('common.nav.label')}>
            <ul className="flex flex-wrap items-center gap-1">
              <li>
                <NavLink to={localePath(locale)} end className={navClass}>
                  {t('common.nav.home')}
                </NavLink>
              </li>
              <li>
                <NavLink to={localePath(locale, '/events')} className={navClass}>
                  {t('common.nav.events')}
                </NavLink>
              </li>
              <li>
                <NavLink to={localePath(locale, '/about')} className={navClass}>
                  {t('common.nav.about')}
                </NavLink>
              </li>
              <li>
                {user ? (
                  <NavLink to={localePath(locale, '/admin')} className={navClass}>
                    {t('common.nav.backOffice')}
                  </NavLink>
                ) : (
                  <NavLink to={localePath(locale, '/sign-in')} className={navClass}>
                    {t('common.nav.signIn')}
                  </NavLink>
                )}
              </li>
              {user ? (
                <li>
                  <Form method="post" action={localePath(locale, '/sign-out')}>
                    <button type="submit" className="rounded px-2 py-1.5 text-sm font-semibold text-slate-800 hover:bg-slate-100 hover:text-brand-800">
                      {t('common.nav.signOut')}
                    </button>
                  </Form>
                </li>
              ) : null}
              <li>
                <a
                  href={alternate}
                  hrefLang={other}
                  lang={other}
                  aria-label={t('common.language.switchToLabel')}
                  className="ml-1 block rounded border border-slate-400 px-2 py-1 text-sm font-semibold text-brand-800 hover:bg-brand-50"
                >
                  {t('common.language.switchTo')}
                </a>
              </li>
            </ul>
          </nav>
        </div>
      </header>
      <main id="main" tabIndex={-1} className="flex-1 focus:outline-none">
        {children}
      </main>
      <footer className="border-t border-slate-200 bg-slate-50" aria-label={t('common.footer.label')}>
        <div className="mx-auto grid max-w-6xl gap-8 px-4 py-10 text-sm text-slate-700 md:grid-cols-[2fr_1fr_1fr]">
          <div>
            <p className="font-bold text-slate-900">{t('common.orgName')}</p>
            <p className="mt-2">{t('common.footer.tagline')}</p>
            <p className="mt-4 font-semibold text-slate-900">{t('common.footer.supportedBy')}</p>
            <p className="mt-1">{t('common.footer.supporters')}</p>
          </div>
          <nav aria-label={t('common.footer.explore')}>
            <p className="font-semibold text-slate-900">{t('common.footer.explore')}</p>
            <ul className="mt-2 space-y-1">
              <li>
                <Link to={localePath(locale, '/events')} className="hover:text-brand-800 hover:underline">
                  {t('common.nav.events')}
                </Link>
              </li>
              <li>
                <Link to={localePath(locale, '/events?when=past')} className="hover:text-brand-800 hover:underline">
                  {t('events.list.past')}
                </Link>
              </li>
              <li>
                <Link to={localePath(locale, '/about')} className="hover:text-brand-800 hover:underline">
                  {t('common.nav.about')}
                </Link>
              </li>
            </ul>
          </nav>
          <div>
            <p className="font-semibold text-slate-900">{t('common.footer.contact')}</p>
            <address className="mt-2 not-italic">{t('common.footer.address')}</address>
          </div>
        </div>
        <div className="border-t border-slate-200">
          <p className="mx-auto max-w-6xl px-4 py-4 text-xs text-slate-700">{t('common.footer.rights', { year: new Date().getFullYear() })}</p>
        </div>
      </footer>
    </div>
  )
}
