import { eq, sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { getDb } from '#db/client'
import { emailMessages, passwordTokens, sessions, users } from '#db/schema/index'
import { createSession } from '~/modules/auth/session.server'
import { requestPasswordReset, sendPasswordLink, setPasswordWithToken, RESET_LIMIT } from '~/modules/auth/password-tokens.server'
import { signIn } from '~/modules/auth/sign-in.server'
import { dispatch } from '~/modules/notifications/dispatch.server'
import type { NotificationOf } from '~/modules/notifications/notification'
import { deliverEmail } from '~/modules/mail/send.server'
import { action as usersAction } from '~/routes/$lang.admin.users'
import { action as setPasswordAction, loader as setPasswordLoader } from '~/routes/$lang.password.$token'
import { action as resetAction } from '~/routes/$lang.password-reset'
import { createAdminWorld, request } from '../admin/fixtures'
import { smtpForThisFile } from '../mail/smtp-per-file'
import { createTestUser, randomIp, run } from './helpers'
import { routeArgs } from '../../factories/route-args'

const ctx = { context: { requestId: 'test', cspNonce: 'test' } }
const smtp = smtpForThisFile()

async function queuedNotifications(kind: 'user.invitation' | 'user.password-reset', email: string) {
  const rows = await getDb().execute<{ data: NotificationOf<'user.invitation' | 'user.password-reset'> }>(
    sql`select data from pgboss.job where name = 'notify.dispatch' and data->>'kind' = ${kind} and data->'data'->>'email' = ${email} order by created_on`,
  )
  return rows.map((r) => r.data)
}

/** Runs the queued notifications like the worker (twice, as a retried job would), then sends the mails. */
async function deliverAll(kind: 'user.invitation' | 'user.password-reset', email: string) {
  for (const n of await queuedNotifications(kind, email)) {
    await dispatch(n)
    await dispatch(n)
  }
  const rows = await getDb().select({ id: emailMessages.id }).from(emailMessages).where(sql`lower(${emailMessages.toAddress}) = ${email} and ${emailMessages.status} = 'queued'`)
  for (const row of rows) await deliverEmail(row.id)
  return smtp.parsed(email)
}

function linkIn(text: string, lang: 'fr' | 'en') {
  const match = new RegExp(`https?://[^\\s"<>]+/${lang}/password/([A-Za-z0-9_-]+)`).exec(text)
  if (!match) throw new Error(`no ${lang} password link in: ${text.slice(0, 500)}`)
  return match[1]
}

function postForm(path: string, form: Record<string, string>, cookie: string | null = null) {
  return request(path, cookie, { form })
}

describe('inviting a back-office user', () => {
  it('mails a one-use link in their language; it sets the password once, then signs in; the link is dead afterwards', async () => {
    const world = await createAdminWorld()
    const email = `new-${world.org.slug}@example.test`
    const invited = await run(() =>
      usersAction(routeArgs({ request: postForm('/fr/admin/users', { intent: 'invite', name: 'Jane Buyer', email, locale: 'en', roles: 'organiser' }, world.people.admin.cookie), params: { lang: 'fr' }, ...ctx })),
    )
    expect(invited.status).toBe(200)
    expect(invited.body).toMatchObject({ ok: true, notice: 'admin.users.invited' })

    const mails = await deliverAll('user.invitation', email)
    expect(mails).toHaveLength(1) // the retried job sent nothing twice
    expect(mails[0].subject).toBe(`Your Passerelle account — ${world.org.name}`)
    expect(mails[0].text).toContain('Choose my password')
    const token = linkIn(mails[0].text ?? '', 'en')

    const page = await run(() => setPasswordLoader(routeArgs({ request: request(`/en/password/${token}`, null), params: { lang: 'en', token }, ...ctx })))
    expect(page.status).toBe(200)
    expect(page.body).toEqual({ link: { purpose: 'invitation', email } })

    const short = await run(() => setPasswordAction(routeArgs({ request: postForm(`/en/password/${token}`, { password: 'short', confirm: 'short' }), params: { lang: 'en', token }, ...ctx })))
    expect(short.status).toBe(400)
    expect(short.body).toMatchObject({ fieldErrors: { password: 'At least 12 characters.' } })
    const mismatch = await run(() =>
      setPasswordAction(routeArgs({ request: postForm(`/en/password/${token}`, { password: 'a long enough phrase', confirm: 'another long phrase' }), params: { lang: 'en', token }, ...ctx })),
    )
    expect(mismatch.status).toBe(400)
    expect(mismatch.body).toMatchObject({ fieldErrors: { confirm: 'The two passwords are not the same.' } })
    const [before] = await getDb().select({ passwordHash: users.passwordHash }).from(users).where(eq(users.email, email))
    expect(before.passwordHash).toBeNull()

    const done = await run(() =>
      setPasswordAction(routeArgs({ request: postForm(`/en/password/${token}`, { password: 'rhum agricole de Martinique', confirm: 'rhum agricole de Martinique' }), params: { lang: 'en', token }, ...ctx })),
    )
    expect(done.status).toBe(302)
    expect(done.headers.get('location')).toBe('/en/sign-in?password=set')
    const signedIn = await signIn({ email, password: 'rhum agricole de Martinique', ip: randomIp() })
    expect(signedIn.outcome).toBe('signed-in')

    const again = await run(() =>
      setPasswordAction(routeArgs({ request: postForm(`/en/password/${token}`, { password: 'somebody else’s phrase', confirm: 'somebody else’s phrase' }), params: { lang: 'en', token }, ...ctx })),
    )
    expect(again.status).toBe(410)
    expect((await signIn({ email, password: 'somebody else’s phrase', ip: randomIp() })).outcome).toBe('invalid')
    const deadPage = await run(() => setPasswordLoader(routeArgs({ request: request(`/en/password/${token}`, null), params: { lang: 'en', token }, ...ctx })))
    expect(deadPage.status).toBe(410)

    // Once the password is chosen there is nothing to resend.
    const [row] = await getDb().select({ id: users.id }).from(users).where(eq(users.email, email))
    const resend = await run(() => usersAction(routeArgs({ request: postForm('/fr/admin/users', { intent: 'resend', userId: row.id }, world.people.admin.cookie), params: { lang: 'fr' }, ...ctx })))
    expect(resend.status).toBe(409)
  })

  it('an organiser cannot invite; an expired invitation link is refused and a resent one works', async () => {
    const world = await createAdminWorld()
    const email = `late-${world.org.slug}@example.test`
    const refused = await run(() =>
      usersAction(routeArgs({ request: postForm('/fr/admin/users', { intent: 'invite', name: 'X', email, locale: 'fr', roles: 'admin' }, world.people.organiser.cookie), params: { lang: 'fr' }, ...ctx })),
    )
    expect(refused.status).toBe(403)
    expect(await queuedNotifications('user.invitation', email)).toHaveLength(0)

    await run(() => usersAction(routeArgs({ request: postForm('/fr/admin/users', { intent: 'invite', name: 'Léa', email, locale: 'fr', roles: 'check_in' }, world.people.admin.cookie), params: { lang: 'fr' }, ...ctx })))
    const [first] = await deliverAll('user.invitation', email)
    expect(first.subject).toContain('Votre compte Passerelle')
    const oldToken = linkIn(first.text ?? '', 'fr')
    const eightDaysLater = new Date(Date.now() + 8 * 24 * 3600_000)
    expect(await setPasswordWithToken(oldToken, 'une phrase assez longue', { now: eightDaysLater })).toBeNull()

    const [person] = await getDb().select({ id: users.id }).from(users).where(eq(users.email, email))
    const resent = await run(() => usersAction(routeArgs({ request: postForm('/fr/admin/users', { intent: 'resend', userId: person.id }, world.people.admin.cookie), params: { lang: 'fr' }, ...ctx })))
    expect(resent.body).toMatchObject({ ok: true, notice: 'admin.users.resent' })
    const mails = await deliverAll('user.invitation', email)
    expect(mails).toHaveLength(2)
    const newToken = linkIn(mails[1].text ?? '', 'fr')
    expect(newToken).not.toBe(oldToken)
    expect(await setPasswordWithToken(newToken, 'une phrase assez longue')).toBe(person.id)
    // Using one link spends the other.
    expect(await setPasswordWithToken(oldToken, 'une autre phrase longue')).toBeNull()
  })

  it('two submissions of the same link at once: exactly one sets the password', async () => {
    const person = await createTestUser()
    const [{ organisationId }] = await getDb().select({ organisationId: users.organisationId }).from(users).where(eq(users.id, person.id))
    await getDb().transaction((tx) => sendPasswordLink(tx, { id: person.id, email: person.email, name: 'P', locale: 'fr', organisationId }, 'reset'))
    const [n] = await queuedNotifications('user.password-reset', person.email)
    const token = /\/password\/([A-Za-z0-9_-]+)$/.exec(String(n.data?.url))?.[1] ?? ''
    const results = await Promise.all(['first phrase is long', 'second phrase is long', 'third phrase is long'].map((p) => setPasswordWithToken(token, p)))
    expect(results.filter((r) => r === person.id)).toHaveLength(1)
  })
})

describe('forgotten password', () => {
  it('answers the same for known and unknown addresses, mails only the known one, and a reset signs out everywhere', async () => {
    const person = await createTestUser({ password: 'the old password' })
    const cookie = (await createSession(person.id)).split(';')[0]
    expect(cookie).toBeTruthy()
    const unknown = `nobody-${person.id.slice(0, 8)}@auth.test`
    const ip = randomIp()
    const known = await run(() => resetAction(routeArgs({ request: postForm('/fr/password-reset', { email: person.email.toUpperCase() }), params: { lang: 'fr' }, ...ctx })))
    const nobody = await run(() => resetAction(routeArgs({ request: postForm('/fr/password-reset', { email: unknown }), params: { lang: 'fr' }, ...ctx })))
    expect(known.status).toBe(200)
    expect(nobody.status).toBe(200)
    expect(known.body).toMatchObject({ sent: true, formError: undefined })
    expect(nobody.body).toMatchObject({ sent: true, formError: undefined })
    expect(await queuedNotifications('user.password-reset', unknown)).toHaveLength(0)
    const [mail] = await deliverAll('user.password-reset', person.email)
    expect(mail.subject).toContain('Nouveau mot de passe')
    const token = linkIn(mail.text ?? '', 'fr')
    expect(await setPasswordWithToken(token, 'a brand new phrase')).toBe(person.id)
    expect(await getDb().select().from(sessions).where(eq(sessions.userId, person.id))).toHaveLength(0)
    expect((await signIn({ email: person.email, password: 'the old password', ip })).outcome).toBe('invalid')
    expect((await signIn({ email: person.email, password: 'a brand new phrase', ip })).outcome).toBe('signed-in')
  })

  it('rejects a malformed address with a message in the reader’s language and limits requests per address', async () => {
    const bad = await run(() => resetAction(routeArgs({ request: postForm('/en/password-reset', { email: 'not-an-email' }), params: { lang: 'en' }, ...ctx })))
    expect(bad.status).toBe(400)
    expect(bad.body).toMatchObject({ formError: 'The request did not go through.' })
    const person = await createTestUser()
    const outcomes = []
    for (let i = 0; i <= RESET_LIMIT; i++) outcomes.push((await requestPasswordReset(person.email, randomIp())).outcome)
    expect(outcomes.slice(0, RESET_LIMIT).every((o) => o === 'done')).toBe(true)
    expect(outcomes[RESET_LIMIT]).toBe('rate-limited')
    const links = await getDb().select().from(passwordTokens).where(eq(passwordTokens.userId, person.id))
    expect(links).toHaveLength(RESET_LIMIT)
  })
})
