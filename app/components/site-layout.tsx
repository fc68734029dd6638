import { Form, Link, NavLink } from '@remix-run/react'
import type { ReactNode } from 'react'
import { useAlternatePath, useLocale, useT, localePath } from '~/utils/i18n'

type SiteUser = { name: string; roles: string[] } | null

/** Header with landmarks, skip link and language switch; main; footer. */
export function SiteLayout({ children, user }: { children: ReactNode; user: SiteUser }) {
  const t = useT()
  const locale = useLocale()
  const other = locale === 'fr' ? 'en' : 'fr'
  const alternate = useAlternatePath(other)
  const navClass = ({ isActive }: { isActive: boolean }) =>
    `rounded px-2 py-1 text-sm font-medium ${isActive ? 'bg-brand-50 text-brand-800 underline underline-offset-4' : 'text-slate-800 hover:text-brand-700'}`
  return (
    <div className="flex min-h-screen flex-col">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2"
      >
        {t('common.skipToContent')}
      </a>
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-3 px-4 py-3">
          <Link to={localePath(locale)} className="flex items-baseline gap-2 text-brand-800">
            <span className="text-xl font-bold">{t('common.orgShort')}</span>
            <span className="hidden text-sm text-slate-700 sm:inline">{t('common.orgName')}</span>
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
                    <button type="submit" className="rounded px-2 py-1 text-sm font-medium text-slate-800 hover:text-brand-700">
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
                  className="rounded border border-slate-300 px-2 py-1 text-sm font-semibold text-brand-800 hover:bg-brand-50"
                >
                  {t('common.language.switchTo')}
                </a>
              </li>
            </ul>
          </nav>
        </div>
      </header>
      <main id="main" className="flex-1">
        {children}
      </main>
      <footer className="border-t border-slate-200 bg-slate-50" aria-label={t('common.footer.label')}>
        <div className="mx-auto max-w-6xl px-4 py-8 text-sm text-slate-700">
          <p>{t('common.footer.tagline')}</p>
          <p className="mt-2">{t('common.footer.rights', { year: new Date().getFullYear() })}</p>
        </div>
      </footer>
    </div>
  )
}
