import type { DbOrTx } from '#db/client'
import { auditEntries } from '#db/schema/index'

export type AuditActor = { userId: string; label?: string } | { label: string; userId?: undefined }
export type AuditEntry = { actor: AuditActor; action: string; subjectType: string; subjectId: string; data?: Record<string, unknown> }

function auditRow(entry: AuditEntry) {
  return {
    actorUserId: entry.actor.userId ?? null,
    actorLabel: entry.actor.label ?? `user:${entry.actor.userId}`,
    action: entry.action,
    subjectType: entry.subjectType,
    subjectId: entry.subjectId,
    data: entry.data ?? null,
  }
}

/** Writes who did what to which record, in the caller's transaction (so it commits with the change). */
export async function recordAudit(tx: DbOrTx, entry: AuditEntry) {
  await tx.insert(auditEntries).values(auditRow(entry))
}

/** Several audit entries of one change in one statement (same rows as one `recordAudit` each). */
export async function recordAudits(tx: DbOrTx, entries: AuditEntry[]) {
  if (entries.length === 0) return
  await tx.insert(auditEntries).values(entries.map(auditRow)).prepare('audit_entries').execute()
}
