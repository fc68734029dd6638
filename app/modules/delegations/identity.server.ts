/**
 * Delegates and their travel identity. A delegate is an active attendee of a `delegation` event;
 * the row is created on first use. Identity fields are encrypted one by one (crypto.server.ts),
 * readable only by the `logistics` role and admins; every reveal is audited.
 */
import { and, asc, eq, ne } from 'drizzle-orm'
import { DateTime } from 'luxon'
import type { DbOrTx } from '#db/client'
import { attendees, companies, delegates, delegationSettings, events, registrations, type Role } from '#db/schema/index'
import { recordAudit } from '~/modules/audit/audit.server'
import { Refusal } from '~/utils/refusal'
import { isUuid } from '~/utils/ids'
import { decryptField, encryptField, mask } from './crypto.server'
import type { IdentityInput, SettingsInput } from './delegation-schemas'

export type DelegationActor = { id: string; organisationId: string; roles: readonly Role[] }

/** Who may read and write decrypted travel identity. */
export function canReadTravelIdentity(actor: Pick<DelegationActor, 'roles'>): boolean {
  return actor.roles.includes('admin') || actor.roles.includes('logistics')
}

/** The organisation's event whose logistics are run (a `delegation` event in practice; any kind may use them), or `notFound`. */
export async function loadDelegationEvent(db: DbOrTx, actor: Pick<DelegationActor, 'organisationId'>, eventId: string) {
  if (!isUuid(eventId)) throw new Refusal('notFound')
  const [event] = await db
    .select()
    .from(events)
    .where(and(eq(events.id, eventId), eq(events.organisationId, actor.organisationId)))
  if (!event) throw new Refusal('notFound')
  return event
}

export async function listDelegationEvents(db: DbOrTx, actor: Pick<DelegationActor, 'organisationId'>) {
  return db
    .select({ id: events.id, title: events.title, startsAt: events.startsAt, endsAt: events.endsAt, status: events.status, timezone: events.timezone })
    .from(events)
    .where(and(eq(events.organisationId, actor.organisationId), eq(events.kind, 'delegation')))
    .orderBy(asc(events.startsAt))
}

export async function delegationSettingsOf(db: DbOrTx, eventId: string) {
  const [row] = await db.select().from(delegationSettings).where(eq(delegationSettings.eventId, eventId))
  return row ?? { eventId, returnDate: null, organiserPhone: null }
}

export async function saveDelegationSettings(db: DbOrTx, eventId: string, input: SettingsInput) {
  const values = { returnDate: input.returnDate ?? null, organiserPhone: input.organiserPhone ?? null }
  await db.insert(delegationSettings).values({ eventId, ...values }).onConflictDoUpdate({ target: delegationSettings.eventId, set: values })
}

/** Creates the delegate rows of the event's active attendees (idempotent). */
export async function ensureDelegates(db: DbOrTx, eventId: string) {
  const rows = await db
    .select({ id: attendees.id })
    .from(attendees)
    .innerJoin(registrations, eq(registrations.id, attendees.registrationId))
    .where(and(eq(attendees.eventId, eventId), eq(attendees.status, 'active'), ne(registrations.status, 'cancelled')))
  if (rows.length) await db.insert(delegates).values(rows.map((r) => ({ attendeeId: r.id, eventId }))).onConflictDoNothing()
}

/** The delegates of an event with their company; identity masked (never decrypted for other roles). */
export async function listDelegates(db: DbOrTx, actor: DelegationActor, eventId: string) {
  await ensureDelegates(db, eventId)
  const rows = await db
    .select({ delegate: delegates, attendee: attendees, company: companies.name, registrationId: registrations.id })
    .from(delegates)
    .innerJoin(attendees, eq(attendees.id, delegates.attendeeId))
    .innerJoin(registrations, eq(registrations.id, attendees.registrationId))
    .innerJoin(companies, eq(companies.id, registrations.companyId))
    .where(and(eq(delegates.eventId, eventId), eq(attendees.status, 'active')))
    .orderBy(asc(attendees.lastName), asc(attendees.firstName))
  const readable = canReadTravelIdentity(actor)
  return rows.map(({ delegate, attendee, company, registrationId }) => ({
    attendeeId: attendee.id,
    registrationId,
    name: `${attendee.firstName} ${attendee.lastName}`,
    email: attendee.email,
    company,
    identityComplete: delegate.identityComplete === 1,
    passportMasked: readable ? mask(decryptField(delegate.passportNumberEnc, 'passportNumber', attendee.id)) : delegate.passportNumberEnc ? '•••••' : '',
  }))
}

