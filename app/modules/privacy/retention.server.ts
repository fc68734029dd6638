import { sql } from 'drizzle-orm'
import { getDb, type Transaction } from '#db/client'
import { privacyRetentionRuns } from '#db/schema/index'
import { recordAudit } from '~/modules/audit/audit.server'
import { getEnv } from '~/utils/env.server'
import { RETENTION_RULES } from './inventory'

type Rule = { name: string; run: (tx: Transaction, now: Date, ctx: { funderYears: number }) => Promise<number> }

const iso = (d: Date) => sql`${d.toISOString()}::timestamptz`

/**
 * The automatic retention rules (see RETENTION_RULES in inventory.ts). Each is one set-based
 * statement, safe to run again (a row it changed no longer matches), and never touches invoices,
 * payments or funder shares; attendance lists under the funder hold are skipped.
 */
export const RETENTION_JOBS: Rule[] = [
  {
    // Health and special needs, and delegations' travel data: 30 days after the event ends (or the mission returns).
    name: 'travel_after_return',
    async run(tx, now) {
      const days = RETENTION_RULES.travel_after_return.days
      const rows = await tx.execute(sql`
        update attendee a set needs = null, phone = null
        from event e
        where e.id = a.event_id and e.ends_at + make_interval(days => ${days}) < ${iso(now)}
          and (a.needs is not null or a.phone is not null)
        returning a.id`)
      // Delegations: travel identity, booking references and special requests, 30 days after the
      // mission returns (its return date, else the event's end); the rooming lists sent are dropped.
      const ended = sql`(select coalesce(ds.return_date::timestamptz, e.ends_at) from event e left join delegation_settings ds on ds.event_id = e.id where e.id = t.event_id) + make_interval(days => ${days}) < ${iso(now)}`
      const delegates = await tx.execute(sql`
        update delegate t set passport_name_enc = null, passport_number_enc = null, passport_country_enc = null,
          passport_expiry_enc = null, nationality_enc = null, birth_date_enc = null, travel_authorisation_kind_enc = null,
          travel_authorisation_number_enc = null, travel_authorisation_valid_until_enc = null, identity_complete = 0
        where ${ended} and (passport_number_enc is not null or birth_date_enc is not null or passport_name_enc is not null)
        returning t.attendee_id`)
      const flights = await tx.execute(sql`update flight_segment t set booking_reference = null where ${ended} and booking_reference is not null returning t.id`)
      const rooms = await tx.execute(sql`update room_assignment t set special_requests = null where ${ended} and special_requests is not null returning t.id`)
      const lists = await tx.execute(sql`delete from rooming_list_send s using hotel_block t where t.id = s.block_id and ${ended} returning s.id`)
      return rows.length + delegates.length + flights.length + rooms.length + lists.length
    },
  },
  {
    // People with no registration for 3 years: names and addresses pseudonymised (funder lists under hold skipped).
    name: 'contact_inactive',
    async run(tx, now, { funderYears }) {
      const years = RETENTION_RULES.contact_inactive.years
      const cutoff = sql`${iso(now)} - make_interval(years => ${years})`
      const held = sql`exists (select 1 from funder_share f where f.registration_id = r.id)
        and coalesce((select max(p.succeeded_at) from payment p where p.registration_id = r.id), r.confirmed_at, r.created_at)
            + make_interval(years => ${funderYears}) > ${iso(now)}`
      const a = await tx.execute(sql`
        update attendee a set first_name = 'Personne', last_name = 'effacée ' || left(md5(a.id::text), 8),
          email = 'erased-' || left(md5(a.id::text), 16) || '@erased.invalid', phone = null, job_title = null, needs = null
        from registration r, event e
        where r.id = a.registration_id and e.id = a.event_id and e.ends_at < ${cutoff}
          and a.email not like '%@erased.invalid'
          and not exists (select 1 from attendee b join event e2 on e2.id = b.event_id
                          where lower(b.email) = lower(a.email) and e2.ends_at >= ${cutoff})
          and not (${held})
        returning a.id`)
      const r = await tx.execute(sql`
        update registration r set contact_name = 'Personne effacée ' || left(md5(r.id::text), 8),
          contact_email = 'erased-' || left(md5(r.id::text), 16) || '@erased.invalid', answers = '{}'::jsonb, decision_note = null
        from event e
        where e.id = r.event_id and e.ends_at < ${cutoff}
          and r.contact_email not like '%@erased.invalid'
          and not exists (select 1 from registration q join event e2 on e2.id = q.event_id
                          where lower(q.contact_email) = lower(r.contact_email) and e2.ends_at >= ${cutoff})
          and not (${held})
        returning r.id`)
      const w = await tx.execute(sql`
        update waitlist_entry w set name = 'Personne effacée', email = 'erased-' || left(md5(w.id::text), 16) || '@erased.invalid', company_name = null
        from event e
        where e.id = w.event_id and e.ends_at < ${cutoff} and w.email not like '%@erased.invalid'
        returning w.id`)
      return a.length + r.length + w.length
    },
  },
  {
    // Signed attendance sheets (tablet signatures and scanned sheets): kept for the funders'
    // audits, deleted PRIVACY_FUNDER_LIST_YEARS years after the mission ended.
    name: 'funder_hold_end',
    async run(tx, now, { funderYears }) {
      const ended = sql`e.ends_at + make_interval(years => ${funderYears}) < ${iso(now)}`
      const signatures = await tx.execute(sql`
        delete from attendance_signature s using programme_item p, event e
        where p.id = s.programme_item_id and e.id = p.event_id and ${ended} returning s.id`)
      const scans = await tx.execute(sql`
        delete from attendance_sheet_scan c using programme_item p, event e
        where p.id = c.programme_item_id and e.id = p.event_id and ${ended} returning c.id`)
      return signatures.length + scans.length
    },
  },
  {
    name: 'token_expiry',
    async run(tx, now) {
      const a = await tx.execute(sql`delete from company_sign_in_token where expires_at < ${iso(now)} returning token_hash`)
      const b = await tx.execute(sql`delete from management_token where expires_at < ${iso(now)} - interval '30 days' returning token_hash`)
      return a.length + b.length
    },
  },
  {
    name: 'mail_log',
    async run(tx, now) {
      const days = RETENTION_RULES.mail_log.days
      const a = await tx.execute(sql`
        update email_message set payload = null
        where created_at < ${iso(now)} - make_interval(days => ${days}) and payload is not null and status in ('sent', 'failed', 'cancelled')
        returning id`)
      const b = await tx.execute(sql`delete from dev_mailbox_message where received_at < ${iso(now)} - make_interval(days => ${days}) returning id`)
      return a.length + b.length
    },
  },
  {
    name: 'inbound_mail',
    async run(tx, now) {
      const days = RETENTION_RULES.inbound_mail.days
      const rows = await tx.execute(sql`
        update inbound_message set raw = ''::bytea, from_address = null, subject = null
        where received_at < ${iso(now)} - make_interval(days => ${days}) and status <> 'stored' and octet_length(raw) > 0
        returning id`)
      return rows.length
    },
  },
]

/** Applies every rule, each in its own transaction with its audit entry and run row. */
export async function runRetention(now = new Date()) {
  const db = getDb()
  const funderYears = getEnv().PRIVACY_FUNDER_LIST_YEARS
  const report: Record<string, number> = {}
  for (const rule of RETENTION_JOBS) {
    report[rule.name] = await db.transaction(async (tx) => {
      const affected = await rule.run(tx, now, { funderYears })
      await tx.insert(privacyRetentionRuns).values({ rule: rule.name, affected, ranAt: now }).onConflictDoNothing()
      await recordAudit(tx, {
        actor: { label: 'system' },
        action: 'privacy.retention',
        subjectType: 'retention_rule',
        subjectId: '00000000-0000-0000-0000-000000000000',
        data: { rule: rule.name, affected, at: now.toISOString() },
      })
      return affected
    })
  }
  return report
}
