import { Link, useLoaderData, type LoaderFunctionArgs, type MetaFunction } from 'react-router'
import { getDevMessage, requireDevMailbox } from '~/modules/mail/dev-mailbox.server'
import { notFound, requestLocale } from '~/utils/http.server'
import { useT } from '~/utils/i18n'
import type { CatalogueSection } from '~/locales'

/** Catalogue sections the browser loads for this page (locales/sections.ts). */
export const handle = { catalogue: ['mail'] } satisfies { catalogue: CatalogueSection[] }

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.message.subject ?? 'mail' }]

/** /dev/mail/view/<id>: one message of the dev mailbox (HTML in a sandboxed iframe, text, calendar part, raw). */
export async function loader({ params, request }: LoaderFunctionArgs) {
  requireDevMailbox()
  const message = await getDevMessage(params.id ?? '')
  if (!message) notFound()
  return { message, locale: requestLocale(request) }
}

export default function DevMailMessage() {
  const { message } = useLoaderData<typeof loader>()
  const t = useT()
  return (
    <main className="mx-auto max-w-5xl px-4 py-8">
      <p>
        <Link to="/dev/mail" className="underline">
          {t('mail.devMailbox.back')}
        </Link>
      </p>
      <h1 className="mt-4 text-2xl font-bold">{message.subject}</h1>
      <dl className="mt-4 grid grid-cols-[8rem_1fr] gap-1 text-sm">
        <dt className="font-semibold">{t('mail.devMailbox.from')}</dt>
        <dd>{message.from}</dd>
        <dt className="font-semibold">{t('mail.devMailbox.to')}</dt>
        <dd>{message.to}</dd>
        <dt className="font-semibold">{t('mail.devMailbox.date')}</dt>
        <dd>{message.date}</dd>
        <dt className="font-semibold">{t('mail.devMailbox.language')}</dt>
        <dd>{message.language}</dd>
        <dt className="font-semibold">{t('mail.devMailbox.template')}</dt>
        <dd>{message.template}</dd>
      </dl>
      <section aria-labelledby="html-view" className="mt-6">
        <h2 id="html-view" className="text-lg font-semibold">
          {t('mail.devMailbox.html')}
        </h2>
        {message.html ? (
          <iframe title={t('mail.devMailbox.html')} sandbox="" srcDoc={message.html} className="mt-2 h-[36rem] w-full border" />
        ) : null}
      </section>
      <section aria-labelledby="text-view" className="mt-6">
        <h2 id="text-view" className="text-lg font-semibold">
          {t('mail.devMailbox.text')}
        </h2>
        <pre className="mt-2 overflow-auto whitespace-pre-wrap border p-3 text-sm">{message.text}</pre>
      </section>
      <section aria-labelledby="calendar-view" className="mt-6">
        <h2 id="calendar-view" className="text-lg font-semibold">
          {t('mail.devMailbox.calendar')}
        </h2>
        {message.calendar ? (
          <pre className="mt-2 overflow-auto border p-3 text-xs">{message.calendar}</pre>
        ) : (
          <p>{t('mail.devMailbox.noCalendar')}</p>
        )}
      </section>
      <section aria-labelledby="raw-view" className="mt-6">
        <h2 id="raw-view" className="text-lg font-semibold">
          {t('mail.devMailbox.raw')}
        </h2>
        <p>
          <a href={`/dev/mail/${message.id}.eml`} className="underline">
            {message.id}.eml
          </a>
        </p>
        <pre className="mt-2 max-h-96 overflow-auto border p-3 text-xs">{message.raw}</pre>
      </section>
    </main>
  )
}
