import { z } from 'zod'
import { fieldError } from '~/utils/schema-errors'
import { ROLES } from '#db/schema/auth'
import { hasNoControlCharacters, isOneLine } from '~/utils/text'

export { ROLES }

const required = 'errors.field.required'

export const inviteUserFormSchema = z
  .object({
    name: z.string(fieldError({ missing: required })).trim().min(1, required).max(200, 'admin.errors.tooLong').refine(isOneLine, 'errors.field.lineBreak').refine(hasNoControlCharacters, 'errors.field.controlCharacters'),
    email: z.string(fieldError({ missing: required })).trim().toLowerCase().regex(z.regexes.email, 'errors.field.email').max(200, 'admin.errors.tooLong'),
    locale: z.enum(['fr', 'en'], { error: 'errors.field.invalid' }),
    roles: z.array(z.enum(ROLES, { error: 'errors.field.invalid' })).min(1, required),
    partnerId: z.guid(fieldError({ invalid: 'errors.field.invalid' })).optional(),
  })
  .superRefine((v, ctx) => {
    if (v.roles.includes('partner_viewer') && !v.partnerId) ctx.addIssue({ code: 'custom', path: ['partnerId'], message: required })
  })
export type InviteUserForm = z.infer<typeof inviteUserFormSchema>

export const userRolesFormSchema = z.object({
  userId: z.guid(fieldError({ missing: required, invalid: 'errors.field.invalid' })),
  roles: z.array(z.enum(ROLES, { error: 'errors.field.invalid' })).min(1, required),
})
export type UserRolesForm = z.infer<typeof userRolesFormSchema>
