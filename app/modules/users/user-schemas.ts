import { z } from 'zod'
import { ROLES } from '#db/schema/auth'
import { hasNoControlCharacters, isOneLine } from '~/utils/text'

export { ROLES }

const required = 'errors.field.required'

export const inviteUserFormSchema = z
  .object({
    name: z.string({ required_error: required }).trim().min(1, required).max(200, 'admin.errors.tooLong').refine(isOneLine, 'errors.field.lineBreak').refine(hasNoControlCharacters, 'errors.field.controlCharacters'),
    email: z.string({ required_error: required }).trim().toLowerCase().email('errors.field.email').max(200, 'admin.errors.tooLong'),
    locale: z.enum(['fr', 'en'], { errorMap: () => ({ message: 'errors.field.invalid' }) }),
    roles: z.array(z.enum(ROLES, { errorMap: () => ({ message: 'errors.field.invalid' }) })).min(1, required),
    partnerId: z.string().uuid('errors.field.invalid').optional(),
  })
  .superRefine((v, ctx) => {
    if (v.roles.includes('partner_viewer') && !v.partnerId) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['partnerId'], message: required })
  })
export type InviteUserForm = z.infer<typeof inviteUserFormSchema>

export const userRolesFormSchema = z.object({
  userId: z.string({ required_error: required }).uuid('errors.field.invalid'),
  roles: z.array(z.enum(ROLES, { errorMap: () => ({ message: 'errors.field.invalid' }) })).min(1, required),
})
export type UserRolesForm = z.infer<typeof userRolesFormSchema>
