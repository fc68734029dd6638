import { index, integer, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { sql } from 'drizzle-orm'
import { id, timestamps, timestamptz, createdAt } from './_columns'
import { organisations } from './organisation'
import { partners } from './partners'

export const ROLES = ['admin', 'organiser', 'check_in', 'partner_viewer', 'logistics'] as const
export type Role = (typeof ROLES)[number]

/** People who sign in to the back office (staff, partner viewers). Companies never have a password. */
export const users = pgTable(
  'user_account',
  {
    id: id(),
    organisationId: uuid()
      .notNull()
      .references(() => organisations.id),
    email: text().notNull(),
    name: text().notNull(),
    passwordHash: text(),
    locale: text().$type<'fr' | 'en'>().notNull().default('fr'),
    /** Set for partner viewers: the partner organisation whose shared events they may see. */
    partnerId: uuid().references(() => partners.id),
    disabledAt: timestamptz(),
    lastSignInAt: timestamptz(),
    ...timestamps,
  },
  (t) => [uniqueIndex('user_account_email_key').on(sql`lower(${t.email})`)],
)

export const userRoles = pgTable(
  'user_role',
  {
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: text().$type<Role>().notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.role] })],
)

/** Database sessions: the cookie holds a random token, the table only its SHA-256. */
export const sessions = pgTable(
  'session',
  {
    tokenHash: text().primaryKey(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    expiresAt: timestamptz().notNull(),
    ip: text(),
    userAgent: text(),
    createdAt: createdAt(),
  },
  (t) => [index().on(t.userId), index().on(t.expiresAt)],
)

/** Fixed-window counters shared by every web instance (sign-in, registration form...). */
export const rateLimits = pgTable('rate_limit', {
  key: text().primaryKey(),
  windowStart: timestamptz().notNull(),
  hits: integer().notNull().default(0),
})

export const PASSWORD_TOKEN_PURPOSES = ['invitation', 'reset'] as const
export type PasswordTokenPurpose = (typeof PASSWORD_TOKEN_PURPOSES)[number]

/** One-use links to choose a password (invitation) or a new one (reset); only the SHA-256 is kept. */
export const passwordTokens = pgTable(
  'password_token',
  {
    tokenHash: text().primaryKey(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    purpose: text().$type<PasswordTokenPurpose>().notNull(),
    expiresAt: timestamptz().notNull(),
    usedAt: timestamptz(),
    createdAt: createdAt(),
  },
  (t) => [index().on(t.userId)],
)
