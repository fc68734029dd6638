/**
 * Failures that are not bugs, through the whole HTTP server: PostgreSQL unreachable (restarting,
 * failing over) answers 503 with Retry-After, for pages, form posts and resource routes alike, and
 * goes back to normal as soon as the database answers again; a broken multipart body answers 400.
 * Never a 500.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDatabase, getDatabaseHandle, setDatabase } from '#db/client'
import { isDatabaseUnavailable } from '~/utils/database-errors'
import { createTestEvent } from '../../factories'
import { getDb } from '#db/client'
import { sql } from 'drizzle-orm'
import { FORM, form, OWN, send, startHttpApp } from './http-client'

let server: Awaited<ReturnType<typeof startHttpApp>>

beforeAll(async () => {
  server = await startHttpApp()
}, 120_000)
afterAll(async () => {
  await server?.close()
})

async function whileDatabaseDown<T>(run: () => Promise<T>): Promise<T> {
  const working = getDatabaseHandle()
  const down = createDatabase('postgres://postgres@127.0.0.1:1/none', { max: 1 })
  setDatabase(down)
  try {
    return await run()
  } finally {
    setDatabase(working)
    await down.sql.end({ timeout: 1 })
  }
}

describe('failures that are not bugs', () => {
  it('pages, a form post and a resource route answer 503 with Retry-After, then recover', async () => {
    const event = await createTestEvent(getDb(), { pools: [{ key: 'main', size: 5, tickets: ['guest'] }] })
    const answers = await whileDatabaseDown(async () => ({
      page: await send(server.port, 'GET', `/fr/events/${event.slug}`),
      post: await send(server.port, 'POST', `/en/events/${event.slug}/register`, {
        headers: { ...FORM, ...OWN, 'sec-fetch-site': 'same-origin' },
        body: form({ companyName: 'Outage SARL' }),
      }),
      resource: await send(server.port, 'GET', `/fr/events/${event.slug}/calendar.ics`),
    }))
    expect(answers.page.status).toBe(503)
    expect(answers.page.headers['retry-after']).toBe('5')
    expect(answers.page.body).toContain('Service momentanément indisponible')
    expect(answers.post.status).toBe(503)
    expect(answers.post.body).toContain('Service temporarily unavailable')
    expect(answers.resource.status).toBe(503)
    expect(answers.resource.headers['retry-after']).toBe('5')

    const back = await send(server.port, 'GET', `/fr/events/${event.slug}`)
    expect(back.status).toBe(200)
    expect(back.headers['retry-after']).toBeUndefined()
  })

  it('a multipart body that is not one answers 400 "check the form", and registers nobody', async () => {
    const event = await createTestEvent(getDb(), { pools: [{ key: 'main', size: 5, tickets: ['guest'] }] })
    const broken = await send(server.port, 'POST', `/fr/events/${event.slug}/register`, {
      headers: { 'content-type': 'multipart/form-data; boundary=xyz', ...OWN, 'sec-fetch-site': 'same-origin' },
      body: '--xyz\r\nContent-Disposition: form-data; name="companyName"\r\n\r\nCut here',
    })
    expect(broken.status).toBe(400)
    expect(broken.body).toContain('Demande invalide')
    expect(broken.body).toContain('data-error-status="400"')
    const [row] = await getDb().execute<{ n: number }>(sql`select count(*)::int as n from registration where event_id = ${event.id}`)
    expect(row.n).toBe(0)
  })

  it('tells an outage from other errors', () => {
    const wrapped = (code: string) => Object.assign(new Error('Failed query'), { cause: Object.assign(new Error('x'), { code }) })
    expect(isDatabaseUnavailable(wrapped('CONNECTION_CLOSED'))).toBe(true)
    expect(isDatabaseUnavailable(wrapped('57P01'))).toBe(true) // admin shutdown
    expect(isDatabaseUnavailable(wrapped('08006'))).toBe(true) // connection failure
    expect(isDatabaseUnavailable(wrapped('23505'))).toBe(false) // unique violation
    expect(isDatabaseUnavailable(wrapped('42P01'))).toBe(false) // undefined table
    expect(isDatabaseUnavailable(new Error('plain'))).toBe(false)
  })
})
