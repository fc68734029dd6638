/**
 * How the forms' zod schemas word their errors. Messages are catalogue keys; these two helpers
 * keep what zod 3 said where a schema gives none (decision 030).
 */
import type { z } from 'zod'

type RawIssue = z.core.$ZodRawIssue

/**
 * zod 4 has one `error` option where zod 3 had `required_error` beside a format's message:
 * `missing` when the field was not sent at all, `invalid` when it was sent but fails the schema's
 * own format (`z.guid`). Left out, or for a value of another type, zod 3's wording applies.
 */
export function fieldError({ missing, invalid }: { missing?: string; invalid?: string }) {
  return { error: (issue: { code?: string; input?: unknown }) => (issue.input === undefined ? missing : issue.code === 'invalid_type' ? undefined : invalid) }
}

function received(input: unknown): string {
  if (input === undefined) return 'undefined'
  if (input === null) return 'null'
  if (Array.isArray(input)) return 'array'
  if (input instanceof Date) return 'date'
  if (typeof input === 'number') return Number.isNaN(input) ? 'nan' : 'number'
  return typeof input
}

const listed = (values: readonly unknown[]) => values.map((value) => (typeof value === 'string' ? `'${value}'` : String(value))).join(' | ')

/**
 * zod 3's English text for an issue whose schema names no catalogue key (a few back-office and
 * B2B fields, tampered posts). The form kit passes it to every parse, so what a person reads did
 * not change with zod 4; a field that deserves better gets a catalogue key instead.
 */
export function zod3Wording(issue: RawIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type': {
      if (issue.input === undefined) return 'Required'
      if (issue.expected === 'int') return 'Expected integer, received float'
      if (issue.expected === 'record') return `Expected object, received ${received(issue.input)}`
      return `Expected ${issue.expected}, received ${received(issue.input)}`
    }
    case 'invalid_value': {
      if ((issue.inst?._zod.def as { type?: string } | undefined)?.type === 'literal') return `Invalid literal value, expected ${JSON.stringify(issue.values[0])}`
      if (issue.input === undefined) return 'Required'
      if (typeof issue.input !== 'string') return `Expected ${listed(issue.values)}, received ${received(issue.input)}`
      return `Invalid enum value. Expected ${listed(issue.values)}, received '${issue.input}'`
    }
    case 'invalid_format':
      return issue.format === 'regex' ? 'Invalid' : `Invalid ${issue.format === 'guid' ? 'uuid' : issue.format}`
    case 'too_small': {
      const { origin, minimum, inclusive, exact } = issue
      if (origin === 'array') return `Array must contain ${exact ? 'exactly' : inclusive ? 'at least' : 'more than'} ${minimum} element(s)`
      if (origin === 'string') return `String must contain ${exact ? 'exactly' : inclusive ? 'at least' : 'over'} ${minimum} character(s)`
      if (origin === 'number' || origin === 'int') return `Number must be ${exact ? 'exactly equal to ' : inclusive ? 'greater than or equal to ' : 'greater than '}${minimum}`
      return 'Invalid input'
    }
    case 'too_big': {
      const { origin, maximum, inclusive, exact } = issue
      if (origin === 'array') return `Array must contain ${exact ? 'exactly' : inclusive ? 'at most' : 'less than'} ${maximum} element(s)`
      if (origin === 'string') return `String must contain ${exact ? 'exactly' : inclusive ? 'at most' : 'under'} ${maximum} character(s)`
      if (origin === 'number' || origin === 'int') return `Number must be ${exact ? 'exactly' : inclusive ? 'less than or equal to' : 'less than'} ${maximum}`
      return 'Invalid input'
    }
    case 'not_multiple_of':
      return `Number must be a multiple of ${issue.divisor}`
    case 'invalid_union': {
      if (issue.discriminator && issue.options) return `Invalid discriminator value. Expected ${listed(issue.options as unknown[])}`
      // zod 3 reported the first option that had the right type but failed a check (a URL that is not one).
      const checked = (issue.errors as { code: string; message: string }[][] | undefined)?.find((list) => list.length > 0 && list.every((i) => i.code !== 'invalid_type' && i.code !== 'invalid_value'))
      return checked ? checked.map((i) => i.message).join(' ') : 'Invalid input'
    }
    case 'custom':
      return 'Invalid input'
    default:
      return undefined
  }
}
