import { index, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core'
import { id, timestamptz } from './_columns'
import { users } from './auth'

/** Who did what to which record, when. Written in the same transaction as the change. */
export const auditEntries = pgTable(
  'audit_entry',
  {
    id: id(),
    actorUserId: uuid().references(() => users.id),
    /** For actors without an account: 'system', 'company:<email>', 'stripe'. */
    actorLabel: text().notNull(),
    action: text().notNull(),
    subjectType: text().notNull(),
    subjectId: uuid().notNull(),
    data: jsonb(),
    createdAt: timestamptz().notNull().defaultNow(),
  },
  (t) => [index().on(t.subjectType, t.subjectId, t.createdAt), index().on(t.createdAt)],
)
