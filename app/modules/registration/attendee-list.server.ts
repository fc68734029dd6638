import { sql, type SQL } from 'drizzle-orm'
import { PgDialect, PgTransaction } from 'drizzle-orm/pg-core'
import { executePrepared, getDatabaseHandle, isPglite, type DbOrTx } from '#db/client'
import type { RegistrationStatus } from '#db/schema/registrations'
import type { SessionUser } from '~/modules/auth/session.server'
import { PAGE_SIZE, type AttendeeFilter } from '~/modules/registration/attendee-list-schemas'
import { isPartnerViewerOnly } from '~/modules/auth/guard.server'
import { lastNameBegins, matchesEveryWord, matchingIds, otherWordsBegin, searchWords } from '~/modules/registration/word-search.server'
import { copyCsvStream } from '~/modules/exports/copy-csv.server'
import { csvStream } from '~/modules/exports/stream.server'

/** Who is looking: organisers see their organisation; partner viewers a consenting, shared subset. */
export type ListViewer = Pick<SessionUser, 'organisationId' | 'partnerId' | 'roles'>

/**
 * How a search's words narrow the rows: `ids` looks the matches up in the word index first and
 * then by id (a few matches: the planner cannot tell a rare word from a common one and may
 * otherwise scan); `filter` tests each row's words as it goes (a count that stops early, a walk
 * in name order, the export).
 */
export type SearchForm = 'ids' | 'filter'

/** The WHERE clause shared by the page, the count and the export: one definition of "what this viewer may see". */
export function attendeeWhere(viewer: ListViewer, filter: AttendeeFilter & { attendeeIds?: readonly string[] }, searchForm: SearchForm = 'filter'): SQL {
  const parts: SQL[] = [sql`e.organisation_id = ${viewer.organisationId}`]
  // A bulk selection: only these rows (still within what the viewer may see).
  if (filter.attendeeIds) parts.push(filter.attendeeIds.length ? sql`a.id in (${sql.join(filter.attendeeIds.map((id) => sql`${id}::uuid`), sql`, `)})` : sql`false`)
  if (isPartnerViewerOnly(viewer as SessionUser)) {
    parts.push(
      viewer.partnerId
        ? sql`a.event_id in (select ep.event_id from event_partner ep where ep.partner_id = ${viewer.partnerId} and ep.shared_with_partner)`
        : sql`false`,
    )
    parts.push(sql`r.listing_consent and a.registration_status = 'confirmed' and a.status = 'active'`)
  }
  if (filter.eventId) parts.push(sql`a.event_id = ${filter.eventId}`)
  if (filter.ticketTypeId) parts.push(sql`a.ticket_type_id = ${filter.ticketTypeId}`)
  // The registration's status as kept on the attendee row (migration 0014): a count tests it
  // without looking the registration up, and an index serves it with the name order.
  if (filter.status) parts.push(sql`a.registration_status = ${filter.status}`)
  if (filter.paid === 'yes') parts.push(sql`r.paid_minor >= r.total_minor`)
  if (filter.paid === 'no') parts.push(sql`r.paid_minor < r.total_minor`)
  if (filter.approval === 'pending') parts.push(sql`a.registration_status = 'pending_approval'`)
  if (filter.approval === 'approved') parts.push(sql`r.decided_at is not null and r.status <> 'rejected'`)
  if (filter.checkedIn === 'yes') parts.push(sql`a.checked_in_at is not null`)
  if (filter.checkedIn === 'no') parts.push(sql`a.checked_in_at is null`)
  if (filter.locale) parts.push(sql`a.locale = ${filter.locale}`)
  if (filter.waitlist === 'yes') parts.push(sql`exists (select 1 from waitlist_entry w where w.claimed_registration_id = r.id)`)
  if (filter.waitlist === 'no') parts.push(sql`not exists (select 1 from waitlist_entry w where w.claimed_registration_id = r.id)`)
  if (filter.q) {
    // Any word of the names, e-mail and company, from its beginning.
    if (searchForm === 'filter') parts.push(matchesEveryWord(sql`a.search_words`, filter.q))
    else {
      // The inner lookup stays within the viewer's organisation (and the event, when filtered).
      const scope = filter.eventId ? sql`s.event_id = ${filter.eventId}` : sql`s.event_id in (select se.id from event se where se.organisation_id = ${viewer.organisationId})`
      parts.push(matchingIds(sql`a.id`, filter.q, scope))
    }
  }
  return sql.join(parts, sql` and `)
}

