import { data } from 'react-router'
import { parseWithZod } from '@conform-to/zod/v4'
import { zod3Wording } from '~/utils/schema-errors'
import type { SubmissionResult } from '@conform-to/react'
import type { z } from 'zod'
import type { Translate } from '~/locales'
import { isLockConflict } from '~/modules/locks/locks.server'
import { isRefusal, type Refusal, type RefusalCode } from '~/utils/refusal'
import { logger } from '~/utils/logger.server'
import type { FieldErrors } from '~/components/forms'

export type FormValues = Record<string, string | string[]>

export type ActionResult =
  | { ok: true; notice?: string; intent?: string }
  | { ok: false; intent?: string; formError?: string; fieldErrors: FieldErrors; values?: FormValues }

/** Parses a form with its one zod schema; errors are catalogue keys per field. */
export function parseForm<S extends z.ZodTypeAny>(
  formData: FormData,
  schema: S,
): { ok: true; value: z.output<S> } | { ok: false; fieldErrors: FieldErrors; values: FormValues } {
  const submission = parseWithZod(formData, { schema, error: zod3Wording })
  if (submission.status === 'success') return { ok: true, value: submission.value as z.output<S> }
  const values: FormValues = {}
  for (const [key, value] of formData.entries()) {
    if (typeof value !== 'string') continue
    values[key] = key in values ? ([] as string[]).concat(values[key], value) : value
  }
  return { ok: false, fieldErrors: (submission.error ?? {}) as FieldErrors, values }
}

export function invalid(intent: string | undefined, fieldErrors: FieldErrors, values?: FormValues) {
  return data<ActionResult>({ ok: false, intent, formError: 'admin.common.fixErrors', fieldErrors, values }, { status: 400 })
}

/** Refusals the back office words for organisers (admin.registration.errors.*). */
export const ORGANISER_WORDING: Partial<Record<RefusalCode, string>> = {
  invalidState: 'invalid_state',
  soldOut: 'sold_out',
  registrationNotFound: 'not_found',
  busy: 'busy',
}

/** Runs one service call; a business refusal becomes a 4xx with a readable message, never a 500. */
export async function runAction(intent: string | undefined, fn: () => Promise<ActionResult | void>) {
  try {
    const result = await fn()
    return data<ActionResult>(result ?? { ok: true, intent })
  } catch (error) {
    return refusal(intent, error)
  }
}

/**
 * The same for actions that answer with their own result shape (multi-step forms) or a download:
 * a Response is passed through, a refusal is answered like `runAction`'s.
 */
export async function runStepAction<R extends { ok: true; intent?: string }>(intent: string | undefined, fn: () => Promise<R | Response>) {
  try {
    const result = await fn()
    return result instanceof Response ? result : data<R>(result)
  } catch (error) {
    return refusal(intent, error)
  }
}

/** A business refusal as the 4xx answer every admin form shows; anything else is rethrown. */
export function refusal(intent: string | undefined, error: unknown) {
  if (isRefusal(error)) {
    const organiser = ORGANISER_WORDING[error.code]
    if (organiser) return data<ActionResult>({ ok: false, intent, formError: `admin.registration.errors.${organiser}`, fieldErrors: {} }, { status: error.status })
    const key = error.messageKey
    return data<ActionResult>({ ok: false, intent, formError: key, fieldErrors: error.field ? { [error.field]: [key] } : {} }, { status: error.status })
  }
  if (isLockConflict(error)) {
    logger.warn({ intent }, 'admin action hit a lock timeout')
    return data<ActionResult>({ ok: false, intent, formError: 'admin.errors.busy', fieldErrors: {} }, { status: 409 })
  }
  throw error
}

/** Loader-side: a business refusal (e.g. not found) as a Response the error boundary renders. */
export async function orRespond<T>(promise: Promise<T>): Promise<T> {
  try {
    return await promise
  } catch (error) {
    if (isRefusal(error)) throw new Response(error.messageKey, { status: error.status })
    throw error
  }
}

/**
 * A `Refusal` as the conform reply of the form that caused it: its message goes next to
 * `refusal.field` when it names one, else above the form. Routes never translate codes by hand.
 */
export function refusalReply<S extends { reply: (options?: { formErrors?: string[]; fieldErrors?: Record<string, string[]> }) => SubmissionResult<string[]> }>(
  submission: S,
  refusal: Refusal,
  t: Translate,
): SubmissionResult<string[]> {
  const message = t(refusal.messageKey, refusal.vars)
  return refusal.field ? submission.reply({ fieldErrors: { [refusal.field]: [message] } }) : submission.reply({ formErrors: [message] })
}
