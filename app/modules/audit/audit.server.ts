import type { DbOrTx } from '#db/client'
import { auditEntries } from '#db/schema/index'

export type AuditActor = { userId: string; label?: string } | { label: string; userId?: undefined }

/** Writes who did what to which record, in the caller's transaction (so it commits with the change). */
export async function recordAudit(
  tx: DbOrTx,
  entry: { actor: AuditActor; action: string; subjectType: string; subjectId: string; data?: Record<string, unknown> },
) {
  await tx.insert(auditEntries).values({
    actorUserId: entry.actor.userId ?? null,
    actorLabel: entry.actor.label ?? `user:${entry.actor.userId}`,
    action: entry.action,
    subjectType: entry.subjectType,
    subjectId: entry.subjectId,
    data: entry.data ?? null,
  })
}
