import { and, eq, sql } from 'drizzle-orm'
import { afterAll, describe, expect, inject, it } from 'vitest'
import { createDatabase, getDb } from '#db/client'
import { meetingRequests } from '#db/schema/index'
import { answerRequest, sendRequest } from '~/modules/b2b/requests.server'
import { saveSettings } from '~/modules/b2b/sessions.server'
import { Refusal } from '~/utils/refusal'
import { createMeetup, joinMeetup } from './fixtures'

const pglite = inject('databaseKind') === 'pglite'
// A second pool: the race crosses pools as it would across web instances.
const second = createDatabase(inject('databaseUrl'), { max: pglite ? 2 : 10, applicationName: 'b2b-race-second-pool' })
afterAll(() => second.sql.end({ timeout: 5 }))

async function tally(promises: Promise<unknown>[]) {
  const out: Record<string, number> = {}
  for (const s of await Promise.allSettled(promises)) {
    const key = s.status === 'fulfilled' ? 'ok' : s.reason instanceof Refusal ? s.reason.code : `unexpected:${String(s.reason)}`
    out[key] = (out[key] ?? 0) + 1
  }
  return out
}

describe('racing for request places and answers', () => {
  it.runIf(pglite && Boolean(process.env.CI))('needs a PostgreSQL server to race (set TEST_DATABASE_URL)', () => {
    throw new Error('The B2B race test ran on the embedded database, where requests cannot race.')
  })

  it('12 concurrent sends from one company to 12 companies with a cap of 3: exactly 3 pending', async () => {
    const event = await createMeetup()
    await saveSettings(event.id, { requestExpiryHours: 72, maxOpenRequests: 3, slotMinutes: 20 })
    const seller = await joinMeetup(event, 'Racing Rum')
    const buyers = []
    for (let i = 0; i < 12; i++) buyers.push(await joinMeetup(event, `Buyer ${i}`, { country: 'US' }))
    const result = await tally(
      buyers.map((b, i) => sendRequest(seller, { toCompanyId: b.company.id, message: '', mustMeet: false }, { db: i % 2 ? second.db : undefined })),
    )
    expect(Object.keys(result).filter((k) => !['ok', 'b2bRequestCap', 'busy'].includes(k))).toEqual([])
    expect(result.ok).toBe(3)
    const [row] = await getDb().execute<{ n: number }>(
      sql`select count(*)::int as n from meeting_request where event_id = ${event.id} and from_company_id = ${seller.company.id} and status = 'pending'`,
    )
    expect(Number(row.n)).toBe(3)
  })

  it('an accept and a decline racing on the same request: one wins, the other is told it is decided', async () => {
    const event = await createMeetup()
    const seller = await joinMeetup(event, 'Racing Rum')
    const buyer = await joinMeetup(event, 'Buyer', { country: 'US' })
    for (let round = 0; round < 5; round++) {
      const request = await sendRequest(seller, { toCompanyId: buyer.company.id, message: `round ${round}`, mustMeet: false })
      const result = await tally([
        answerRequest(request.id, buyer.company.id, 'accepted'),
        answerRequest(request.id, buyer.company.id, 'declined', { db: second.db }),
        answerRequest(request.id, buyer.company.id, 'accepted', { db: second.db }),
      ])
      expect(result.ok).toBe(1)
      expect((result.b2bRequestNotPending ?? 0) + (result.busy ?? 0)).toBe(2)
      const [after] = await getDb().select().from(meetingRequests).where(and(eq(meetingRequests.id, request.id)))
      expect(['accepted', 'declined']).toContain(after.status)
      // Free the pair for the next round (an accepted request stays live).
      await getDb().update(meetingRequests).set({ status: 'cancelled' }).where(eq(meetingRequests.id, request.id))
    }
  })

  it('two companies sending each other requests at the same time do not deadlock', async () => {
    const event = await createMeetup()
    const a = await joinMeetup(event, 'Alpha')
    const b = await joinMeetup(event, 'Beta', { country: 'US' })
    const result = await tally([
      sendRequest(a, { toCompanyId: b.company.id, message: '', mustMeet: false }),
      sendRequest(b, { toCompanyId: a.company.id, message: '', mustMeet: false }, { db: second.db }),
    ])
    expect(result).toEqual({ ok: 2 })
  })
})
