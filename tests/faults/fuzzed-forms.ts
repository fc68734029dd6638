/**
 * Fuzzed forms: fast-check generated malformed submissions (fields missing, duplicated, huge,
 * with control characters, of the wrong type, tampered ids, raw garbage bodies) across every
 * public form, the company's management pages and the Stripe webhook. Each submission breaks at
 * least one required field, so each must be refused: no answer ≥ 500, none accepted, and no row
 * written anywhere (row counts of every table before and after; `rate_limit`, which counts the
 * refused attempts themselves, excepted).
 */
import crypto from 'node:crypto'
import { sql } from 'drizzle-orm'
import fc from 'fast-check'
import Stripe from 'stripe'
import { getDb } from '#db/client'
import { createTestEvent } from '../factories'
import type { Scenario } from './context'
import { inParallel, registrationForm, request } from './http'
import { WEBHOOK_SECRET } from './processes'

const SUBMISSIONS = Number(process.env.FAULTS_FUZZ_SUBMISSIONS ?? 10_000)
const stripe = new Stripe('sk_test_fault_suite_signing_only')

type Field = [string, string]
type Form = { name: string; path: string; base: Field[]; required: string[]; ids: string[] }

// eslint-disable-next-line no-control-regex -- control characters are the point
const CONTROL = fc.stringMatching(/^[\u0000-\u001f\u007f]{1,8}$/)
const hostile = fc.oneof(
  fc.constant(''),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.tuple(fc.string({ maxLength: 10 }), CONTROL, fc.string({ maxLength: 10 })).map(([a, c, b]) => `${a}${c}${b}`),
  fc.integer({ min: 2_000, max: 200_000 }).map((n) => 'x'.repeat(n)),
  fc.constantFrom('-1', '0', '1e309', 'NaN', 'Infinity', 'null', 'undefined', 'true', '[object Object]', '{"a":1}', '[]', '%00', '../../etc/passwd', "' or 1=1 --", '<script>alert(1)</script>', 'javascript:alert(1)'),
)
const tamperedId = fc.oneof(fc.uuid().map(String), fc.constantFrom('not-a-uuid', '00000000-0000-0000-0000-000000000000', '', ' ', 'ffffffff-ffff-ffff-ffff-ffffffffffff\u0000'))

type Mutation = { kind: 'drop' } | { kind: 'set'; value: string } | { kind: 'duplicate'; value: string } | { kind: 'extra'; name: string; value: string }

// What any required field refuses: blank, a C0 control character the shared text schemas
// refuse (app/utils/text.ts: tab, CR and LF are not among them), or longer than any field allows.
// Ids only: a malformed, unknown or other event's id. (Printable text such as "Zoë" or a UUID is a
// valid name: the required field would not be broken.)
// eslint-disable-next-line no-control-regex -- control characters are the point
const REFUSED_CONTROL = fc.stringMatching(/^[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]{1,8}$/)
const WORD = fc.stringMatching(/^[A-Za-z]{1,10}$/)
const invalidText = fc.oneof(
  fc.constantFrom('', ' ', '   '),
  // Between letters: the schemas trim first, and JavaScript's trim (and Number()) take VT and FF
  // at either end for white space ("\u000b3" is the quantity 3, "\u000cLéa" the name Léa).
  fc.tuple(WORD, REFUSED_CONTROL, WORD).map(([a, c, b]) => `${a}${c}${b}`),
  fc.integer({ min: 2_000, max: 200_000 }).map((n) => 'x'.repeat(n)),
)
const isIdField = (name: string) => /Id$/.test(name)

/** The form's tampering ids, less the field's own value (the event's id is no tampering of `eventId`). */
function otherIds(form: Form, field: string) {
  const own = form.base.find(([name]) => name === field)?.[1]
  const ids = form.ids.filter((id) => id !== own)
  return ids.length ? ids : ['not-a-uuid']
}

function submission(form: Form) {
  // One required field broken (dropped, made invalid, or a tampered id), then 0–4 more mutations anywhere.
  const broken = fc.constantFrom(...form.required).chain((field) =>
    fc.record({
      field: fc.constant(field),
      how: fc.oneof(
        fc.constant<Mutation>({ kind: 'drop' }),
        invalidText.map<Mutation>((value) => ({ kind: 'set', value })),
        ...(isIdField(field) ? [fc.oneof(tamperedId, fc.constantFrom(...otherIds(form, field))).map<Mutation>((value) => ({ kind: 'set', value }))] : []),
      ),
    }),
  )
  const extra = fc.array(
    fc.record({
      field: fc.constantFrom(...form.base.map(([n]) => n)),
      how: fc.oneof(
        fc.constant<Mutation>({ kind: 'drop' }),
        hostile.map<Mutation>((value) => ({ kind: 'set', value })),
        hostile.map<Mutation>((value) => ({ kind: 'duplicate', value })),
        fc.tuple(fc.string({ maxLength: 30 }), hostile).map<Mutation>(([name, value]) => ({ kind: 'extra', name, value })),
      ),
    }),
    { maxLength: 4 },
  )
  const raw = fc.constantFrom('json', 'binary', 'empty', 'none')
  return fc.record({ broken, extra, raw: fc.option(raw, { freq: 12 }) })
}

