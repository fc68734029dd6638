import { useEffect, useRef, useState, type ReactNode } from 'react'
import { Form, Link, useNavigate } from 'react-router'
import { REGISTRATION_STATUSES } from '~/modules/registration/vocabulary'
import { localized, type MessageKey } from '~/locales'
import { localePath, useLocale, useT } from '~/utils/i18n'
import { formatMoney } from '~/utils/money'
import type { AttendeeFilter } from '~/modules/registration/attendee-list-schemas'
import type { ShownAttendee } from '~/modules/registration/attendee-list-view'
import { SelectField, buttonClass, inputClass, secondaryButtonClass } from '~/components/forms'
import { AnswerBadge, type GuestAnswerView } from '~/components/admin/guest-answers'

/**
 * The rows' links are plain anchors (fifty router links were a tenth of the page's rendering):
 * one listener on the table makes a plain click on one a client-side navigation, as a router
 * link does; modified clicks (new tab, download) stay the browser's.
 */
function useRowLinks() {
  const navigate = useNavigate()
  const ref = useRef<HTMLTableElement>(null)
  useEffect(() => {
    const table = ref.current
    if (!table) return
    const follow = (event: MouseEvent) => {
      if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return
      const link = (event.target as Element | null)?.closest('a[data-row-link]')
      if (!(link instanceof HTMLAnchorElement)) return
      event.preventDefault()
      navigate(link.pathname + link.search)
    }
    table.addEventListener('click', follow)
    return () => table.removeEventListener('click', follow)
  }, [navigate])
  return ref
}

