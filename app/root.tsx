import { Links, Meta, Outlet, Scripts, ScrollRestoration, isRouteErrorResponse, useRouteError, useRouteLoaderData, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from 'react-router'
import { useEffect, type ReactNode } from 'react'
import { ErrorPage } from '~/components/error-page'
import { SiteLayout } from '~/components/site-layout'
import { getOptionalUser } from '~/modules/auth/session.server'
import { useCatalogueSectionNames, useCatalogueSections, useLocale } from '~/utils/i18n'
import { isLocale, translate } from '~/locales'
import { requestLocale } from '~/utils/http.server'
import styles from '~/styles/app.css?url'

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: styles },
  { rel: 'icon', href: '/favicon.svg', type: 'image/svg+xml' },
]

/** Only used when an error page replaces the route's own: its title in the reader's language. */
export const meta: MetaFunction = ({ error, params, location }) => {
  if (!error) return []
  const first = location.pathname.split('/')[1]
  const locale = isLocale(params.lang) ? params.lang : isLocale(first) ? first : 'fr'
  const status = isRouteErrorResponse(error) ? error.status : (serverRenderedStatus() ?? 500)
  const kind = status === 404 ? 'notFound' : status === 403 ? 'forbidden' : status >= 400 && status < 500 ? 'badRequest' : 'server'
  return [{ title: `${translate(locale, `errors.${kind}.title`)} — ${translate(locale, 'common.orgShort')}` }]
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const locale = requestLocale(request, params)
  const user = await getOptionalUser(request)
  return { locale, user: user ? { name: user.name, roles: user.roles } : null }
}

export function Layout({ children }: { children: ReactNode }) {
  const locale = useLocale()
  // The catalogue sections this page's routes read: entry.client loads them before hydrating.
  const sections = useCatalogueSectionNames()
  useCatalogueSections(locale, sections)
  // Set once React has taken the page over (its forms then check in the browser): the end-to-end
  // journeys wait for it before they rely on that, instead of racing the scripts' download.
  useEffect(() => {
    document.documentElement.dataset.hydrated = ''
  }, [])
  return (
    <html lang={locale} data-catalogue={sections.join(' ') || undefined} className="h-full">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light" />
        <Meta />
        <Links />
      </head>
      <body className="min-h-full bg-white font-sans text-slate-900 antialiased">
        {children}
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  )
}

export default function App() {
  return <Outlet />
}

export function ErrorBoundary() {
  const error = useRouteError()
  const root = useRouteLoaderData<typeof loader>('root')
  const status = isRouteErrorResponse(error) ? error.status : (serverRenderedStatus() ?? 500)
  // Only while developing: a short hint. Production shows the catalogue text alone (React Router also
  // replaces server error messages there), never a message or a stack trace.
  const detail = import.meta.env.DEV && error instanceof Error ? error.message : undefined
  return (
    <SiteLayout user={root?.user ?? null}>
      <ErrorPage status={status} detail={detail} />
    </SiteLayout>
  )
}

/**
 * The server answers a database outage with a 503 page and a broken form body with a 400 page
 * (entry.server.tsx), but the errors it hands to the browser were serialized before that, as a
 * generic server error: while hydrating that page, keep the status the server rendered.
 */
function serverRenderedStatus(): number | undefined {
  if (typeof document === 'undefined') return undefined
  const rendered = Number(document.querySelector('[data-error-status]')?.getAttribute('data-error-status'))
  return rendered === 503 || rendered === 400 ? rendered : undefined
}
