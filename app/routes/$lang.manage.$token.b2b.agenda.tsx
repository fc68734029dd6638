import { useLoaderData, useParams, type LoaderFunctionArgs, type MetaFunction } from 'react-router'
import { pageTitle } from '~/utils/page-meta'
import { participantOfToken } from '~/modules/b2b/participants.server'
import { agendaOf } from '~/modules/b2b/scheduling.server'
import { orRespond } from '~/utils/forms.server'
import { notFound, requireLocale } from '~/utils/http.server'
import { localePath, useLocale, useT } from '~/utils/i18n'
import { describeInstant } from '~/utils/time'

/** The company's published meetings, in the event's zone and Martinique's when they differ. */
export const meta: MetaFunction = ({ params }) => pageTitle(params, 'b2b.title', undefined, [{ name: 'robots', content: 'noindex' }])

export async function loader({ params }: LoaderFunctionArgs) {
  const locale = requireLocale(params)
  const ctx = await orRespond(participantOfToken(params.token ?? ''))
  if (!ctx) notFound()
  const meetings = await agendaOf(ctx.event.id, ctx.company.id)
  return {
    meetings: meetings.map((m) => ({ ...m, when: describeInstant(m.startsAt, ctx.event.timezone, locale), startsAt: m.startsAt.toISOString() })),
  }
}

export default function Agenda() {
  const { meetings } = useLoaderData<typeof loader>()
  const t = useT()
  const locale = useLocale()
  const { token } = useParams()
  return (
    <section aria-labelledby="agenda-title">
      <h2 id="agenda-title" className="text-xl font-semibold">{t('b2b.nav.agenda')}</h2>
      {meetings.length === 0 ? <p className="mt-2">{t('b2b.agenda.empty')}</p> : (
        <p className="mt-2">
          <a href={localePath(locale, `/manage/${token}/b2b/agenda.pdf`)} className="font-semibold text-brand-700 underline underline-offset-4">
            {t('b2b.agenda.pdf')}
          </a>
        </p>
      )}
      <ol className="mt-3 space-y-3">
        {meetings.map((m) => (
          <li key={m.id} className="rounded border border-slate-300 p-3" data-testid="agenda-meeting">
            <p className="font-semibold">
              <time dateTime={m.startsAt}>{m.when}</time> · {t('b2b.agenda.table', { table: m.table })}
            </p>
            <p>{t('b2b.agenda.with', { company: m.otherCompany, delegate: m.otherDelegate })}</p>
            <p className="text-sm text-slate-700">{t('b2b.agenda.you', { delegate: m.ownDelegate })}</p>
          </li>
        ))}
      </ol>
    </section>
  )
}
