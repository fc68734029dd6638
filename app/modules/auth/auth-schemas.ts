import { z } from 'zod'
import type { MessageKey } from '~/locales'

// Messages are catalogue keys: the route translates them into the reader's language.
const error = (key: MessageKey) => ({ error: key })

/** The sign-in form, checked on the server (the page works without JavaScript). */
export const SignInSchema = z.object({
  email: z
    .string(error('errors.field.required'))
    .trim()
    .min(1, error('errors.field.required'))
    .max(254, error('errors.field.email'))
    .regex(z.regexes.email, error('errors.field.email')),
  password: z.string(error('errors.field.required')).min(1, error('errors.field.required')).max(500, error('errors.field.invalid')),
  next: z.string().max(500).optional(),
})

export type SignInInput = z.infer<typeof SignInSchema>

export const MIN_PASSWORD_LENGTH = 12

/** Choosing a password from an invitation or reset link. */
export const SetPasswordSchema = z
  .object({
    password: z
      .string(error('errors.field.required'))
      .min(MIN_PASSWORD_LENGTH, error('auth.password.tooShort'))
      .max(500, error('errors.field.invalid')),
    confirm: z.string(error('errors.field.required')).min(1, error('errors.field.required')),
  })
  .refine((v) => v.password === v.confirm, { path: ['confirm'], ...error('auth.password.mismatch') })

export const PasswordResetRequestSchema = SignInSchema.pick({ email: true })
