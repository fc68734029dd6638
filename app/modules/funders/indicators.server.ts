/**
 * The indicator catalogue funders ask for. Each indicator has a code, a definition (French and
 * English), a unit and when it is measured, and is computed by one SQL query over the missions
 * of a report: the query lists its evidence (one row per company, person or meeting behind the
 * figure) and the figure is the count — or the sum — of those rows, so every number drills down
 * to who or what it counts. Same missions and period, same figures: nothing here reads the clock.
 */
import { sql, type SQL } from 'drizzle-orm'
import type { DbOrTx } from '#db/client'
import { SME_CLASS_SQL } from '~/modules/companies/sme'

export type IndicatorScope = { eventIds: string[]; /** Last day of the period (YYYY-MM-DD): size classes use figures up to its year, meetings held by its end. */ periodTo: string }

export type IndicatorDefinition = {
  code: string
  unit: 'missions' | 'companies' | 'people' | 'meetings' | 'usd'
  measured: 'mission' | 'end_of_mission' | 'follow_up_6m' | 'follow_up_12m'
  definition: { fr: string; en: string }
  /** Column summed for the figure; the row count when absent. */
  sumColumn?: string
  evidence: (scope: IndicatorScope) => SQL
}

const inMissions = (column: SQL, scope: IndicatorScope) => sql`${column} in (${sql.join(scope.eventIds.map((id) => sql`${id}::uuid`), sql`, `)})`

/** One row per company supported: a confirmed registration with at least one active delegate on a mission. */
const companiesSupported = (scope: IndicatorScope) => sql`
  select c.id as company_id, c.name as company, c.country, l.siret, l.naf_code, l.women_led,
    (select ${sql.raw(SME_CLASS_SQL)} from company_year_figures f
      where f.company_id = c.id and f.year <= extract(year from ${scope.periodTo}::date) order by f.year desc limit 1) as size_class,
    count(distinct r.event_id)::int as missions
  from company c
  left join company_legal l on l.company_id = c.id
  join registration r on r.company_id = c.id and r.status = 'confirmed'
  where ${inMissions(sql`r.event_id`, scope)}
    and exists (select 1 from attendee a where a.registration_id = r.id and a.status = 'active')
  group by c.id, l.siret, l.naf_code, l.women_led
  order by c.name, c.id`

const supported = companiesSupported

const delegates = (scope: IndicatorScope) => sql`
  select a.id as attendee_id, a.last_name, a.first_name, c.name as company, e.slug as mission, a.checked_in_at
  from attendee a
  join registration r on r.id = a.registration_id and r.status = 'confirmed'
  join company c on c.id = r.company_id
  join event e on e.id = a.event_id
  where a.status = 'active' and ${inMissions(sql`a.event_id`, scope)}
  order by e.slug, a.last_name, a.first_name, a.id`

const meetingsHeld = (scope: IndicatorScope) => sql`
  select m.id as meeting_id, e.slug as mission, s.starts_at, ca.name as company_a, cb.name as company_b, ca.country as country_a, cb.country as country_b
  from meeting m
  join meeting_slot s on s.id = m.slot_id
  join event e on e.id = m.event_id
  join company ca on ca.id = m.company_a_id
  join company cb on cb.id = m.company_b_id
  where m.status = 'published' and m.no_show_company_id is null
    and s.ends_at < (${scope.periodTo}::date + 1)::timestamptz
    and ${inMissions(sql`m.event_id`, scope)}
  order by s.starts_at, m.id`

const agreements = (months: 6 | 12) => (scope: IndicatorScope) => sql`
  select fu.meeting_id, c.name as company, fu.answered_at, fu.estimated_value_usd_minor
  from meeting_follow_up fu
  join meeting m on m.id = fu.meeting_id
  join company c on c.id = fu.company_id
  where fu.months = ${months} and fu.agreement_reached and ${inMissions(sql`m.event_id`, scope)}
  order by fu.answered_at, fu.meeting_id, c.name`