export const IDENTITY_FIELDS = [
  'passportName',
  'passportNumber',
  'passportCountry',
  'passportExpiry',
  'nationality',
  'birthDate',
  'travelAuthorisationKind',
  'travelAuthorisationNumber',
  'travelAuthorisationValidUntil',
] as const
export type IdentityField = (typeof IDENTITY_FIELDS)[number]
export type TravelIdentity = Record<IdentityField, string | null>

const COLUMN = {
  passportName: 'passportNameEnc',
  passportNumber: 'passportNumberEnc',
  passportCountry: 'passportCountryEnc',
  passportExpiry: 'passportExpiryEnc',
  nationality: 'nationalityEnc',
  birthDate: 'birthDateEnc',
  travelAuthorisationKind: 'travelAuthorisationKindEnc',
  travelAuthorisationNumber: 'travelAuthorisationNumberEnc',
  travelAuthorisationValidUntil: 'travelAuthorisationValidUntilEnc',
} as const satisfies Record<IdentityField, keyof typeof delegates.$inferSelect>

/** Passport number shapes where a rule is known (issuing country → pattern). */
const PASSPORT_SHAPES: Record<string, RegExp> = {
  FR: /^\d{2}[A-Z]{2}\d{5}$/,
  US: /^[A-Z0-9]\d{8}$/,
  CA: /^[A-Z]{2}\d{6}$/,
  GB: /^\d{9}$/,
}

function validDate(value: string): boolean {
  return DateTime.fromISO(value, { zone: 'utc' }).isValid
}

/** Checks an identity against the rules; a refusal names its field. */
export function checkIdentity(input: IdentityInput, today = DateTime.utc().toISODate()!) {
  const number = input.passportNumber.replace(/\s+/g, '').toUpperCase()
  const shape = PASSPORT_SHAPES[input.passportCountry]
  if (shape && !shape.test(number)) throw new Refusal('passportNumberShape', { field: 'passportNumber', vars: { country: input.passportCountry } })
  for (const field of ['passportExpiry', 'birthDate', 'travelAuthorisationValidUntil'] as const) {
    const value = input[field]
    if (value && !validDate(value)) throw new Refusal('impossibleDate', { field })
  }
  if (input.birthDate >= today) throw new Refusal('impossibleDate', { field: 'birthDate' })
  if (input.passportExpiry <= today) throw new Refusal('passportExpired', { field: 'passportExpiry' })
  if (input.travelAuthorisationKind && !input.travelAuthorisationNumber)
    throw new Refusal('travelAuthorisationIncomplete', { field: 'travelAuthorisationNumber' })
  return { ...input, passportNumber: number }
}

async function delegateOf(db: DbOrTx, eventId: string, attendeeId: string) {
  if (!isUuid(attendeeId)) throw new Refusal('delegateNotFound')
  await ensureDelegates(db, eventId)
  const [row] = await db.select().from(delegates).where(and(eq(delegates.eventId, eventId), eq(delegates.attendeeId, attendeeId)))
  if (!row) throw new Refusal('delegateNotFound')
  return row
}

/** Saves a delegate's identity, every field encrypted; only logistics and admins. Audited (without values). */
export async function saveIdentity(db: DbOrTx, actor: DelegationActor, eventId: string, input: IdentityInput) {
  if (!canReadTravelIdentity(actor)) throw new Refusal('travelDataForbidden')
  const checked = checkIdentity(input)
  await delegateOf(db, eventId, checked.attendeeId)
  await writeIdentity(db, checked)
  await recordAudit(db, { actor: { userId: actor.id }, action: 'delegate.identity_saved', subjectType: 'attendee', subjectId: checked.attendeeId, data: { eventId } })
}

