/**
 * Demo data for privacy tooling: consents of the demo company's people (one withdrawn), a
 * subject-access request confirmed by the person, and one export in the disclosure log, so the
 * back office's "Personal data" page is not empty after `npm run dev`. Idempotent: skipped once
 * the demo consents exist.
 */
import { desc, eq, sql } from 'drizzle-orm'
import type { Database } from './client'
import { organisations, privacyConsents, privacyDisclosures, privacyRequests, users } from './schema/index'

export async function seedDemoPrivacy(db: Database): Promise<boolean> {
  // The demo organisation (seed.ts), else the default one
  const [organisation] = await db
    .select({ id: organisations.id })
    .from(organisations)
    .orderBy(sql`${organisations.slug} = 'ccem' desc`, desc(organisations.isDefault))
    .limit(1)
  if (!organisation) return false
  const [done] = await db
    .select({ id: privacyConsents.id })
    .from(privacyConsents)
    .where(sql`${privacyConsents.organisationId} = ${organisation.id} and ${privacyConsents.email} = 'josiane@rhums-du-carbet.example' and ${privacyConsents.channel} = 'registration_form' and ${privacyConsents.purpose} = 'photos'`)
    .limit(1)
  if (done) return false
  const { recordConsent, withdrawConsent } = await import('../app/modules/privacy/consents.server')
  const people = [
    { email: 'josiane@rhums-du-carbet.example', locale: 'fr' as const },
    { email: 'olivier@rhums-du-carbet.example', locale: 'fr' as const },
    { email: 'daniel@fl-caribbean-imports.example', locale: 'en' as const },
  ]
  await db.transaction(async (tx) => {
    for (const p of people) {
      await recordConsent(tx, { organisationId: organisation.id, email: p.email, purpose: 'privacy_notice', channel: 'registration_form', locale: p.locale })
      await recordConsent(tx, { organisationId: organisation.id, email: p.email, purpose: 'photos', channel: 'registration_form', locale: p.locale })
    }
    await recordConsent(tx, { organisationId: organisation.id, email: people[0].email, purpose: 'directory_listing', channel: 'registration_form', locale: 'fr' })
    await recordConsent(tx, { organisationId: organisation.id, email: people[2].email, purpose: 'newsletter', channel: 'management_link', locale: 'en' })
    await withdrawConsent(tx, { organisationId: organisation.id, email: people[2].email, purpose: 'newsletter', actor: { label: `company:${people[2].email}` } })
    await tx.insert(privacyRequests).values({
      organisationId: organisation.id,
      kind: 'access',
      status: 'open',
      email: people[1].email,
      locale: 'fr',
      verifiedAt: new Date(),
    })
    const [organiser] = await tx.select({ id: users.id }).from(users).where(eq(users.organisationId, organisation.id)).orderBy(sql`${users.createdAt}`).limit(1)
    await tx.insert(privacyDisclosures).values({
      organisationId: organisation.id,
      userId: organiser?.id ?? null,
      channel: 'attendees.csv',
      fields: ['reference', 'event', 'company', 'last_name', 'first_name', 'email'],
      rowCount: 3,
    })
  })
  return true
}
