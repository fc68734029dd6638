import { Form, Link, useActionData, useLoaderData, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from 'react-router'
import { replyFromDevMailbox } from '~/modules/inbound/dev-reply.server'
import { REPLY_CLIENTS } from '~/modules/inbound/reply-clients'
import { runAction } from '~/utils/forms.server'
import { FormMessage, buttonClass } from '~/components/forms'
import { getDevMessage, requireDevMailbox } from '~/modules/mail/dev-mailbox.server'
import { notFound, requestLocale } from '~/utils/http.server'
import { useT } from '~/utils/i18n'
import type { CatalogueSection } from '~/locales'

/** Catalogue sections the browser loads for this page (locales/sections.ts). */
export const handle = { catalogue: ['inbound', 'mail', 'registration'] } satisfies { catalogue: CatalogueSection[] }

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.message.subject ?? 'mail' }]

/** /dev/mail/view/<id>: one message of the dev mailbox (HTML in a sandboxed iframe, text, calendar part, raw). */
export async function loader({ params, request }: LoaderFunctionArgs) {
  requireDevMailbox()
  const message = await getDevMessage(params.id ?? '')
  if (!message) notFound()
  return { message, locale: requestLocale(request) }
}

/** "Reply as…": answers this message's invitation as a real client would, through the inbound intake. */
export async function action({ params, request }: ActionFunctionArgs) {
  requireDevMailbox()
  const form = Object.fromEntries(await request.formData())
  return runAction('reply', async () => {
    await replyFromDevMailbox(params.id ?? '', form)
    return { ok: true, intent: 'reply', notice: 'inbound.dev.sent' }
  })
}

const CLIENT_NAMES: Record<(typeof REPLY_CLIENTS)[number], string> = {
  gmail: 'Gmail',
  outlook: 'Outlook',
  'outlook-tnef': 'Outlook (winmail.dat)',
  'outlook-com': 'Outlook.com',
  apple: 'Apple Calendar',
  thunderbird: 'Thunderbird',
}

export default function DevMailMessage() {
  const { message } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const t = useT()
  const invitation = Boolean(message.calendar && /^METHOD:REQUEST\r?$/m.test(message.calendar))
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
      {invitation ? (
        <section aria-labelledby="reply-as" className="mt-6 rounded border border-slate-300 p-3">
          <h2 id="reply-as" className="text-lg font-semibold">
            {t('inbound.dev.replyAs')}
          </h2>
          <FormMessage result={result} />
          <Form method="post" className="mt-2 flex flex-wrap items-end gap-2">
            <label className="flex flex-col text-sm">
              <span className="font-semibold">{t('inbound.dev.client')}</span>
              <select name="client" defaultValue="gmail" className="rounded border border-slate-400 px-2 py-1">
                {REPLY_CLIENTS.map((c) => (
                  <option key={c} value={c}>
                    {CLIENT_NAMES[c]}
                  </option>
                ))}
              </select>
            </label>
            <label className="flex flex-col text-sm">
              <span className="font-semibold">{t('inbound.dev.answer')}</span>
              <select name="answer" defaultValue="accepted" className="rounded border border-slate-400 px-2 py-1">
                {(['accepted', 'tentative', 'declined'] as const).map((p) => (
                  <option key={p} value={p}>
                    {t(`inbound.partstat.${p}`)}
                  </option>
                ))}
              </select>
            </label>
            <button type="submit" className={buttonClass}>
              {t('inbound.dev.send')}
            </button>
          </Form>
        </section>
      ) : null}
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
        <pre tabIndex={0} className="mt-2 overflow-auto whitespace-pre-wrap border p-3 text-sm">{message.text}</pre>
      </section>
      <section aria-labelledby="calendar-view" className="mt-6">
        <h2 id="calendar-view" className="text-lg font-semibold">
          {t('mail.devMailbox.calendar')}
        </h2>
        {message.calendar ? (
          <pre tabIndex={0} className="mt-2 overflow-auto border p-3 text-xs">{message.calendar}</pre>
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
        <pre tabIndex={0} className="mt-2 max-h-96 overflow-auto border p-3 text-xs">{message.raw}</pre>
      </section>
    </main>
  )
}