/** Search, filters and sort as a GET form (works without JavaScript); server-side paging. */
export function AttendeeList({
  list,
  filter,
  ticketTypes,
  events,
  showEvent,
  bulk,
  answers,
}: {
  list: { items: ShownAttendee[]; total: number; totalIsAtLeast?: boolean; page: number; pages: number; partnerView: boolean }
  filter: AttendeeFilter
  ticketTypes?: { id: string; name: { fr: string; en: string } }[]
  events?: { id: string; title: { fr: string; en: string } }[]
  showEvent: boolean
  /** Organisers on an event's list: rows can be selected and acted on in bulk. */
  bulk?: { token: string; cap: number }
  /** Each attendee's calendar answer, when one came back (organisers only). */
  answers?: Record<string, GuestAnswerView>
}) {
  const t = useT()
  const locale = useLocale()
  const params = new URLSearchParams()
  for (const [k, v] of Object.entries(filter)) if (v !== undefined && v !== '' && k !== 'page') params.set(k, String(v))
  const pageHref = (page: number) => `?${new URLSearchParams({ ...Object.fromEntries(params), page: String(page) })}`
  const exportHref = (format: string) => `${localePath(locale, '/admin/export')}?${new URLSearchParams({ ...Object.fromEntries(params), format })}`
  const yesNo = (yes: MessageKey, no: MessageKey) => [
    { value: 'yes', label: t(yes) },
    { value: 'no', label: t(no) },
  ]
  const yes = t('admin.common.yes')
  const no = t('admin.common.no')
  const registrationHref = (id: string) => localePath(locale, `/admin/registrations/${id}`)
  const table = useRowLinks()
  const tableBlock =
    list.items.length === 0 ? (
      <p className="mt-3">{t('admin.attendees.empty')}</p>
    ) : (
      <div className="mt-2 overflow-x-auto">
        {/* Cell padding set once on the table, not on each of the page's 400 cells. */}
        <table ref={table} className="w-full text-left text-sm [&_td]:px-2 [&_td]:py-2 [&_th]:px-2 [&_th]:py-2" data-testid="attendee-table">
          <thead className="border-b border-slate-400">
            <tr>
              {bulk ? (
                <th scope="col">
                  <SelectPage />
                </th>
              ) : null}
              <th scope="col">{t('admin.attendees.columns.name')}</th>
              <th scope="col">{t('admin.attendees.columns.company')}</th>
              {showEvent ? <th scope="col">{t('admin.attendees.columns.event')}</th> : null}
              <th scope="col">{t('admin.attendees.columns.ticketType')}</th>
              {!list.partnerView ? (
                <>
                  <th scope="col">{t('admin.attendees.columns.email')}</th>
                  <th scope="col">{t('admin.attendees.columns.status')}</th>
                  <th scope="col">{t('admin.attendees.columns.payment')}</th>
                  <th scope="col">{t('admin.attendees.columns.checkedIn')}</th>
                </>
              ) : (
                <th scope="col">{t('admin.attendees.columns.jobTitle')}</th>
              )}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-200">
            {list.items.map((a) => (
              <tr key={a.id}>
                {bulk ? (
                  <td>
                    <label>
                      <input type="checkbox" name="attendeeId" value={a.id} className="h-4 w-4 rounded border-slate-500" />
                      <span className="sr-only">{t('admin.bulk.selectRow', { name: `${a.firstName} ${a.lastName}` })}</span>
                    </label>
                  </td>
                ) : null}
                <td>
                  {a.registrationId ? (
                    <a href={registrationHref(a.registrationId)} data-row-link className="font-medium text-brand-800 underline underline-offset-2">
                      {`${a.lastName.toUpperCase()} ${a.firstName}`}
                    </a>
                  ) : (
                    <span className="font-medium">{`${a.lastName.toUpperCase()} ${a.firstName}`}</span>
                  )}
                  {a.cancelled ? <span className="ml-1 text-red-800">({t('admin.attendees.attendeeCancelled')})</span> : null}
                  {answers?.[a.id] ? (
                    <span className="ml-1">
                      <AnswerBadge answer={answers[a.id]} />
                    </span>
                  ) : null}
                </td>
                <td>{a.companyName}</td>
                {showEvent ? <td><span className="block min-w-[16rem]">{a.eventTitle}</span></td> : null}
                <td>{a.ticketTypeName}</td>
                {!list.partnerView ? (
                  <>
                    <td className="[overflow-wrap:anywhere]">{a.email}</td>
                    <td>{t(`admin.attendees.registrationStatuses.${a.registrationStatus}`)}</td>
                    <td>{`${formatMoney(a.paidMinor, a.currency, locale)} / ${formatMoney(a.totalMinor, a.currency, locale)}`}</td>
                    <td>{a.checkedIn ? yes : no}</td>
                  </>
                ) : (
                  <td>{a.jobTitle}</td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    )
  return (
    <div>
      {list.partnerView ? <p className="mt-2 rounded bg-slate-100 px-3 py-2 text-sm">{t('admin.attendees.partnerNotice')}</p> : null}
      <Form method="get" className="mt-4 space-y-3 rounded border border-slate-300 p-4" aria-label={t('admin.attendees.filters.label')}>
        <div>
          <label htmlFor="q" className="block text-sm font-semibold">
            {t('admin.attendees.searchLabel')}
          </label>
          <input id="q" name="q" type="search" defaultValue={filter.q ?? ''} className={inputClass} />
        </div>
        <div className="grid gap-3 md:grid-cols-4">
          {events ? (
            <SelectField
              name="eventId"
              label={t('admin.attendees.filters.event')}
              defaultValue={filter.eventId}
              includeEmpty={t('admin.common.any')}
              options={events.map((e) => ({ value: e.id, label: localized(e.title, locale) }))}
            />
          ) : null}
          {ticketTypes ? (
            <SelectField
              name="ticketTypeId"
              label={t('admin.attendees.filters.ticketType')}
              defaultValue={filter.ticketTypeId}
              includeEmpty={t('admin.common.any')}
              options={ticketTypes.map((tt) => ({ value: tt.id, label: localized(tt.name, locale) }))}
            />
          ) : null}
          {!list.partnerView ? (
            <>
              <SelectField
                name="status"
                label={t('admin.attendees.filters.status')}
                defaultValue={filter.status}
                includeEmpty={t('admin.common.any')}
                options={REGISTRATION_STATUSES.map((s) => ({ value: s, label: t(`admin.attendees.registrationStatuses.${s}`) }))}
              />
              <SelectField name="paid" label={t('admin.attendees.filters.paid')} defaultValue={filter.paid} includeEmpty={t('admin.common.any')} options={yesNo('admin.attendees.filters.paidYes', 'admin.attendees.filters.paidNo')} />
              <SelectField
                name="approval"
                label={t('admin.attendees.filters.approval')}
                defaultValue={filter.approval}
                includeEmpty={t('admin.common.any')}
                options={[
                  { value: 'approved', label: t('admin.attendees.filters.approved') },
                  { value: 'pending', label: t('admin.attendees.filters.pending') },
                ]}
              />
              <SelectField name="checkedIn" label={t('admin.attendees.filters.checkedIn')} defaultValue={filter.checkedIn} includeEmpty={t('admin.common.any')} options={yesNo('admin.attendees.filters.checkedInYes', 'admin.attendees.filters.checkedInNo')} />
              <SelectField name="waitlist" label={t('admin.attendees.filters.waitlist')} defaultValue={filter.waitlist} includeEmpty={t('admin.common.any')} options={yesNo('admin.attendees.filters.waitlistYes', 'admin.attendees.filters.waitlistNo')} />
            </>
          ) : null}
          <SelectField
            name="locale"
            label={t('admin.attendees.filters.language')}
            defaultValue={filter.locale}
            includeEmpty={t('admin.common.any')}
            options={[
              { value: 'fr', label: t('admin.languages.fr') },
              { value: 'en', label: t('admin.languages.en') },
            ]}
          />
          <SelectField
            name="sort"
            label={t('admin.attendees.filters.sort')}
            defaultValue={filter.sort}
            options={[
              { value: 'name', label: t('admin.attendees.filters.sortName') },
              { value: 'company', label: t('admin.attendees.filters.sortCompany') },
              { value: 'recent', label: t('admin.attendees.filters.sortRecent') },
            ]}
          />
        </div>
        <div className="flex gap-2">
          <button type="submit" className={buttonClass}>
            {t('admin.common.search')}
          </button>
          <Link to="?" className={secondaryButtonClass}>
            {t('admin.common.reset')}
          </Link>
        </div>
      </Form>
      <div className="mt-4 flex flex-wrap items-center justify-between gap-2">
        <p role="status">{list.totalIsAtLeast ? t('admin.attendees.countOver', { count: list.total }) : t('admin.attendees.count', { count: list.total })}</p>
        <p className="flex items-center gap-2 text-sm">
          <span>{t('admin.attendees.export')}{t('common.colon')}</span>
          <a href={exportHref('csv')} className={secondaryButtonClass} download>
            {t('admin.attendees.exportCsv')}
          </a>
          <a href={exportHref('xlsx')} className={secondaryButtonClass} download>
            {t('admin.attendees.exportXlsx')}
          </a>
        </p>
      </div>
      {bulk ? (
        <BulkForm bulk={bulk} filterQuery={params.toString()} pageIds={list.items.map((a) => a.id)} total={list.total}>
          {tableBlock}
        </BulkForm>
      ) : (
        tableBlock
      )}
      <nav aria-label={t('admin.common.pageOf', { page: list.page, pages: list.pages })} className="mt-3 flex items-center gap-3 text-sm">
        {list.page > 1 ? (
          <Link to={pageHref(list.page - 1)} className={secondaryButtonClass}>
            {t('admin.common.previous')}
          </Link>
        ) : null}
        <span>{t('admin.common.pageOf', { page: list.page, pages: list.pages })}</span>
        {list.page < list.pages ? (
          <Link to={pageHref(list.page + 1)} className={secondaryButtonClass}>
            {t('admin.common.next')}
          </Link>
        ) : null}
      </nav>
    </div>
  )
}

/** With JavaScript, one box ticks every row of the page (without it, "this whole page" does the same). */
function SelectPage() {
  const t = useT()
  const [enhanced, setEnhanced] = useState(false)
  useEffect(() => setEnhanced(true), [])
  if (!enhanced) return <span className="sr-only">{t('admin.bulk.legend')}</span>
  return (
    <>
      <input
        id="select-page"
        type="checkbox"
        className="h-4 w-4 rounded border-slate-500"
        onChange={(e) => {
          const boxes = e.currentTarget.form?.querySelectorAll<HTMLInputElement>('input[name="attendeeId"]') ?? []
          for (const box of boxes) box.checked = e.currentTarget.checked
        }}
      />
      <label htmlFor="select-page" className="sr-only">
        {t('admin.bulk.selectPage')}
      </label>
    </>
  )
}

/** One POST form around the table: ticked ids, the scope and the chosen action travel together (no JavaScript needed). */
function BulkForm({
  bulk,
  filterQuery,
  pageIds,
  total,
  children,
}: {
  bulk: { token: string; cap: number }
  filterQuery: string
  /** The rows on this page ("this whole page" acts on them), in one field. */
  pageIds: string[]
  total: number
  children: ReactNode
}) {
  const t = useT()
  const locale = useLocale()
  const tooMany = total > bulk.cap
  const pageCount = pageIds.length
  return (
    <Form method="post" reloadDocument>
      <input type="hidden" name="token" value={bulk.token} />
      <input type="hidden" name="filter" value={filterQuery} />
      <input type="hidden" name="pageAttendeeIds" value={pageIds.join(',')} />
      {pageCount > 0 ? (
        <fieldset className="mt-3 space-y-2 rounded border border-slate-300 p-3 text-sm">
          <legend className="px-1 font-semibold">{t('admin.bulk.legend')}</legend>
          <div role="radiogroup" aria-label={t('admin.bulk.scopeLabel')} className="flex flex-wrap gap-4">
            <label className="flex items-center gap-1">
              <input type="radio" name="scope" value="selected" defaultChecked /> {t('admin.bulk.scopeSelected')}
            </label>
            <label className="flex items-center gap-1">
              <input type="radio" name="scope" value="page" /> {t('admin.bulk.scopePage', { count: pageCount })}
            </label>
            <label className="flex items-center gap-1">
              <input type="radio" name="scope" value="filter" disabled={tooMany} aria-describedby={tooMany ? 'bulk-too-many' : undefined} />{' '}
              {t('admin.bulk.scopeFilter', {
                count: new Intl.NumberFormat(locale).format(total),
              })}
            </label>
          </div>
          {tooMany ? (
            <p id="bulk-too-many" className="text-amber-900">
              {t('admin.bulk.scopeFilterTooMany', {
                max: new Intl.NumberFormat(locale).format(bulk.cap),
                count: new Intl.NumberFormat(locale).format(total),
              })}
            </p>
          ) : null}
          <div className="flex flex-wrap gap-2">
            <button type="submit" name="intent" value="approve" className={secondaryButtonClass}>
              {t('admin.bulk.approve')}
            </button>
            <button type="submit" name="intent" value="reject" className={secondaryButtonClass}>
              {t('admin.bulk.reject')}
            </button>
            <button type="submit" name="intent" value="resend" className={secondaryButtonClass}>
              {t('admin.bulk.resend')}
            </button>
            <button type="submit" name="intent" value="message" className={secondaryButtonClass}>
              {t('admin.bulk.message')}
            </button>
            <button type="submit" name="intent" value="export" className={secondaryButtonClass}>
              {t('admin.bulk.export')}
            </button>
          </div>
        </fieldset>
      ) : null}
      {children}
    </Form>
  )
}
