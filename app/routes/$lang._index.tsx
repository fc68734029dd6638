import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { translate, isLocale } from '~/locales'
import { useT } from '~/utils/i18n'

export const meta: MetaFunction = ({ params }) => [
  { title: translate(isLocale(params.lang) ? params.lang : 'fr', 'common.orgName') },
]

export function loader(_: LoaderFunctionArgs) {
  return { ok: true }
}

export default function Home() {
  const t = useT()
  useLoaderData<typeof loader>()
  return (
    <div className="mx-auto max-w-6xl px-4 py-12">
      <h1 className="text-3xl font-bold">{t('common.orgName')}</h1>
      <p className="mt-4 text-lg">{t('common.footer.tagline')}</p>
    </div>
  )
}
