import type { DbOrTx } from '#db/client'
import { recordAudit, type AuditActor } from '~/modules/audit/audit.server'
import { recordDisclosure } from './disclosures.server'
import { findPersonData } from './finders.server'
import { PRIVACY_INVENTORY } from './inventory'
import { emailFingerprint, normaliseEmail } from './pseudonym'

/**
 * Everything held about an address, as one JSON document: rows per table, with the purpose,
 * legal basis and retention of each table from the inventory. Recorded as a disclosure.
 */
export async function subjectAccessExport(db: DbOrTx, input: { organisationId: string; email: string; actor: AuditActor; now?: Date }) {
  const email = normaliseEmail(input.email)
  const data = await findPersonData(db, input.organisationId, email)
  const tables = Object.fromEntries(
    Object.entries(data)
      .filter(([, rows]) => rows.length > 0)
      .map(([table, rows]) => {
        const entry = PRIVACY_INVENTORY[table]
        return [table, { purpose: entry?.purpose, legalBasis: entry?.basis, retention: entry?.retention, rows }]
      }),
  )
  const rowCount = Object.values(data).reduce((n, rows) => n + rows.length, 0)
  await recordDisclosure(db, {
    organisationId: input.organisationId,
    userId: input.actor.userId ?? null,
    channel: 'subject-access.json',
    fields: Object.keys(tables),
    rowCount,
    recipient: email,
  })
  await recordAudit(db, { actor: input.actor, action: 'privacy.subject-access', subjectType: 'organisation', subjectId: input.organisationId, data: { fingerprint: emailFingerprint(email), rowCount } })
  return { email, generatedAt: (input.now ?? new Date()).toISOString(), tables }
}