export const ATTENDEE_LIST_FROM = sql`from attendee a
  join registration r on r.id = a.registration_id
  join company c on c.id = r.company_id
  join ticket_type tt on tt.id = a.ticket_type_id
  join event e on e.id = a.event_id`

/**
 * The joins `attendeeWhere` reads: enough for a count. Every attendee has exactly one registration
 * (a non-null foreign key), so the left join gives the same rows as the inner one, and PostgreSQL
 * leaves it out when no condition reads `r` (a search with a status filter): a capped count then
 * reads attendee rows alone instead of looking up each one's registration.
 */
const COUNT_FROM = sql`from attendee a left join registration r on r.id = a.registration_id join event e on e.id = a.event_id`

function orderBy(filter: AttendeeFilter): SQL {
  switch (filter.sort) {
    case 'company':
      return sql`order by lower(c.name) collate "C", lower(a.last_name) collate "C", a.id`
    case 'recent':
      return sql`order by r.created_at desc, a.id`
    default:
      return sql`order by ${NAME_ORDER}`
  }
}

/**
 * The list's name order: folded last name, folded first name (accents and case ignored, so
 * "Écrin" sorts beside "Ecole"), then id; served by `attendee_fold_name_idx` (migration 0013).
 */
const NAME_ORDER = sql`passerelle_fold(a.last_name) collate "C", passerelle_fold(a.first_name) collate "C", a.id`

export type AttendeeRow = {
  id: string
  firstName: string
  lastName: string
  email: string | null
  jobTitle: string | null
  locale: 'fr' | 'en'
  attendeeStatus: 'active' | 'cancelled'
  checkedInAt: Date | null
  ticketTypeName: { fr: string; en: string }
  eventId: string
  eventTitle: { fr: string; en: string }
  companyName: string
  registrationId: string | null
  reference: string | null
  registrationStatus: RegistrationStatus
  totalMinor: number | null
  paidMinor: number | null
  currency: string
  registeredAt: Date
}

const PAGE_COLUMNS = sql`select a.id, a.first_name as "firstName", a.last_name as "lastName", a.email, a.job_title as "jobTitle",
      a.locale, a.status as "attendeeStatus", a.checked_in_at as "checkedInAt", tt.name as "ticketTypeName",
      a.event_id as "eventId", e.title as "eventTitle", c.name as "companyName", r.id as "registrationId", r.reference,
      r.status as "registrationStatus", r.total_minor as "totalMinor", r.paid_minor as "paidMinor", r.currency,
      r.created_at as "registeredAt"`

/** The page query (also used by the plan test). */
export function attendeePageQuery(viewer: ListViewer, filter: AttendeeFilter, searchForm: SearchForm = 'ids'): SQL {
  const offset = (filter.page - 1) * PAGE_SIZE
  return sql`${PAGE_COLUMNS}
    ${ATTENDEE_LIST_FROM} where ${attendeeWhere(viewer, filter, searchForm)} ${orderBy(filter)} limit ${PAGE_SIZE} offset ${offset}`
}

/**
 * A search counts its matches up to this many: past it, the list says "more than 1,000" and the
 * organiser adds a word or a filter. Counting every match of a word half the attendees share
 * (every "Société …") was most of a search's time (docs/decisions/027).
 */
export const SEARCH_COUNT_CAP = 1000

type PageRow = AttendeeRow & { checkedInAt: string | Date | null; registeredAt: string | Date }

type PlannerSetting = 'enable_bitmapscan' | 'enable_seqscan' | 'enable_indexscan' | 'enable_sort' | 'enable_hashjoin' | 'enable_mergejoin'

/**
 * One statement planned with some of the planner's paths switched off: the planner cannot
 * estimate how many people a word prefix matches, and its guess picks the wrong path at both
 * ends (docs/decisions/027). Parallel workers are off too: these statements stop after a page or
 * the cap, and starting workers cost more than that (60–80 ms of a 5 ms count over 1,000,000
 * attendees, docs/decisions/034). The settings are local to this transaction; inside a caller's
 * (a savepoint) they would outlive it, so there they are set back after the statement.
 */