function apply(form: Form, sample: { broken: { field: string; how: Mutation }; extra: { field: string; how: Mutation }[] }): Field[] {
  let fields = [...form.base]
  for (const { field, how } of [...sample.extra, sample.broken]) {
    if (how.kind === 'drop') fields = fields.filter(([n]) => n !== field)
    else if (how.kind === 'set') fields = [...fields.filter(([n]) => n !== field), [field, how.value]]
    else if (how.kind === 'duplicate') fields.push([field, how.value])
    else fields.push([how.name, how.value])
  }
  // Required fields are broken last: an extra mutation may not repair them.
  return fields
}

async function rowCounts(): Promise<Map<string, number>> {
  const tables = await getDb().execute<{ name: string }>(sql`select tablename as name from pg_tables where schemaname = 'public' and tablename <> 'rate_limit'`)
  const counts = new Map<string, number>()
  for (const { name } of tables) {
    const [row] = await getDb().execute<{ n: number }>(sql.raw(`select count(*)::int as n from "${name}"`))
    counts.set(name, row.n)
  }
  return counts
}

export const fuzzedForms: Scenario = {
  name: 'fuzzed forms',
  timeoutMs: 480_000,
  async run(ctx) {
    const event = await createTestEvent(getDb(), {
      tickets: [{ key: 'guest' }, { key: 'delegate', priceMinor: 15000 }],
      pools: [{ key: 'main', size: 100, tickets: ['guest', 'delegate'] }],
    })
    const other = await createTestEvent(getDb())
    const web = await ctx.startWeb()
    // A registration of our own, for its management pages.
    const registered = await request(web.url, `/fr/events/${event.slug}/register`, { form: registrationForm(event.id, event.ticket.delegate, 1, 'fuzz-owner') })
    const token = /\/manage\/([^/?]+)/.exec(registered.location ?? '')?.[1]
    if (!token) throw new Error(`could not register the owner: ${registered.status}`)
    const [attendee] = await getDb().execute<{ id: string }>(sql`select a.id from attendee a where a.event_id = ${event.id} limit 1`)

    const forms: Form[] = [
      {
        name: 'register',
        path: `/fr/events/${event.slug}/register`,
        base: registrationForm(event.id, event.ticket.guest, 1, 'fuzz'),
        required: ['eventId', 'tickets[0].ticketTypeId', 'tickets[0].quantity', 'company.name', 'company.contactEmail', 'attendees[0].email', 'attendees[0].ticketTypeId', 'privacyAccepted'],
        ids: [event.id, other.id, other.ticket.guest],
      },
      {
        name: 'waiting list',
        path: `/fr/waitlist/join?event=${event.slug}`,
        base: [['eventId', event.id], ['ticketTypeId', event.ticket.guest], ['quantity', '1'], ['name', 'Léa'], ['email', 'lea@entreprise.example'], ['companyName', 'Rhum'], ['locale', 'fr']],
        required: ['eventId', 'ticketTypeId', 'quantity', 'name', 'email'],
        ids: [other.id],
      },
      { name: 'company sign-in', path: '/fr/companies/sign-in', base: [['email', 'lea@entreprise.example']], required: ['email'], ids: [] },
      { name: 'sign-in', path: '/fr/sign-in', base: [['email', 'organisatrice@ccem.example'], ['password', 'wrong-password'], ['next', '/fr/admin']], required: ['email', 'password'], ids: [] },
      { name: 'password reset', path: '/fr/password-reset', base: [['email', 'nobody@ccem.example']], required: ['email'], ids: [] },
      {
        name: 'manage',
        path: `/fr/manage/${token}?index`,
        base: [['intent', 'change'], ['attendeeId', attendee.id], ['firstName', 'Aimé'], ['lastName', 'Joseph'], ['email', 'aime@entreprise.example'], ['locale', 'fr']],
        required: ['intent', 'attendeeId', 'firstName', 'email'],
        ids: [other.id],
      },
      { name: 'pay', path: `/fr/manage/${token}/pay`, base: [['intent', 'bogus']], required: ['intent'], ids: [] },
    ]
    const plan = fc.sample(
      fc.oneof(
        ...forms.map((form) => submission(form).map((s) => ({ form, s }))),
        fc.record({ body: fc.oneof(fc.json(), fc.string({ unit: 'binary', maxLength: 5000 })), sign: fc.boolean() }).map((w) => ({ webhook: w })),
      ),
      SUBMISSIONS,
    )

    const before = await rowCounts()
    const statuses = new Map<string, number>()
    const errors: string[] = []
    await inParallel(
      plan.length,
      8,
      async (i) => {
        const item = plan[i]
        const label = 'form' in item ? item.form.name : 'webhook'
        try {
          await send(item)
        } catch (error) {
          const key = `${label} ${error instanceof Error ? error.name : 'error'}`
          statuses.set(key, (statuses.get(key) ?? 0) + 1)
          if (errors.length < 5) errors.push(`${'form' in item ? item.form.name : 'webhook'}: ${error instanceof Error ? error.message : error} for ${JSON.stringify('form' in item ? { ...item.s, fields: apply(item.form, item.s).map(([n, v]) => [n, v.slice(0, 80), v.length]) } : item).slice(0, 600)}`)
        }
      },
      ctx.signal,
    )
    async function send(item: (typeof plan)[number]) {
        let answer
        if ('webhook' in item) {
          const body = item.webhook.body
          const headers: Record<string, string> = { 'content-type': 'application/json', origin: '', 'sec-fetch-site': 'cross-site' }
          if (item.webhook.sign) headers['stripe-signature'] = stripe.webhooks.generateTestHeaderString({ payload: body, secret: WEBHOOK_SECRET })
          else headers['stripe-signature'] = `t=${Math.floor(Date.now() / 1000)},v1=${crypto.randomBytes(32).toString('hex')}`
          answer = await request(web.url, '/webhooks/stripe', { body, headers })
        } else {
          const { form, s } = item
          const fields = apply(form, s)
          const encoded = new URLSearchParams(fields).toString()
          if (s.raw === 'json') answer = await request(web.url, form.path, { body: JSON.stringify(Object.fromEntries(fields)), headers: { 'content-type': 'application/x-www-form-urlencoded' } })
          else if (s.raw === 'binary') answer = await request(web.url, form.path, { body: crypto.randomBytes(64).toString('latin1'), headers: { 'content-type': 'multipart/form-data; boundary=x' } })
          else if (s.raw === 'empty') answer = await request(web.url, form.path, { body: '', headers: { 'content-type': 'application/x-www-form-urlencoded' } })
          else answer = await request(web.url, form.path, { body: encoded, headers: { 'content-type': 'application/x-www-form-urlencoded' } })
          if (answer.status >= 500 && errors.length < 5) errors.push(`${form.name} ${answer.status} for ${encoded.slice(0, 200)}`)
          if (answer.status >= 300 && answer.status < 400 && errors.length < 5) errors.push(`${form.name} accepted (${answer.status}): ${encoded.slice(0, 300)}`)
        }
        const key = `${'form' in item ? item.form.name : 'webhook'} ${answer.status}`
        statuses.set(key, (statuses.get(key) ?? 0) + 1)
    }
    const after = await rowCounts()
    const written = [...after].filter(([t, n]) => n !== before.get(t)).map(([t, n]) => `${t} +${n - (before.get(t) ?? 0)}`)
    const summary = [...statuses].sort().map(([k, n]) => `${n}× ${k}`).join(', ')
    const failures = [...statuses].filter(([k]) => !(Number(k.split(' ').pop()) < 500))
    const accepted = [...statuses].filter(([k]) => /^(register|waiting list|manage) (2\d\d|30[1-8])$/.test(k) && !k.startsWith('manage 200') && !k.startsWith('register 200') && !k.startsWith('waiting list 200'))
    if (failures.length || written.length || accepted.length)
      throw new Error(
        `${failures.reduce((s, [, n]) => s + n, 0)} answers ≥ 500, rows written: ${written.join(', ') || 'none'}, accepted: ${accepted.map(([k, n]) => `${n}× ${k}`).join(', ') || 'none'}; ${errors.join(' | ')}; all: ${summary}\n--- web output ---\n${web.output().slice(-2500)}`,
      )
    return `${plan.length} malformed submissions over ${forms.length} forms and the webhook: 0 answers ≥ 500, 0 rows written (${before.size} tables counted); ${summary}`
  },
}