async function writeIdentity(db: DbOrTx, checked: IdentityInput) {
  const id = checked.attendeeId
  const values: Partial<typeof delegates.$inferInsert> = {}
  for (const field of IDENTITY_FIELDS) values[COLUMN[field]] = encryptField(checked[field] ?? null, field, id)
  values.identityComplete = 1
  values.identityUpdatedAt = new Date()
  await db.update(delegates).set(values).where(eq(delegates.attendeeId, id))
}

/**
 * The delegate (or their company) enters the travel identity from the management link: write
 * only — the page never shows it back, only "complete". The attendee must be one of the
 * registration's active delegates of a delegation event.
 */
export async function saveIdentityFromManageLink(db: DbOrTx, registrationId: string, input: IdentityInput) {
  const checked = checkIdentity(input)
  const [found] = await db
    .select({ eventId: attendees.eventId })
    .from(attendees)
    .innerJoin(events, eq(events.id, attendees.eventId))
    .where(and(eq(attendees.id, checked.attendeeId), eq(attendees.registrationId, registrationId), eq(attendees.status, 'active'), eq(events.kind, 'delegation')))
  if (!found) throw new Refusal('delegateNotFound')
  await delegateOf(db, found.eventId, checked.attendeeId)
  await writeIdentity(db, checked)
  await recordAudit(db, { actor: { label: 'management-link' }, action: 'delegate.identity_saved', subjectType: 'attendee', subjectId: checked.attendeeId, data: { eventId: found.eventId, registrationId } })
}

/** Decrypts a delegate's identity for logistics and admins; the reveal is audited. */
export async function revealIdentity(db: DbOrTx, actor: DelegationActor, eventId: string, attendeeId: string): Promise<TravelIdentity> {
  if (!canReadTravelIdentity(actor)) throw new Refusal('travelDataForbidden')
  const row = await delegateOf(db, eventId, attendeeId)
  await recordAudit(db, { actor: { userId: actor.id }, action: 'delegate.identity_revealed', subjectType: 'attendee', subjectId: attendeeId, data: { eventId } })
  return decryptIdentity(row)
}

export function decryptIdentity(row: typeof delegates.$inferSelect): TravelIdentity {
  return Object.fromEntries(IDENTITY_FIELDS.map((f) => [f, decryptField(row[COLUMN[f]], f, row.attendeeId)])) as TravelIdentity
}

export type TravelAlert = 'identityMissing' | 'passportExpiresSoon' | 'authorisationMissing' | 'authorisationExpires' | 'passportChangedAfterEsta'

/**
 * Travel alerts of a delegate against the return date: passport expiring within six months after
 * it, ESTA/visa missing or expiring before it. (An ESTA lasts two years or until the passport expires.)
 */
export function travelAlerts(identity: TravelIdentity | null, returnDate: string | null): TravelAlert[] {
  if (!identity || !identity.passportNumber) return ['identityMissing']
  const alerts: TravelAlert[] = []
  const back = returnDate ?? DateTime.utc().toISODate()!
  const sixMonthsAfter = DateTime.fromISO(back, { zone: 'utc' }).plus({ months: 6 }).toISODate()!
  if (identity.passportExpiry && identity.passportExpiry < sixMonthsAfter) alerts.push('passportExpiresSoon')
  if (!identity.travelAuthorisationKind || !identity.travelAuthorisationNumber) alerts.push('authorisationMissing')
  else {
    const validUntil = identity.travelAuthorisationValidUntil
    const effective = identity.travelAuthorisationKind === 'esta' && identity.passportExpiry && validUntil && identity.passportExpiry < validUntil ? identity.passportExpiry : validUntil
    if (!effective || effective < back) alerts.push('authorisationExpires')
  }
  return alerts
}

/** Alerts of every delegate of an event (decrypted server-side; only the alert kinds leave). */
export async function delegationAlerts(db: DbOrTx, eventId: string) {
  const settings = await delegationSettingsOf(db, eventId)
  const rows = await db.select().from(delegates).where(eq(delegates.eventId, eventId))
  return new Map(rows.map((row) => [row.attendeeId, travelAlerts(row.identityComplete ? decryptIdentity(row) : null, settings.returnDate)]))
}