async function withPathsOff<T extends Record<string, unknown>>(db: DbOrTx, off: PlannerSetting[], query: SQL): Promise<T[]> {
  const settings = ['max_parallel_workers_per_gather', ...off]
  return db.transaction(async (tx) => {
    await tx.execute(sql`select ${sql.join(settings.map((name) => sql`set_config(${name}, ${name === 'max_parallel_workers_per_gather' ? '0' : 'off'}, true)`), sql`, `)}`)
    const rows = await tx.execute<T>(query)
    if (db instanceof PgTransaction) {
      await tx.execute(sql`select count(set_config(name, reset_val, true)) from pg_settings where name in (${sql.join(settings.map((name) => sql`${name}`), sql`, `)})`)
    }
    return [...rows] as T[]
  })
}

type KeyedRow = PageRow & { k1: string; k2: string }

/** A word at least this share of people have is counted by reading rows rather than from its index. */
const COMMON_WORD_SHARE = 0.3
const WORD_SHARES_TTL_MS = 5 * 60_000
let wordShares: { at: number; shares: Map<string, number> } | undefined

/**
 * The share of attendees one of whose other words begins with `word`, from PostgreSQL's own
 * statistics on `search_words_rest` (its most common words and their frequencies, refreshed by
 * ANALYZE); read at most every five minutes per process. 0 when unknown (no statistics yet).
 */
async function wordShare(db: DbOrTx, word: string): Promise<number> {
  if (!wordShares || Date.now() - wordShares.at > WORD_SHARES_TTL_MS) {
    const rows = await db.execute<{ elems: string[] | null; freqs: number[] | null }>(sql`select most_common_elems::text::text[] as elems, most_common_elem_freqs as freqs
      from pg_stats where schemaname = 'public' and tablename = 'attendee' and attname = 'search_words_rest'`)
    const shares = new Map<string, number>()
    const [stats] = rows
    stats?.elems?.forEach((elem, i) => shares.set(elem, Number(stats.freqs?.[i] ?? 0)))
    wordShares = { at: Date.now(), shares }
  }
  let share = 0
  for (const [elem, freq] of wordShares.shares) if (elem.startsWith(word)) share = Math.max(share, freq)
  return share
}

/** The list's name order on rows that carry their folded keys (PostgreSQL's "C" collation: bytes). */
function byNameKey(x: KeyedRow, y: KeyedRow): number {
  return Buffer.compare(Buffer.from(x.k1), Buffer.from(y.k1)) || Buffer.compare(Buffer.from(x.k2), Buffer.from(y.k2)) || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0)
}

/**
 * One word, sorted by name (docs/decisions/028): the people whose last name begins with the word
 * (a range of the name index, already in order) and the people matched by another of their words
 * (`search_words_rest`: walked in name order when they are many, looked up and sorted when they
 * are few), each counted up to the cap, then merged. Neither part reads rows it does not keep,
 * whether the word is rare, common, or the beginning of half the names.
 */
