import { and, asc, eq, sql } from 'drizzle-orm'
import type { Database, DbOrTx, Transaction } from '#db/client'
import { sessions, userRoles, users, type Role } from '#db/schema/index'
import { Refusal } from '~/utils/refusal'
import { recordAudit } from '~/modules/audit/audit.server'
import { sendPasswordLink } from '~/modules/auth/password-tokens.server'
import type { InviteUserForm, UserRolesForm } from './user-schemas'

type Actor = { id: string; organisationId: string }

export async function listUsers(db: DbOrTx, organisationId: string) {
  return db
    .select({
      id: users.id,
      name: users.name,
      email: users.email,
      locale: users.locale,
      partnerId: users.partnerId,
      disabledAt: users.disabledAt,
      lastSignInAt: users.lastSignInAt,
      hasPassword: sql<boolean>`${users.passwordHash} is not null`,
      roles: sql<Role[]>`coalesce(array_agg(${userRoles.role} order by ${userRoles.role}) filter (where ${userRoles.role} is not null), '{}')`,
    })
    .from(users)
    .leftJoin(userRoles, eq(userRoles.userId, users.id))
    .where(eq(users.organisationId, organisationId))
    .groupBy(users.id)
    .orderBy(asc(users.name))
}

/** Locks the organisation's admins so two admins cannot both remove the last admin. */
async function ensureAnotherAdminRemains(tx: Transaction, organisationId: string, exceptUserId: string) {
  const rows = await tx.execute<{ id: string }>(sql`
    select u.id from user_account u join user_role ur on ur.user_id = u.id and ur.role = 'admin'
    where u.organisation_id = ${organisationId} and u.disabled_at is null and u.id <> ${exceptUserId}
    order by u.id for update of u`)
  if (rows.length === 0) throw new Refusal('lastAdmin')
}

/** Creates the account with its roles and mails a one-use link (7 days) to choose a password. */
export async function inviteUser(db: Database, actor: Actor, form: InviteUserForm) {
  return db.transaction(async (tx) => {
    const existing = await tx.select({ id: users.id }).from(users).where(sql`lower(${users.email}) = ${form.email}`)
    if (existing.length > 0) throw new Refusal('emailTaken', { field: 'email' })
    const [user] = await tx
      .insert(users)
      .values({ organisationId: actor.organisationId, email: form.email, name: form.name, locale: form.locale, partnerId: form.roles.includes('partner_viewer') ? (form.partnerId ?? null) : null })
      .returning({ id: users.id })
    await sendPasswordLink(tx, { id: user.id, email: form.email, name: form.name, locale: form.locale, organisationId: actor.organisationId }, 'invitation')
    await tx.insert(userRoles).values([...new Set(form.roles)].map((role) => ({ userId: user.id, role })))
    await recordAudit(tx, { actor: { userId: actor.id }, action: 'user.invited', subjectType: 'user', subjectId: user.id, data: { email: form.email, roles: form.roles } })
    return user.id
  })
}

/** A new invitation link for someone who has not chosen a password yet; earlier links keep working until used or expired. */
export async function resendInvitation(db: Database, actor: Actor, userId: string) {
  return db.transaction(async (tx) => {
    const [user] = await tx
      .select({ id: users.id, email: users.email, name: users.name, locale: users.locale, organisationId: users.organisationId, passwordHash: users.passwordHash, disabledAt: users.disabledAt })
      .from(users)
      .where(and(eq(users.id, userId), eq(users.organisationId, actor.organisationId)))
      .for('update')
    if (!user) throw new Refusal('notFound')
    if (user.passwordHash || user.disabledAt) throw new Refusal('userAlreadyActive')
    await sendPasswordLink(tx, user, 'invitation')
    await recordAudit(tx, { actor: { userId: actor.id }, action: 'user.invitation_resent', subjectType: 'user', subjectId: user.id })
  })
}

export async function setUserRoles(db: Database, actor: Actor, form: UserRolesForm) {
  return db.transaction(async (tx) => {
    const [user] = await tx.select({ id: users.id }).from(users).where(and(eq(users.id, form.userId), eq(users.organisationId, actor.organisationId))).for('update')
    if (!user) throw new Refusal('notFound')
    if (!form.roles.includes('admin')) await ensureAnotherAdminRemains(tx, actor.organisationId, user.id)
    await tx.delete(userRoles).where(eq(userRoles.userId, user.id))
    await tx.insert(userRoles).values([...new Set(form.roles)].map((role) => ({ userId: user.id, role })))
    await recordAudit(tx, { actor: { userId: actor.id }, action: 'user.roles_changed', subjectType: 'user', subjectId: user.id, data: { roles: form.roles } })
  })
}

export async function setUserDisabled(db: Database, actor: Actor, userId: string, disabled: boolean) {
  return db.transaction(async (tx) => {
    const [user] = await tx.select({ id: users.id }).from(users).where(and(eq(users.id, userId), eq(users.organisationId, actor.organisationId))).for('update')
    if (!user) throw new Refusal('notFound')
    if (disabled) {
      await ensureAnotherAdminRemains(tx, actor.organisationId, user.id)
      await tx.delete(sessions).where(eq(sessions.userId, user.id))
    }
    await tx.update(users).set({ disabledAt: disabled ? new Date() : null }).where(eq(users.id, user.id))
    await recordAudit(tx, { actor: { userId: actor.id }, action: disabled ? 'user.disabled' : 'user.enabled', subjectType: 'user', subjectId: user.id })
  })
}
