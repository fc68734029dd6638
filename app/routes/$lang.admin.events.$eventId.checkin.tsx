import { data, Form, useActionData, useLoaderData, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from 'react-router'
import { pageTitle } from '~/utils/page-meta'
import { getDb } from '#db/client'
import { authorize } from '~/modules/auth/guard.server'
import { PageTitle } from '~/components/admin/ui'
import { loadVisibleEvent } from '~/modules/auth/viewer.server'
import { checkIn, checkInStats, findBySecret, searchForCheckIn, type CheckInPerson } from '~/modules/checkin/checkin.server'
import { QrScanner } from '~/modules/checkin/qr-scanner'
import { localized } from '~/locales'
import { notFound } from '~/utils/http.server'
import { localePath, useLocale, useT } from '~/utils/i18n'
import { formatForReader } from '~/utils/time'
import { buttonClass, inputClass } from '~/components/forms'

export const meta: MetaFunction = ({ params }) => pageTitle(params, 'admin.events.tabs.checkin')

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await authorize(request, '$lang.admin.events.$eventId.checkin', 'loader')
  const db = getDb()
  const event = await loadVisibleEvent(db, user, params.eventId ?? '')
  if (!event) notFound()
  const url = new URL(request.url)
  const q = (url.searchParams.get('q') ?? '').trim().slice(0, 100)
  const secret = (url.searchParams.get('secret') ?? '').trim().slice(0, 200)
  const [results, scanned, stats] = await Promise.all([
    q ? searchForCheckIn(db, event.id, q) : Promise.resolve([]),
    secret ? findBySecret(db, event.id, secret) : Promise.resolve(null),
    checkInStats(db, event.id),
  ])
  return { event, q, results, scanned, scannedMissing: Boolean(secret) && !scanned, stats }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await authorize(request, '$lang.admin.events.$eventId.checkin', 'action')
  const db = getDb()
  const event = await loadVisibleEvent(db, user, params.eventId ?? '')
  if (!event) notFound()
  const formData = await request.formData()
  if (formData.get('intent') !== 'checkin') return data({ kind: 'invalid' as const }, { status: 400 })
  const outcome = await checkIn(db, user, event.id, String(formData.get('attendeeId') ?? ''))
  return data(outcome, { status: outcome.kind === 'not_found' ? 404 : outcome.kind === 'checked_in' ? 200 : 409 })
}

type Person = Omit<CheckInPerson, 'checkedInAt'> & { checkedInAt: string | Date | null }

function PersonCard({ person, timezone }: { person: Person; timezone: string }) {
  const t = useT()
  const locale = useLocale()
  const blocked = person.attendeeStatus === 'cancelled' || person.registrationStatus === 'cancelled'
  return (
    <div className="rounded border border-slate-300 p-3">
      <p className="text-lg font-semibold">
        {person.lastName.toUpperCase()} {person.firstName}
      </p>
      <p className="text-sm">
        {person.companyName}
        {person.jobTitle ? ` · ${person.jobTitle}` : ''} · {localized(person.ticketTypeName, locale)}
      </p>
      {blocked ? <p className="mt-1 font-semibold text-red-800">{t('admin.checkin.cancelled')}</p> : null}
      {!blocked && person.registrationStatus !== 'confirmed' ? (
        <p className="mt-1 font-semibold text-amber-900">
          {t('admin.checkin.notConfirmed', { status: t(`admin.attendees.registrationStatuses.${person.registrationStatus}`) })}
        </p>
      ) : null}
      {person.checkedInAt ? (
        <p className="mt-1 font-semibold text-amber-900">{t('admin.checkin.already', { time: formatForReader(new Date(person.checkedInAt), timezone, locale).local.time })}</p>
      ) : null}
      {!blocked && !person.checkedInAt && person.registrationStatus === 'confirmed' ? (
        <Form method="post" className="mt-2">
          <input type="hidden" name="attendeeId" value={person.id} />
          <button type="submit" name="intent" value="checkin" className={`${buttonClass} w-full justify-center py-3 text-base`}>
            {t('admin.checkin.checkIn')} — {person.firstName} {person.lastName}
          </button>
        </Form>
      ) : null}
    </div>
  )
}

export default function CheckIn() {
  const { event, q, results, scanned, scannedMissing, stats } = useLoaderData<typeof loader>()
  const outcome = useActionData<typeof action>()
  const t = useT()
  const locale = useLocale()
  return (
    <section aria-labelledby="page-title" className="mx-auto max-w-xl space-y-4">
      <PageTitle>{t('admin.checkin.title', { event: localized(event.title, locale) })}</PageTitle>
      <p role="status">{t('admin.checkin.stats', { checkedIn: stats.checkedIn, total: stats.total })}</p>
      {outcome && outcome.kind !== 'invalid' ? (
        <div role="alert" className={`rounded border-2 p-3 font-semibold ${outcome.kind === 'checked_in' ? 'border-green-700 bg-green-50 text-green-900' : 'border-red-700 bg-red-50 text-red-900'}`}>
          {outcome.kind === 'checked_in' ? t('admin.checkin.checkedIn', { name: `${outcome.person.firstName} ${outcome.person.lastName}` }) : null}
          {outcome.kind === 'already' && outcome.person.checkedInAt
            ? t('admin.checkin.already', { time: formatForReader(new Date(outcome.person.checkedInAt), event.timezone, locale).local.time })
            : null}
          {outcome.kind === 'cancelled' ? t('admin.checkin.cancelled') : null}
          {outcome.kind === 'not_confirmed' ? t('admin.checkin.notConfirmed', { status: t(`admin.attendees.registrationStatuses.${outcome.person.registrationStatus}`) }) : null}
          {outcome.kind === 'not_found' ? t('admin.checkin.notFound') : null}
        </div>
      ) : null}
      <QrScanner />
      {scannedMissing ? <p role="alert" className="font-semibold text-red-800">{t('admin.checkin.notFound')}</p> : null}
      {scanned && !outcome ? <PersonCard person={scanned} timezone={event.timezone} /> : null}
      <Form method="get" className="space-y-2">
        <label htmlFor="q" className="block font-semibold">
          {t('admin.checkin.searchLabel')}
        </label>
        <div className="flex gap-2">
          <input id="q" name="q" type="search" defaultValue={q} autoComplete="off" className={`${inputClass} mt-0 text-base`} />
          <button type="submit" className={buttonClass}>
            {t('admin.common.search')}
          </button>
        </div>
      </Form>
      {q ? (
        <section aria-label={t('admin.checkin.results')} className="space-y-2">
          {results.length === 0 ? <p>{t('admin.checkin.noResults')}</p> : null}
          {results.map((p) => (
            <PersonCard key={p.id} person={p} timezone={event.timezone} />
          ))}
        </section>
      ) : null}
      <p>
        <a href={localePath(locale, `/admin/events/${event.id}/badges`)} className="text-brand-800 underline">
          {t('admin.checkin.badges')}
        </a>
      </p>
      <p>
        <a href={localePath(locale, `/admin/events/${event.id}/signatures`)} className="text-brand-800 underline">
          {t('admin.signatures.link')}
        </a>
      </p>
    </section>
  )
}
