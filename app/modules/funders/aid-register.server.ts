/**
 * A mission's aid into the de minimis register, on the organiser's say-so ("Record aid in the
 * register" per mission on the funders' page): each company's aid equivalent from one funder
 * (`aid.server.ts`) becomes one register row through `recordAid`, dated the mission's last day
 * in its own zone. Idempotent: the row's key is company + mission + funder
 * (`de_minimis_aid_mission_funder_key`), so recording twice — or twice at once — leaves one row
 * each. A company whose aid would pass the ceiling is refused on its own and listed; the others
 * are recorded. Only euros go in (the register counts euros): USD aid is counted as not recorded.
 *
 * `missionAidOutlook` is the warning before a mission: per mission, the companies whose expected
 * aid (all funders, not yet recorded) would pass the rolling three-year ceiling; and
 * `applicantAidWarning`, the same question for one company applying to a mission.
 */
import { and, eq, inArray, sql } from 'drizzle-orm'
import { DateTime } from 'luxon'
import { getDb, type Database, type DbOrTx } from '#db/client'
import { companies, deMinimisAids, events } from '#db/schema/index'
import { recordAudit } from '~/modules/audit/audit.server'
import { Refusal } from '~/utils/refusal'
import { aidEquivalentByCompany } from './aid.server'
import { DE_MINIMIS_CEILING_EUR_MINOR, deMinimisStatus, deMinimisStatuses, recordAid } from './de-minimis.server'
import { requireFunder } from './pack.server'

export type MissionAidRecording = {
  grantedOn: string
  recorded: { companyId: string; amountEurMinor: number }[]
  already: number
  refused: { companyId: string; company: string; totalEurMinor: number }[]
  notInEuros: number
}

/** The day a mission's aid is granted: its last day, in its own zone. */
const missionDay = (m: { endsAt: Date; timezone: string }) => DateTime.fromJSDate(m.endsAt, { zone: m.timezone }).toISODate()!

async function requireMission(db: DbOrTx, organisationId: string, eventId: string) {
  if (!/^[0-9a-f-]{36}$/i.test(eventId)) throw new Refusal('notFound')
  const [mission] = await db
    .select({ id: events.id, slug: events.slug, endsAt: events.endsAt, timezone: events.timezone, currency: events.currency })
    .from(events)
    .where(and(eq(events.id, eventId), eq(events.organisationId, organisationId), sql`${events.status} <> 'draft'`))
  if (!mission) throw new Refusal('notFound')
  return mission
}

export async function recordMissionAid(req: { organisationId: string; eventId: string; funderPartnerId: string; userId?: string }, db: Database = getDb()): Promise<MissionAidRecording> {
  const funder = await requireFunder(db, req.organisationId, req.funderPartnerId)
  const mission = await requireMission(db, req.organisationId, req.eventId)
  const grantedOn = missionDay(mission)
  const aid = await aidEquivalentByCompany(db, [mission.id], funder.id)
  const out: MissionAidRecording = { grantedOn, recorded: [], already: 0, refused: [], notInEuros: 0 }
  for (const [companyId, amount] of [...aid].sort(([a], [b]) => a.localeCompare(b))) {
    if (!amount.EUR) {
      if (amount.USD) out.notInEuros += 1
      continue
    }
    try {
      await recordAid({ companyId, eventId: mission.id, funderPartnerId: funder.id, grantedOn, amountEurMinor: amount.EUR, source: 'mission', note: `${mission.slug} · ${funder.name}` }, db)
      out.recorded.push({ companyId, amountEurMinor: amount.EUR })
    } catch (error) {
      if (!(error instanceof Refusal)) throw error
      if (error.code === 'deMinimisAlreadyRecorded') out.already += 1
      else if (error.code === 'deMinimisCeiling')
        out.refused.push({ companyId, company: String(error.vars?.company ?? ''), totalEurMinor: Number((error.details as { totalEurMinor?: number } | undefined)?.totalEurMinor ?? 0) })
      else throw error
    }
  }
  if (out.recorded.length || out.refused.length)
    await recordAudit(db, {
      actor: req.userId ? { userId: req.userId } : { label: 'system' },
      action: 'funders.aid_recorded',
      subjectType: 'event',
      subjectId: mission.id,
      data: { funderPartnerId: funder.id, grantedOn, recorded: out.recorded.length, totalEurMinor: out.recorded.reduce((s, r) => s + r.amountEurMinor, 0), refused: out.refused.length, already: out.already },
    })
  return out
}

export type MissionAidOutlook = {
  eventId: string
  grantedOn: string
  /** Companies with a mission aid row from this funder already in the register. */
  recordedCompanies: number
  /** Companies with aid (EUR) still to record from this funder. */
  toRecord: number
  overCeiling: { companyId: string; company: string; expectedEurMinor: number; receivedEurMinor: number; totalEurMinor: number }[]
}

