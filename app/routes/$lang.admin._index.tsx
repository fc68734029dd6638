import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { requireUserWithRole } from '~/modules/auth/session.server'
import { STAFF_ROLES } from '~/modules/auth/roles'
import { isLocale, translate } from '~/locales'
import { useT } from '~/utils/i18n'

export const meta: MetaFunction = ({ params }) => [{ title: translate(isLocale(params.lang) ? params.lang : 'fr', 'admin.title') }]

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUserWithRole(request, STAFF_ROLES)
  return null
}

export default function AdminHome() {
  const t = useT()
  return (
    <section aria-labelledby="admin-title">
      <h1 id="admin-title" className="text-2xl font-bold">
        {t('admin.title')}
      </h1>
      <p className="mt-2 text-slate-700">{t('admin.emptyShell')}</p>
    </section>
  )
}
