import { describe, expect, it } from 'vitest'
import { sql } from 'drizzle-orm'
import { getDb } from '#db/client'
import { runRetention } from '~/modules/privacy/retention.server'
import { createDelegation, joinDelegation } from '../delegations/fixtures'

async function delegationWithIdentity(endedDaysAgo: number) {
  const event = await createDelegation()
  const { attendeeIds } = await joinDelegation(event)
  const end = new Date(Date.now() - endedDaysAgo * 24 * 3600_000)
  await getDb().execute(sql`update event set starts_at = ${end.toISOString()}::timestamptz - interval '3 days', ends_at = ${end.toISOString()}::timestamptz where id = ${event.id}`)
  // what the service stores (ciphertext); the retention rule does not need to read it
  await getDb().execute(sql`update delegate set passport_number_enc = 'v1:ciphertext', birth_date_enc = 'v1:ciphertext', identity_complete = 1 where attendee_id = ${attendeeIds[0]}`)
  return attendeeIds[0]
}

const identityOf = async (attendeeId: string) =>
  (await getDb().execute<{ passport_number_enc: string | null; birth_date_enc: string | null }>(sql`select passport_number_enc, birth_date_enc from delegate where attendee_id = ${attendeeId}`))[0]

describe('retention job, delegations', () => {
  it('clears travel identity 30 days after the mission returns, not before', async () => {
    const recent = await delegationWithIdentity(10)
    const old = await delegationWithIdentity(40)
    await runRetention()
    expect(await identityOf(recent)).toEqual({ passport_number_enc: 'v1:ciphertext', birth_date_enc: 'v1:ciphertext' })
    expect(await identityOf(old)).toEqual({ passport_number_enc: null, birth_date_enc: null })
  })
})