export const INDICATORS: IndicatorDefinition[] = [
  {
    code: 'MISSIONS',
    unit: 'missions',
    measured: 'mission',
    definition: { fr: 'Missions et événements du financeur sur la période.', en: 'The funder’s missions and events in the period.' },
    evidence: (scope) => sql`select e.id as event_id, e.slug as mission, e.starts_at, e.venue_city from event e where ${inMissions(sql`e.id`, scope)} order by e.starts_at, e.id`,
  },
  {
    code: 'ENT_SUPPORTED',
    unit: 'companies',
    measured: 'mission',
    definition: { fr: 'Entreprises accompagnées : inscription confirmée avec au moins un délégué (une entreprise sur deux missions compte une fois).', en: 'Enterprises supported: a confirmed registration with at least one delegate (a company on two missions counts once).' },
    evidence: supported,
  },
  ...(['micro', 'small', 'medium', 'large'] as const).map(
    (cls): IndicatorDefinition => ({
      code: `ENT_SUPPORTED_${cls.toUpperCase()}`,
      unit: 'companies',
      measured: 'mission',
      definition: {
        fr: `Entreprises accompagnées de taille ${{ micro: 'micro', small: 'petite', medium: 'moyenne', large: 'grande' }[cls]} (recommandation 2003/361, chiffres du dernier exercice déclaré).`,
        en: `Enterprises supported of ${cls} size (Recommendation 2003/361, figures of the latest declared year).`,
      },
      evidence: (scope) => sql`select * from (${supported(scope)}) x where x.size_class = ${cls}`,
    }),
  ),
  {
    code: 'ENT_SIZE_UNKNOWN',
    unit: 'companies',
    measured: 'mission',
    definition: { fr: 'Entreprises accompagnées sans chiffres déclarés (taille inconnue).', en: 'Enterprises supported with no declared figures (size unknown).' },
    evidence: (scope) => sql`select * from (${supported(scope)}) x where x.size_class is null`,
  },
  {
    code: 'ENT_WOMEN_LED',
    unit: 'companies',
    measured: 'mission',
    definition: { fr: 'Entreprises accompagnées dirigées par une femme (quand l’information est recueillie).', en: 'Enterprises supported led by a woman (when collected).' },
    evidence: (scope) => sql`select * from (${supported(scope)}) x where x.women_led`,
  },
  {
    code: 'ENT_CROSS_BORDER',
    unit: 'companies',
    measured: 'end_of_mission',
    definition: { fr: 'Entreprises coopérant par-delà les frontières : au moins un rendez-vous B2B tenu avec une entreprise d’un autre pays.', en: 'Enterprises cooperating across borders: at least one B2B meeting held with a company of another country.' },
    evidence: (scope) => sql`
      select distinct on (c.id) c.id as company_id, c.name as company, c.country, h.meeting_id
      from (${meetingsHeld(scope)}) h
      join meeting m on m.id = h.meeting_id
      join company c on c.id in (m.company_a_id, m.company_b_id)
      where h.country_a <> h.country_b
      order by c.id, h.meeting_id`,
  },
  {
    code: 'DELEGATES',
    unit: 'people',
    measured: 'mission',
    definition: { fr: 'Délégués inscrits (inscriptions confirmées), par mission.', en: 'Delegates registered (confirmed registrations), per mission.' },
    evidence: delegates,
  },
  {
    code: 'DELEGATES_ATTENDED',
    unit: 'people',
    measured: 'mission',
    definition: { fr: 'Délégués présents : enregistrés à l’accueil (heure de pointage).', en: 'Delegates who attended: checked in at the desk (check-in time).' },
    evidence: (scope) => sql`select * from (${delegates(scope)}) d where d.checked_in_at is not null`,
  },
  {
    code: 'B2B_MEETINGS_HELD',
    unit: 'meetings',
    measured: 'end_of_mission',
    definition: { fr: 'Rendez-vous B2B tenus : publiés, sans absence signalée, terminés avant la fin de la période.', en: 'B2B meetings held: published, no no-show reported, ended by the end of the period.' },
    evidence: meetingsHeld,
  },
  {
    code: 'AGREEMENTS_6M',
    unit: 'companies',
    measured: 'follow_up_6m',
    definition: { fr: 'Accords déclarés par les entreprises au suivi à 6 mois d’un rendez-vous.', en: 'Agreements reported by companies at the 6-month follow-up of a meeting.' },
    evidence: agreements(6),
  },
  {
    code: 'AGREEMENTS_12M',
    unit: 'companies',
    measured: 'follow_up_12m',
    definition: { fr: 'Accords déclarés par les entreprises au suivi à 12 mois d’un rendez-vous.', en: 'Agreements reported by companies at the 12-month follow-up of a meeting.' },
    evidence: agreements(12),
  },
  {
    code: 'EST_CONTRACT_VALUE_USD',
    unit: 'usd',
    measured: 'follow_up_12m',
    definition: { fr: 'Valeur estimée des affaires (USD) : dernière estimation donnée par chaque entreprise pour chaque rendez-vous.', en: 'Estimated business value (USD): the latest estimate each company gave for each meeting.' },
    sumColumn: 'estimated_value_usd_minor',
    evidence: (scope) => sql`
      select distinct on (fu.meeting_id, fu.company_id) fu.meeting_id, c.name as company, fu.months, fu.estimated_value_usd_minor
      from meeting_follow_up fu
      join meeting m on m.id = fu.meeting_id
      join company c on c.id = fu.company_id
      where fu.estimated_value_usd_minor is not null and ${inMissions(sql`m.event_id`, scope)}
      order by fu.meeting_id, fu.company_id, fu.months desc`,
  },
]

export type IndicatorValue = { code: string; unit: IndicatorDefinition['unit']; measured: IndicatorDefinition['measured']; definition: { fr: string; en: string }; value: number }

/** Every indicator's figure for the scope (one query each; a USD sum is in cents). */
export async function computeIndicators(db: DbOrTx, scope: IndicatorScope): Promise<IndicatorValue[]> {
  const out: IndicatorValue[] = []
  for (const ind of INDICATORS) {
    const agg = ind.sumColumn ? sql.raw(`coalesce(sum(${ind.sumColumn}), 0)::bigint`) : sql.raw('count(*)::int')
    const [row] = scope.eventIds.length ? await db.execute<{ value: number | string }>(sql`select ${agg} as value from (${ind.evidence(scope)}) ev`) : [{ value: 0 }]
    out.push({ code: ind.code, unit: ind.unit, measured: ind.measured, definition: ind.definition, value: Number(row.value) })
  }
  return out
}

/** The evidence rows of one indicator (the drill-down behind its figure). */
export async function indicatorEvidence(db: DbOrTx, code: string, scope: IndicatorScope): Promise<Record<string, unknown>[]> {
  const ind = INDICATORS.find((i) => i.code === code)
  if (!ind || !scope.eventIds.length) return []
  return db.execute<Record<string, unknown>>(ind.evidence(scope))
}