async function oneWordByName(db: DbOrTx, viewer: ListViewer, filter: AttendeeFilter, word: string) {
  const base = attendeeWhere(viewer, { ...filter, q: undefined })
  const byLastName = sql`${base} and ${lastNameBegins(sql`a.last_name`, word)}`
  const byOtherWords = sql`${base} and ${otherWordsBegin(sql`a.search_words_rest`, word)}`
  const cap = SEARCH_COUNT_CAP + 1
  // Each part counted up to the cap over the joins the filters read (a company and a ticket type
  // always exist): the last names by walking their range in order; the other words from their
  // index, or, for a word most people have (every "Société …"), by reading rows until the cap,
  // which stops early where the index would first list every match.
  const capped = (where: SQL) => sql`select count(*)::int as n from (select 1 ${COUNT_FROM} where ${where} limit ${cap}) m`
  const [{ n: a }] = await withPathsOff<{ n: number }>(db, ['enable_seqscan', 'enable_bitmapscan'], capped(byLastName))
  const common = (await wordShare(db, word)) >= COMMON_WORD_SHARE
  const [{ n: b }] = await withPathsOff<{ n: number }>(db, common ? ['enable_bitmapscan', 'enable_hashjoin', 'enable_mergejoin'] : ['enable_seqscan', 'enable_indexscan'], capped(byOtherWords))
  // People found by both parts are counted once (only needed when neither part reached the cap).
  let both = 0
  if (a > 0 && b > 0 && a <= SEARCH_COUNT_CAP && b <= SEARCH_COUNT_CAP) {
    ;[{ n: both }] = await db.execute<{ n: number }>(sql`select count(*)::int as n ${COUNT_FROM} where ${byLastName} and ${otherWordsBegin(sql`a.search_words_rest`, word)}`)
  }
  const found = a + b - both
  const totalIsAtLeast = found > SEARCH_COUNT_CAP
  const total = Math.min(found, SEARCH_COUNT_CAP)
  const offset = (filter.page - 1) * PAGE_SIZE
  if (offset >= total) return { rows: [] as PageRow[], total, totalIsAtLeast }
  const need = offset + PAGE_SIZE
  const keyed = (where: SQL) => sql`${PAGE_COLUMNS}, passerelle_fold(a.last_name) as k1, passerelle_fold(a.first_name) as k2
    ${ATTENDEE_LIST_FROM} where ${where} order by ${NAME_ORDER} limit ${need}`
  const walk: PlannerSetting[] = ['enable_bitmapscan', 'enable_seqscan', 'enable_sort']
  // One after the other: `db` may be a transaction (one connection), where savepoints cannot interleave.
  const fromLastName = a > 0 ? await withPathsOff<KeyedRow>(db, walk, keyed(byLastName)) : []
  const fromOtherWords =
    b === 0 ? [] : await withPathsOff<KeyedRow>(db, b > SEARCH_COUNT_CAP ? walk : ['enable_seqscan', 'enable_indexscan'], keyed(byOtherWords))
  const seen = new Set<string>()
  const merged = [...fromLastName, ...fromOtherWords].sort(byNameKey).filter((row) => !seen.has(row.id) && seen.add(row.id))
  const rows = merged.slice(offset, need).map(({ k1: _k1, k2: _k2, ...row }) => row as PageRow)
  return { rows, total, totalIsAtLeast }
}

export async function listAttendees(db: DbOrTx, viewer: ListViewer, filter: AttendeeFilter) {
  const partnerView = isPartnerViewerOnly(viewer as SessionUser)
  const where = attendeeWhere(viewer, filter)
  let rows: PageRow[]
  let total: number
  let totalIsAtLeast = false
  const words = filter.q ? searchWords(filter.q) : []
  if (words.length === 1 && filter.sort === 'name') {
    ;({ rows, total, totalIsAtLeast } = await oneWordByName(db, viewer, filter, words[0]))
  } else if (filter.q) {
    // Counted from the word index (bitmap scans only), stopping at the cap: a rare word reads a
    // handful of rows, a common one stops after 1,001; a scan would read every row for a rare one.
    const [{ n }] = await withPathsOff<{ n: number }>(db, ['enable_seqscan', 'enable_indexscan'], sql`select count(*)::int as n from (select 1 ${ATTENDEE_LIST_FROM} where ${where} limit ${SEARCH_COUNT_CAP + 1}) m`)
    totalIsAtLeast = n > SEARCH_COUNT_CAP
    total = Math.min(n, SEARCH_COUNT_CAP)
    // Past the cap, sorted by name: walk the name index and keep the matches (the first 50 come
    // early) rather than collect and sort every match. Otherwise look the few matches up first.
    rows =
      totalIsAtLeast && filter.sort === 'name'
        ? await withPathsOff<PageRow>(db, ['enable_bitmapscan', 'enable_seqscan', 'enable_sort'], attendeePageQuery(viewer, filter, 'filter'))
        : [...(await db.execute<PageRow>(attendeePageQuery(viewer, filter, totalIsAtLeast ? 'filter' : 'ids')))]
  } else {
    // Prepared: the list without words is the page every organiser opens; planning its five
    // joins cost more than running them (profile of the admin list, issue 19).
    const [page, [count]] = await Promise.all([
      executePrepared<PageRow>(db, attendeePageQuery(viewer, filter)),
      executePrepared<{ total: number }>(db, sql`select count(*)::int as total ${COUNT_FROM} where ${where}`),
    ])
    rows = [...page]
    total = count.total
  }
  const items: AttendeeRow[] = rows.map((r) => ({
    ...r,
    checkedInAt: r.checkedInAt ? new Date(r.checkedInAt) : null,
    registeredAt: new Date(r.registeredAt),
    // A partner viewer sees who is coming, not how to reach them or what they paid.
    email: partnerView ? null : r.email,
    registrationId: partnerView ? null : r.registrationId,
    reference: partnerView ? null : r.reference,
    totalMinor: partnerView ? null : r.totalMinor,
    paidMinor: partnerView ? null : r.paidMinor,
  }))
  return { items, total, totalIsAtLeast, page: filter.page, pages: Math.max(1, Math.ceil(total / PAGE_SIZE)), partnerView }
}

