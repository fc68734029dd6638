import { and, eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { getDb } from '#db/client'
import { auditEntries, sessions, users } from '#db/schema/index'
import { getOptionalUser } from '~/modules/auth/session.server'
import { SIGN_IN_ACCOUNT_LIMIT } from '~/modules/auth/sign-in.server'
import { action as signInAction, loader as signInLoader } from '~/routes/$lang.sign-in'
import { action as signOutAction, loader as signOutLoader } from '~/routes/$lang.sign-out'
import { loader as adminLoader } from '~/routes/$lang.admin'
import { cookieFrom, createTestUser, randomIp, run, signInRequest } from './helpers'
import { routeArgs } from '../../factories/route-args'

const ctx = { context: { requestId: 'test', cspNonce: 'test' } }

function signIn(lang: 'fr' | 'en', fields: Record<string, string>, options: { ip?: string | null; query?: string } = {}) {
  return run(() => signInAction(routeArgs({ request: signInRequest(lang, fields, options), params: { lang }, ...ctx })))
}

function formError(body: unknown) {
  return (body as { formError: string | null }).formError
}

describe('organiser sign-in', () => {
  it('signs in, sets a session cookie the app accepts, records the sign-in and goes to the back office', async () => {
    const person = await createTestUser({ roles: ['admin'] })
    const result = await signIn('fr', { email: `  ${person.email.toUpperCase()} `, password: person.password })
    expect(result.status).toBe(302)
    expect(result.headers.get('location')).toBe('/fr/admin')
    const setCookie = result.headers.get('set-cookie')
    expect(setCookie).toMatch(/passerelle_session=.+; .*HttpOnly/i)
    expect(setCookie).toMatch(/SameSite=Lax/i)

    const request = new Request('http://passerelle.test/fr/admin', { headers: { cookie: cookieFrom(setCookie) } })
    const user = await getOptionalUser(request)
    expect(user).toMatchObject({ id: person.id, email: person.email, roles: ['admin'] })

    const admin = await run(() => adminLoader(routeArgs({ request, params: { lang: 'fr' }, ...ctx })))
    expect(admin.status).toBe(200)

    const [row] = await getDb().select({ lastSignInAt: users.lastSignInAt }).from(users).where(eq(users.id, person.id))
    expect(row.lastSignInAt).toBeInstanceOf(Date)
    const audits = await getDb()
      .select()
      .from(auditEntries)
      .where(and(eq(auditEntries.subjectId, person.id), eq(auditEntries.action, 'auth.sign-in')))
    expect(audits).toHaveLength(1)
  })

  it('answers a wrong password, an unknown email and a disabled account in exactly the same way', async () => {
    const person = await createTestUser()
    const disabled = await createTestUser({ disabled: true })
    const wrongPassword = await signIn('en', { email: person.email, password: 'not-the-password' })
    const unknownEmail = await signIn('en', { email: `nobody-${person.id}@auth.test`, password: 'not-the-password' })
    const disabledAccount = await signIn('en', { email: disabled.email, password: disabled.password })

    for (const result of [wrongPassword, unknownEmail, disabledAccount]) {
      expect(result.status).toBe(401)
      expect(result.headers.get('set-cookie')).toBeNull()
      expect(formError(result.body)).toBe('Incorrect email address or password.')
    }
    // The typed email is kept; everything else is identical.
    const { email: _a, ...wrong } = wrongPassword.body as Record<string, unknown>
    const { email: _b, ...unknown } = unknownEmail.body as Record<string, unknown>
    expect(unknown).toEqual(wrong)
    expect((wrongPassword.body as { email: string }).email).toBe(person.email)
  })

  it('spends the same password work on an unknown email as on a known one', async () => {
    const person = await createTestUser()
    const time = async (email: string) => {
      const started = performance.now()
      await signIn('en', { email, password: 'not-the-password' })
      return performance.now() - started
    }
    const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]
    const known: number[] = []
    const unknown: number[] = []
    for (let i = 0; i < 3; i++) {
      known.push(await time(person.email))
      unknown.push(await time(`ghost-${i}-${person.id}@auth.test`))
    }
    // Without the decoy hash an unknown email answers in about a millisecond; argon2id takes tens.
    expect(median(unknown)).toBeGreaterThan(median(known) * 0.5)
  })

  it('checks the form on the server and answers in the reader’s language', async () => {
    const result = await signIn('fr', { email: 'pas-une-adresse', password: '' })
    expect(result.status).toBe(400)
    expect(result.body).toMatchObject({
      email: 'pas-une-adresse',
      fieldErrors: { email: expect.stringContaining('adresse e-mail valide'), password: 'Ce champ est obligatoire.' },
    })
  })

  it('refuses the 11th rapid attempt for one email from one address with 429 (Retry-After), without locking the owner out elsewhere', async () => {
    const person = await createTestUser()
    const stranger = randomIp()
    for (let attempt = 1; attempt <= 10; attempt++) {
      const result = await signIn('fr', { email: person.email, password: `wrong-${attempt}` }, { ip: stranger })
      expect(result.status).toBe(401)
    }
    const eleventh = await signIn('fr', { email: person.email, password: person.password }, { ip: stranger })
    expect(eleventh.status).toBe(429)
    expect(eleventh.headers.get('set-cookie')).toBeNull()
    expect(Number(eleventh.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(formError(eleventh.body)).toMatch(/^Trop de tentatives\. Réessayez dans 1[45] minutes\.$/)
    const english = await signIn('en', { email: person.email, password: 'wrong' }, { ip: stranger })
    expect(english.status).toBe(429)
    expect(formError(english.body)).toMatch(/^Too many attempts/)

    // The owner, from their own address, is not locked out by the stranger.
    const owner = await signIn('fr', { email: person.email, password: person.password }, { ip: randomIp() })
    expect(owner.status).toBe(302)
  })

  it('caps one account at 50 attempts an hour from everywhere, and raises an alert when it fills', async () => {
    const person = await createTestUser()
    for (let attempt = 1; attempt <= SIGN_IN_ACCOUNT_LIMIT; attempt++) {
      const result = await signIn('en', { email: person.email, password: `wrong-${attempt}` }, { ip: randomIp() })
      expect(result.status).toBe(401)
    }
    const next = await signIn('en', { email: person.email, password: person.password }, { ip: randomIp() })
    expect(next.status).toBe(429)
    expect(Number(next.headers.get('retry-after'))).toBeGreaterThan(15 * 60)
    const alerts = await getDb()
      .select({ action: auditEntries.action })
      .from(auditEntries)
      .where(and(eq(auditEntries.subjectId, person.id), eq(auditEntries.action, 'auth.sign-in-throttled')))
    expect(alerts).toHaveLength(1)
  })

  it('refuses the 11th rapid attempt from one address, whatever the emails', async () => {
    const person = await createTestUser()
    const ip = randomIp()
    for (let attempt = 1; attempt <= 10; attempt++) {
      const result = await signIn('en', { email: `someone-${attempt}-${person.id}@auth.test`, password: 'guess' }, { ip })
      expect(result.status).toBe(401)
    }
    const eleventh = await signIn('en', { email: person.email, password: person.password }, { ip })
    expect(eleventh.status).toBe(429)
    const elsewhere = await signIn('en', { email: person.email, password: person.password }, { ip: randomIp() })
    expect(elsewhere.status).toBe(302)
  })

  it('counts only failed attempts: an organiser who signs in often from one address is never refused, guesses still are', async () => {
    const person = await createTestUser()
    const ip = randomIp()
    for (let attempt = 1; attempt <= 15; attempt++) {
      const result = await signIn('en', { email: person.email, password: person.password }, { ip })
      expect(result.status).toBe(302)
    }
    for (let attempt = 1; attempt <= 10; attempt++) {
      const result = await signIn('en', { email: person.email, password: `wrong-${attempt}` }, { ip })
      expect(result.status).toBe(401)
    }
    const eleventh = await signIn('en', { email: person.email, password: person.password }, { ip })
    expect(eleventh.status).toBe(429)
  })

  it('does not lump every client into one bucket when their address is unknown', async () => {
    const person = await createTestUser()
    for (let attempt = 1; attempt <= 11; attempt++) {
      const result = await signIn('en', { email: `stranger-${attempt}-${person.id}@auth.test`, password: 'guess' }, { ip: null })
      expect(result.status).toBe(401)
    }
    const organiser = await signIn('en', { email: person.email, password: person.password }, { ip: null })
    expect(organiser.status).toBe(302)
  })

  it('follows `next` only to a local back-office path', async () => {
    const person = await createTestUser()
    const cases: Array<[string, string]> = [
      ['//evil.com', '/fr/admin'],
      ['https://evil.com', '/fr/admin'],
      ['/\\evil.com', '/fr/admin'],
      ['/fr/admin//evil.com', '/fr/admin'],
      ['/fr/administrator', '/fr/admin'],
      ['/fr/events', '/fr/admin'],
      ['/en/admin/events?tab=past', '/en/admin/events?tab=past'],
    ]
    for (const [next, expected] of cases) {
      const result = await signIn('fr', { email: person.email, password: person.password, next })
      expect(result.status, next).toBe(302)
      expect(result.headers.get('location'), next).toBe(expected)
    }
  })
})

describe('back-office access', () => {
  it('sends an anonymous visitor to the sign-in page, keeping where they were going', async () => {
    const request = new Request('http://passerelle.test/en/admin?x=1')
    const result = await run(() => adminLoader(routeArgs({ request, params: { lang: 'en' }, ...ctx })))
    expect(result.status).toBe(302)
    expect(result.headers.get('location')).toBe(`/en/sign-in?next=${encodeURIComponent('/en/admin?x=1')}`)
  })

  it('refuses a signed-in person without a staff role with 403', async () => {
    const person = await createTestUser({ roles: [] })
    const signedIn = await signIn('fr', { email: person.email, password: person.password })
    expect(signedIn.status).toBe(302)
    const request = new Request('http://passerelle.test/fr/admin', { headers: { cookie: cookieFrom(signedIn.headers.get('set-cookie')) } })
    expect(await getOptionalUser(request)).toMatchObject({ id: person.id, roles: [] })
    const result = await run(() => adminLoader(routeArgs({ request, params: { lang: 'fr' }, ...ctx })))
    expect(result.status).toBe(403)
  })

  it('sends a signed-in person from the sign-in page straight on', async () => {
    const person = await createTestUser()
    const signedIn = await signIn('en', { email: person.email, password: person.password })
    const request = new Request('http://passerelle.test/en/sign-in?next=//evil.com', {
      headers: { cookie: cookieFrom(signedIn.headers.get('set-cookie')) },
    })
    const result = await run(() => signInLoader(routeArgs({ request, params: { lang: 'en' }, ...ctx })))
    expect(result.status).toBe(302)
    expect(result.headers.get('location')).toBe('/en/admin')
  })
})

describe('the signed-in user of a page', () => {
  it('is looked up once for the loaders of one page, afresh for the next page, and never from a forged cookie', async () => {
    const person = await createTestUser({ roles: ['admin'] })
    const cookie = cookieFrom((await signIn('fr', { email: person.email, password: person.password })).headers.get('set-cookie'))
    // React Router hands each loader its own copy of the request: they share the lookup in flight.
    const page = () => new Request('http://passerelle.test/fr/admin', { headers: { cookie } })
    const [root, layout, leaf] = await Promise.all([getOptionalUser(page()), getOptionalUser(page()), getOptionalUser(page())])
    expect(root).toMatchObject({ id: person.id, roles: ['admin'] })
    expect(layout).toBe(root)
    expect(leaf).toBe(root)
    // Once answered, nothing is kept: the next page sees a role taken away in between.
    const next = await getOptionalUser(page())
    expect(next).toEqual(root)
    expect(next).not.toBe(root)
    await getDb().update(users).set({ disabledAt: new Date() }).where(eq(users.id, person.id))
    expect(await getOptionalUser(page())).toBeNull()
    await getDb().update(users).set({ disabledAt: null }).where(eq(users.id, person.id))
    // A form post looks up on its own.
    const [a, b] = await Promise.all([1, 2].map(() => getOptionalUser(new Request('http://passerelle.test/fr/admin', { method: 'POST', headers: { cookie } }))))
    expect(a).toEqual(b)
    expect(a).not.toBe(b)
    // The same token under a signature that is not ours, after the good one was accepted.
    const [name, value] = cookie.split('=')
    const forged = `${name}=${value.replace(/\.[^.]*$/, '.' + 'A'.repeat(43))}`
    expect(await getOptionalUser(new Request('http://passerelle.test/fr/admin', { headers: { cookie: forged } }))).toBeNull()
  })
})

describe('sign-out', () => {
  it('deletes the session row and the cookie on POST only', async () => {
    const person = await createTestUser()
    const signedIn = await signIn('fr', { email: person.email, password: person.password })
    const cookie = cookieFrom(signedIn.headers.get('set-cookie'))
    const countSessions = async () => (await getDb().select().from(sessions).where(eq(sessions.userId, person.id))).length
    expect(await countSessions()).toBe(1)

    const get = await run(() =>
      signOutLoader(routeArgs({ request: new Request('http://passerelle.test/fr/sign-out', { headers: { cookie } }), params: { lang: 'fr' }, ...ctx })),
    )
    expect(get.status).toBe(302)
    expect(await countSessions()).toBe(1)

    const post = await run(() =>
      signOutAction(routeArgs({
        request: new Request('http://passerelle.test/fr/sign-out', { method: 'POST', headers: { cookie } }),
        params: { lang: 'fr' },
        ...ctx,
      })),
    )
    expect(post.status).toBe(302)
    expect(post.headers.get('location')).toBe('/fr')
    expect(post.headers.get('set-cookie')).toMatch(/passerelle_session=;.*(Max-Age=0|Expires=Thu, 01 Jan 1970)/i)
    expect(await countSessions()).toBe(0)
    expect(await getOptionalUser(new Request('http://passerelle.test/fr/admin', { headers: { cookie } }))).toBeNull()
  })
})