/**
 * Per mission: how many companies' aid from the funder is in the register, and which companies
 * the mission would take over the ceiling — their expected aid from every funder, less what of this
 * mission is already recorded, added on the mission's day to what the register holds around it.
 */
export async function missionAidOutlook(db: DbOrTx, funderPartnerId: string, missions: { id: string; endsAt: Date; timezone: string }[]): Promise<MissionAidOutlook[]> {
  const out: MissionAidOutlook[] = []
  for (const m of missions) {
    const grantedOn = missionDay(m)
    const [expected, ofFunder, recorded] = await Promise.all([
      aidEquivalentByCompany(db, [m.id]),
      aidEquivalentByCompany(db, [m.id], funderPartnerId),
      db.select({ companyId: deMinimisAids.companyId, funderPartnerId: deMinimisAids.funderPartnerId, amountEurMinor: deMinimisAids.amountEurMinor }).from(deMinimisAids).where(and(eq(deMinimisAids.eventId, m.id), eq(deMinimisAids.source, 'mission'))),
    ])
    const recordedOf = (companyId: string) => recorded.filter((r) => r.companyId === companyId).reduce((s, r) => s + r.amountEurMinor, 0)
    const pending = [...expected].map(([companyId, a]) => ({ companyId, amountEurMinor: Math.max(0, (a.EUR ?? 0) - recordedOf(companyId)) })).filter((c) => c.amountEurMinor > 0)
    const statuses = await deMinimisStatuses(db, pending, grantedOn)
    const over = pending.filter((c) => statuses.get(c.companyId)?.wouldExceed)
    const names = over.length ? await db.select({ id: companies.id, name: companies.name }).from(companies).where(inArray(companies.id, over.map((c) => c.companyId))) : []
    const fromFunder = recorded.filter((r) => r.funderPartnerId === funderPartnerId)
    out.push({
      eventId: m.id,
      grantedOn,
      recordedCompanies: new Set(fromFunder.map((r) => r.companyId)).size,
      toRecord: [...ofFunder].filter(([companyId, a]) => (a.EUR ?? 0) > 0 && !fromFunder.some((r) => r.companyId === companyId)).length,
      overCeiling: over.map((c) => {
        const status = statuses.get(c.companyId)!
        return { companyId: c.companyId, company: names.find((n) => n.id === c.companyId)?.name ?? '', expectedEurMinor: c.amountEurMinor, receivedEurMinor: status.receivedEurMinor, totalEurMinor: status.totalWithNewEurMinor }
      }),
    })
  }
  return out
}

/**
 * For a company applying to a mission (the registration review): its expected aid if accepted —
 * the mission's funded EUR budget over the companies supported, itself included, rounded up —
 * less what of this mission is already in its register, and whether that passes the ceiling.
 * `null` when it does not (or the mission has no euro funding).
 */
export async function applicantAidWarning(db: DbOrTx, eventId: string, companyId: string) {
  const [mission] = await db.select({ endsAt: events.endsAt, timezone: events.timezone }).from(events).where(eq(events.id, eventId))
  if (!mission) return null
  const [row] = await db.execute<{ funded: string | number | null; supported: number; counted: boolean; recorded: string | number | null }>(sql`
    select
      (select sum(bs.amount_minor) from budget_line bl join budget_line_share bs on bs.budget_line_id = bl.id where bl.event_id = ${eventId} and bl.currency = 'EUR')::bigint as funded,
      (select count(distinct r.company_id) from registration r where r.event_id = ${eventId} and r.status = 'confirmed'
        and exists (select 1 from attendee a where a.registration_id = r.id and a.status = 'active'))::int as supported,
      exists (select 1 from registration r where r.event_id = ${eventId} and r.company_id = ${companyId} and r.status = 'confirmed'
        and exists (select 1 from attendee a where a.registration_id = r.id and a.status = 'active')) as counted,
      (select sum(amount_eur_minor) from de_minimis_aid where event_id = ${eventId} and company_id = ${companyId} and source = 'mission')::bigint as recorded`)
  const funded = Number(row?.funded ?? 0)
  if (!funded) return null
  const companiesSupported = row.supported + (row.counted ? 0 : 1)
  const expected = Math.max(0, Math.ceil(funded / companiesSupported) - Number(row.recorded ?? 0))
  if (!expected) return null
  const status = await deMinimisStatus(db, companyId, missionDay(mission), expected)
  return status.wouldExceed ? { expectedEurMinor: expected, receivedEurMinor: status.receivedEurMinor, totalEurMinor: status.totalWithNewEurMinor, ceilingEurMinor: DE_MINIMIS_CEILING_EUR_MINOR } : null
}