const dialect = new PgDialect()

export type ExportColumn = { key: string; header: { fr: string; en: string } }

export const ORGANISER_EXPORT_COLUMNS: ExportColumn[] = [
  { key: 'reference', header: { fr: 'Référence', en: 'Reference' } },
  { key: 'event', header: { fr: 'Événement', en: 'Event' } },
  { key: 'company', header: { fr: 'Entreprise', en: 'Company' } },
  { key: 'last_name', header: { fr: 'Nom', en: 'Last name' } },
  { key: 'first_name', header: { fr: 'Prénom', en: 'First name' } },
  { key: 'email', header: { fr: 'E-mail', en: 'Email' } },
  { key: 'job_title', header: { fr: 'Fonction', en: 'Job title' } },
  { key: 'phone', header: { fr: 'Téléphone', en: 'Phone' } },
  { key: 'locale', header: { fr: 'Langue', en: 'Language' } },
  { key: 'ticket_type', header: { fr: 'Billet', en: 'Ticket' } },
  { key: 'registration_status', header: { fr: 'Statut inscription', en: 'Registration status' } },
  { key: 'attendee_status', header: { fr: 'Statut participant', en: 'Attendee status' } },
  { key: 'total', header: { fr: 'Total', en: 'Total' } },
  { key: 'paid', header: { fr: 'Payé', en: 'Paid' } },
  { key: 'currency', header: { fr: 'Devise', en: 'Currency' } },
  { key: 'checked_in_at', header: { fr: 'Accueilli à', en: 'Checked in at' } },
  { key: 'registered_at', header: { fr: 'Inscrit le', en: 'Registered at' } },
]
export const PARTNER_EXPORT_COLUMNS: ExportColumn[] = ORGANISER_EXPORT_COLUMNS.filter((c) =>
  ['event', 'company', 'last_name', 'first_name', 'job_title', 'ticket_type'].includes(c.key),
)

/** The keys of the columns an export gives this viewer (recorded in the disclosure log). */
export function attendeeExportFields(viewer: ListViewer): string[] {
  return exportColumns(viewer).map((c) => c.key)
}

/** The export's values by column key: amounts in major units, instants in UTC. */
function exportValues(locale: 'fr' | 'en'): Record<string, SQL> {
  return {
    reference: sql`r.reference`,
    event: sql`coalesce(nullif(e.title->>${locale}, ''), e.title->>'fr')`,
    company: sql`c.name`,
    last_name: sql`a.last_name`,
    first_name: sql`a.first_name`,
    email: sql`a.email`,
    job_title: sql`a.job_title`,
    phone: sql`a.phone`,
    locale: sql`a.locale`,
    ticket_type: sql`coalesce(nullif(tt.name->>${locale}, ''), tt.name->>'fr')`,
    registration_status: sql`r.status`,
    attendee_status: sql`a.status`,
    total: sql`round(r.total_minor / 100.0, 2)::text`,
    paid: sql`round(r.paid_minor / 100.0, 2)::text`,
    currency: sql`r.currency`,
    checked_in_at: sql`to_char(a.checked_in_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`,
    registered_at: sql`to_char(r.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`,
  }
}

function exportSelect(viewer: ListViewer, filter: AttendeeFilter & { attendeeIds?: readonly string[] }, values: SQL[]): SQL {
  return sql`select ${sql.join(values, sql`, `)}
    ${ATTENDEE_LIST_FROM} where ${attendeeWhere(viewer, { ...filter, page: 1 })} ${orderBy(filter)}`
}

