import { eq } from 'drizzle-orm'
import { z } from 'zod'
import type { Database, DbOrTx } from '#db/client'
import { organisations } from '#db/schema/index'
import { recordAudit } from '~/modules/audit/audit.server'
import { hasNoControlCharacters, isOneLine } from '~/utils/text'

const required = 'errors.field.required'

export const settingsFormSchema = z.object({
  name: z.string({ required_error: required }).trim().min(1, required).max(120, 'admin.errors.tooLong').refine(isOneLine, 'errors.field.lineBreak').refine(hasNoControlCharacters, 'errors.field.controlCharacters'),
  legalName: z.string({ required_error: required }).trim().min(1, required).max(200, 'admin.errors.tooLong').refine(isOneLine, 'errors.field.lineBreak').refine(hasNoControlCharacters, 'errors.field.controlCharacters'),
  email: z.string({ required_error: required }).trim().email('errors.field.email'),
  organiserMailbox: z.string({ required_error: required }).trim().email('errors.field.email'),
  invoicePaymentTermsDays: z.coerce.number({ invalid_type_error: 'errors.field.number' }).int('errors.field.number').min(0, 'admin.errors.range').max(365, 'admin.errors.range'),
})
export type SettingsForm = z.infer<typeof settingsFormSchema>

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
