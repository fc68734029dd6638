import { and, eq, isNull, sql } from 'drizzle-orm'
import type { DbOrTx } from '#db/client'
import { b2bParticipants, events, privacyConsents, registrations, type ConsentChannel, type ConsentPurpose } from '#db/schema/index'
import { recordAudit, type AuditActor } from '~/modules/audit/audit.server'
import { CONSENT_TEXTS } from './consents'
import { normaliseEmail } from './pseudonym'

/** Stores an acceptance with the current text version, time and channel. */
export async function recordConsent(
  tx: DbOrTx,
  input: { organisationId: string; email: string; purpose: ConsentPurpose; channel: ConsentChannel; locale?: 'fr' | 'en'; registrationId?: string | null; at?: Date },
) {
  const [row] = await tx
    .insert(privacyConsents)
    .values({
      organisationId: input.organisationId,
      email: normaliseEmail(input.email),
      purpose: input.purpose,
      textVersion: CONSENT_TEXTS[input.purpose].version,
      locale: input.locale ?? 'fr',
      channel: input.channel,
      registrationId: input.registrationId ?? null,
      acceptedAt: input.at ?? new Date(),
    })
    .returning()
  return row
}

/**
 * Withdraws a consent, effective at once: a withdrawn directory listing also clears the
 * listing flags of the person's registrations (marketplace and partner lists read those).
 */
export async function withdrawConsent(tx: DbOrTx, input: { organisationId: string; email: string; purpose: ConsentPurpose; actor: AuditActor; at?: Date }) {
  const email = normaliseEmail(input.email)
  const at = input.at ?? new Date()
  const rows = await tx
    .update(privacyConsents)
    .set({ withdrawnAt: at })
    .where(and(eq(privacyConsents.organisationId, input.organisationId), sql`lower(${privacyConsents.email}) = ${email}`, eq(privacyConsents.purpose, input.purpose), isNull(privacyConsents.withdrawnAt)))
    .returning({ id: privacyConsents.id })
  if (input.purpose === 'directory_listing') {
    const regs = await tx
      .update(registrations)
      .set({ listingConsent: false })
      .where(
        and(
          sql`lower(${registrations.contactEmail}) = ${email}`,
          sql`${registrations.eventId} in (select ${events.id} from ${events} where ${events.organisationId} = ${input.organisationId})`,
        ),
      )
      .returning({ id: registrations.id })
    for (const r of regs) await tx.update(b2bParticipants).set({ listingConsent: false }).where(eq(b2bParticipants.registrationId, r.id))
  }
  for (const row of rows)
    await recordAudit(tx, { actor: input.actor, action: 'privacy.consent-withdrawn', subjectType: 'privacy_consent', subjectId: row.id, data: { purpose: input.purpose } })
  return rows.length
}

/** The consents of an address: the latest row per purpose. */
export async function consentsOf(db: DbOrTx, organisationId: string, email: string) {
  return db
    .select()
    .from(privacyConsents)
    .where(and(eq(privacyConsents.organisationId, organisationId), sql`lower(${privacyConsents.email}) = ${normaliseEmail(email)}`))
    .orderBy(privacyConsents.purpose, privacyConsents.acceptedAt)
}

/**
 * The consents given with a registration form (privacy notice always; directory listing when
 * ticked), one statement, in the registration's transaction.
 */
export function recordRegistrationConsents(
  tx: DbOrTx,
  input: { organisationId: string; email: string; locale: 'fr' | 'en'; registrationId: string; listing: boolean; at: Date },
) {
  const purposes: ConsentPurpose[] = input.listing ? ['privacy_notice', 'directory_listing'] : ['privacy_notice']
  return tx
    .insert(privacyConsents)
    .values(
      purposes.map((purpose) => ({
        organisationId: input.organisationId,
        email: normaliseEmail(input.email),
        purpose,
        textVersion: CONSENT_TEXTS[purpose].version,
        locale: input.locale,
        channel: 'registration_form' as const,
        registrationId: input.registrationId,
        acceptedAt: input.at,
      })),
    )
    .prepare('register_consents')
    .execute()
}
