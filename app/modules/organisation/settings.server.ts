import { eq } from 'drizzle-orm'
import type { Database, DbOrTx } from '#db/client'
import { organisations } from '#db/schema/index'
import { recordAudit } from '~/modules/audit/audit.server'
import type { SettingsForm } from './settings-schemas'

export async function loadSettings(db: DbOrTx, organisationId: string) {
  const [org] = await db
    .select({ name: organisations.name, legalName: organisations.legalName, email: organisations.email, organiserMailbox: organisations.organiserMailbox, invoicePaymentTermsDays: organisations.invoicePaymentTermsDays })
    .from(organisations)
    .where(eq(organisations.id, organisationId))
  return org
}

export async function saveSettings(db: Database, actor: { id: string; organisationId: string }, form: SettingsForm) {
  await db.transaction(async (tx) => {
    await tx.update(organisations).set(form).where(eq(organisations.id, actor.organisationId))
    await recordAudit(tx, { actor: { userId: actor.id }, action: 'organisation.updated', subjectType: 'organisation', subjectId: actor.organisationId, data: form })
  })
}

/** The organisation's time zone (dates in its back-office lists); New York when unknown. */
export async function organisationTimezone(db: DbOrTx, organisationId: string) {
  const [org] = await db.select({ timezone: organisations.timezone }).from(organisations).where(eq(organisations.id, organisationId))
  return org?.timezone ?? 'America/New_York'
}
