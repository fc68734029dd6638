import { Link, useLoaderData, type LoaderFunctionArgs, type MetaFunction } from 'react-router'
import { listDevMessages, requireDevMailbox } from '~/modules/mail/dev-mailbox.server'
import { translate, type CatalogueSection } from '~/locales'
import { requestLocale } from '~/utils/http.server'
import { useT } from '~/utils/i18n'

/** Catalogue sections the browser loads for this page (locales/sections.ts). */
export const handle = { catalogue: ['mail'] } satisfies { catalogue: CatalogueSection[] }

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: translate(data?.locale ?? 'fr', 'mail.devMailbox.title') },
]

export async function loader({ request }: LoaderFunctionArgs) {
  requireDevMailbox()
  return { messages: await listDevMessages(), locale: requestLocale(request) }
}

export default function DevMailbox() {
  const { messages } = useLoaderData<typeof loader>()
  const t = useT()
  return (
    <main className="mx-auto max-w-6xl px-4 py-8">
      <h1 className="text-2xl font-bold">{t('mail.devMailbox.title')}</h1>
      <p className="mt-2">{t('mail.devMailbox.intro')}</p>
      {messages.length === 0 ? (
        <p className="mt-6">{t('mail.devMailbox.empty')}</p>
      ) : (
        <table className="mt-6 w-full text-left text-sm">
          <thead>
            <tr>
              <th scope="col">{t('mail.devMailbox.date')}</th>
              <th scope="col">{t('mail.devMailbox.to')}</th>
              <th scope="col">{t('mail.devMailbox.subject')}</th>
              <th scope="col">{t('mail.devMailbox.language')}</th>
              <th scope="col">{t('mail.devMailbox.template')}</th>
            </tr>
          </thead>
          <tbody>
            {messages.map((m) => (
              <tr key={m.id} className="border-t">
                <td>{m.date}</td>
                <td>{m.to}</td>
                <td>
                  <Link to={`/dev/mail/view/${m.id}`} className="underline">
                    {m.subject}
                  </Link>
                </td>
                <td>{m.language}</td>
                <td>{m.template}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </main>
  )
}
