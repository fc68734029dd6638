/**
 * Each company's aid equivalent for the missions of a report: the publicly funded budget of a
 * mission split evenly over the companies it supported (largest remainder: the first companies
 * in id order take the leftover cents), plus the funders' shares of the company's own
 * registrations (funder codes at checkout). In the mission's currency; the de minimis register
 * counts euros, so only EUR amounts feed the warning. With a funder, only that funder's part:
 * its shares of the budget lines and of the registrations (what the register records per funder).
 */
import { sql, type SQL } from 'drizzle-orm'
import type { DbOrTx } from '#db/client'
import { splitEvenly } from './allocation'

export type AidEquivalent = Partial<Record<'EUR' | 'USD', number>>

export async function aidEquivalentByCompany(db: DbOrTx, eventIds: string[], funderPartnerId?: string): Promise<Map<string, AidEquivalent>> {
  const out = new Map<string, AidEquivalent>()
  if (!eventIds.length) return out
  const add = (companyId: string, currency: 'EUR' | 'USD', minor: number) => {
    const row = out.get(companyId) ?? {}
    row[currency] = (row[currency] ?? 0) + minor
    out.set(companyId, row)
  }
  const ids = sql.join(eventIds.map((id) => sql`${id}::uuid`), sql`, `)
  const ofFunder = (column: SQL) => (funderPartnerId ? sql`and ${column} = ${funderPartnerId}::uuid` : sql``)
  const budgets = await db.execute<{ event_id: string; currency: 'EUR' | 'USD'; funded: string | number }>(sql`
    select bl.event_id, bl.currency, sum(bs.amount_minor)::bigint as funded
    from budget_line bl join budget_line_share bs on bs.budget_line_id = bl.id
    where bl.event_id in (${ids}) ${ofFunder(sql`bs.funder_partner_id`)} group by bl.event_id, bl.currency`)
  const supported = await db.execute<{ event_id: string; company_id: string }>(sql`
    select distinct r.event_id, r.company_id from registration r
    where r.event_id in (${ids}) and r.status = 'confirmed'
      and exists (select 1 from attendee a where a.registration_id = r.id and a.status = 'active')
    order by r.event_id, r.company_id`)
  for (const b of budgets) {
    const companies = supported.filter((s) => s.event_id === b.event_id).map((s) => s.company_id)
    splitEvenly(Number(b.funded), companies.length).forEach((minor, i) => add(companies[i], b.currency, minor))
  }
  const shares = await db.execute<{ company_id: string; currency: 'EUR' | 'USD'; minor: string | number }>(sql`
    select r.company_id, fs.currency, sum(fs.amount_minor)::bigint as minor
    from funder_share fs join registration r on r.id = fs.registration_id
    where r.event_id in (${ids}) and r.status = 'confirmed' ${ofFunder(sql`fs.funder_partner_id`)}
    group by r.company_id, fs.currency`)
  for (const s of shares) add(s.company_id, s.currency, Number(s.minor))
  return out
}
