/**
 * The bench's baseline for a registration: the same lock → check → insert transaction as the
 * app's `registerCompany`, hand-written with postgres.js (no validation, no jobs, no audit), on
 * an event of its own with a big pool. Returns one attempt: true when it committed.
 */
import crypto from 'node:crypto'
import type postgres from 'postgres'
import type { Database } from '#db/client'
import { isLockConflict } from '~/modules/locks/locks.server'
import { createTestEvent } from '../factories'

export async function rawRegistrationLoop(raw: postgres.Sql, db: Database): Promise<() => Promise<boolean>> {
  const baseEvent = await createTestEvent(db, { tickets: [{ key: 'guest', maxPerOrder: 10 }], pools: [{ key: 'hall', size: 1_000_000, tickets: ['guest'] }] })
  const [company] = await raw`
    insert into company (organisation_id, name, country, contact_email, contact_name)
    values (${baseEvent.organisationId}, 'Bench baseline', 'MQ', ${`bench-${crypto.randomUUID()}@bench.example`}, 'Bench')
    returning id`
  const typeId = baseEvent.ticket.guest
  const baselineOnce = async () => {
    try {
      await raw.begin(async (tx) => {
        await tx`set local lock_timeout = '3s'`
        const [event] = await tx`select capacity from event where id = ${baseEvent.id} for no key update`
        const pools = await tx`select id, size from capacity_pool where event_id = ${baseEvent.id} order by id for update`
        const [{ used }] = await tx`
          select count(*)::int as used from attendee a
          where a.event_id = ${baseEvent.id} and a.status = 'active'
            and (a.registration_status = 'confirmed' or (a.registration_status = 'awaiting_payment'
              and exists (select 1 from registration r where r.id = a.registration_id and r.hold_expires_at > now())))`
        if (used + 1 > pools[0].size || (event.capacity !== null && used + 1 > event.capacity)) throw new Error('sold out')
        const [registration] = await tx`
          insert into registration (event_id, company_id, reference, status, contact_name, contact_email, currency, privacy_accepted_at, confirmed_at)
          values (${baseEvent.id}, ${company.id}, ${`B-${crypto.randomUUID()}`}, 'confirmed', 'Bench', 'bench@bench.example', 'USD', now(), now())
          returning id`
        await tx`
          insert into attendee (registration_id, event_id, ticket_type_id, first_name, last_name, email, calendar_uid, check_in_secret)
          values (${registration.id}, ${baseEvent.id}, ${typeId}, 'Bench', 'Person', ${`${crypto.randomUUID()}@bench.example`},
            ${`${crypto.randomUUID()}@passerelle.ccem`}, ${crypto.randomBytes(18).toString('base64url')})`
      })
      return true
    } catch (error) {
      if (isLockConflict(error)) return false
      throw error
    }
  }
  return baselineOnce
}