/** The export's SELECT (also the baseline the bench gives `psql \copy`): every column, in ORGANISER_EXPORT_COLUMNS' order. */
export function exportQuery(viewer: ListViewer, filter: AttendeeFilter & { attendeeIds?: readonly string[] }, locale: 'fr' | 'en'): SQL {
  const values = exportValues(locale)
  return exportSelect(viewer, filter, ORGANISER_EXPORT_COLUMNS.map((c) => sql`${values[c.key]} as ${sql.identifier(c.key)}`))
}

/** Columns that cannot begin like a formula nor be empty: instants, and a total that cannot be negative (a constraint). */
const NUMBER_EXPORT_COLUMNS = new Set(['total', 'checked_in_at', 'registered_at'])

/**
 * The same rows and the viewer's columns as the cells of csvChunks, for COPY: a value a
 * spreadsheet would run as a formula (= + - @ tab CR) gets its leading quote here, and an empty
 * one becomes null (COPY writes null unquoted, an empty string as ""). A value whose first byte is
 * 'A' or above is neither, which one comparison tells for most cells (names); the others are
 * looked at closely.
 */
export function exportCopyQuery(viewer: ListViewer, filter: AttendeeFilter & { attendeeIds?: readonly string[] }, locale: 'fr' | 'en'): SQL {
  const values = exportValues(locale)
  return exportSelect(
    viewer,
    filter,
    exportColumns(viewer).map((c) => {
      const v = values[c.key]
      if (NUMBER_EXPORT_COLUMNS.has(c.key)) return sql`${v} as ${sql.identifier(c.key)}`
      return sql`case when ${v} >= 'A' collate "C" then ${v} when ${v} = '' then null
        when ascii(${v}) in (9, 13, 43, 45, 61, 64) then '''' || ${v} else ${v} end as ${sql.identifier(c.key)}`
    }),
  )
}

function exportColumns(viewer: ListViewer): ExportColumn[] {
  return isPartnerViewerOnly(viewer as SessionUser) ? PARTNER_EXPORT_COLUMNS : ORGANISER_EXPORT_COLUMNS
}

/**
 * The export as a CSV file (BOM, localised header, CRLF): PostgreSQL writes it with COPY, at
 * about the speed of `psql \copy` (decision 028); the embedded PGlite cannot stream a COPY and
 * goes through the cursor and csvStream, which give the same bytes.
 */
export async function exportAttendeeCsv(viewer: ListViewer, filter: AttendeeFilter & { attendeeIds?: readonly string[] }, locale: 'fr' | 'en'): Promise<ReadableStream<Uint8Array>> {
  const handle = getDatabaseHandle()
  if (await isPglite(handle)) return csvStream(exportAttendeeBatches(viewer, filter, locale))
  const header = exportColumns(viewer).map((c) => c.header[locale])
  return copyCsvStream(handle.sql, exportCopyQuery(viewer, filter, locale), header)
}

/**
 * The export: the same filter as the page, every row, read through a server-side cursor in
 * batches of 1,000 so memory stays flat whatever the size. Amounts are in major units. Yields
 * whole batches (the header first, alone): per-row async steps cost more than the formatting.
 */
export async function* exportAttendeeBatches(viewer: ListViewer, filter: AttendeeFilter & { attendeeIds?: readonly string[] }, locale: 'fr' | 'en') {
  const columns = exportColumns(viewer)
  const query = dialect.sqlToQuery(exportQuery(viewer, filter, locale))
  const client = getDatabaseHandle().sql
  // Rows come as arrays in the SELECT's order (= ORGANISER_EXPORT_COLUMNS): no object per row.
  const positions = columns.map((c) => ORGANISER_EXPORT_COLUMNS.indexOf(c))
  yield [columns.map((c) => c.header[locale])]
  for await (const batch of client.unsafe(query.sql, query.params as never[]).values().cursor(1000)) {
    yield (batch as unknown as (string | null)[][]).map((row) => positions.map((i) => row[i] ?? ''))
  }
}

/** The export row by row (header first). */
export async function* exportAttendeeRows(viewer: ListViewer, filter: AttendeeFilter & { attendeeIds?: readonly string[] }, locale: 'fr' | 'en') {
  for await (const batch of exportAttendeeBatches(viewer, filter, locale)) yield* batch
}
