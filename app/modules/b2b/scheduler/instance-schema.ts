/**
 * The scheduler's input, checked once: zod for shapes, then the cross-references zod cannot see.
 * Every problem found is reported together, so a bad instance is fixed in one round trip.
 */
import { z } from 'zod'

export class SchedulerInputError extends Error {
  readonly problems: string[]
  constructor(problems: string[]) {
    super(`invalid scheduler instance:\n${problems.map((p) => `  - ${p}`).join('\n')}`)
    this.name = 'SchedulerInputError'
    this.problems = problems
  }
}

const id = z.string().min(1)
const instant = z.union([z.string().min(1), z.number()])

export const instanceSchema = z.object({
  slots: z.array(z.object({ id, start: instant, end: instant })),
  tables: z.array(z.object({ id })),
  companies: z.array(z.object({ id, fixedTable: id.nullable().optional().default(null) })),
  delegates: z.array(z.object({ id, company: id, available: z.array(id) })),
  requests: z.array(
    z.object({
      id,
      from: id,
      to: id,
      priority: z.number().int().min(1).max(3),
      lock: z.object({ slot: id, table: id }).nullable().optional().default(null),
    }),
  ),
  seed: z.number().int(),
})

export type SchedulerInstance = z.infer<typeof instanceSchema>

function toMillis(value: string | number) {
  return typeof value === 'number' ? value : Date.parse(value)
}

function duplicates(kind: string, ids: string[], problems: string[]) {
  const seen = new Set<string>()
  for (const x of ids) {
    if (seen.has(x)) problems.push(`duplicate ${kind} id "${x}"`)
    seen.add(x)
  }
}

/** Parses and cross-checks an instance; throws SchedulerInputError naming every problem. */
export function parseInstance(input: unknown): SchedulerInstance {
  const parsed = instanceSchema.safeParse(input)
  if (!parsed.success) {
    throw new SchedulerInputError(
      parsed.error.issues.map((issue) => `${issue.path.length ? issue.path.join('.') : 'instance'}: ${issue.message}`),
    )
  }
  const instance = parsed.data
  const problems: string[] = []
  duplicates('slot', instance.slots.map((s) => s.id), problems)
  duplicates('table', instance.tables.map((t) => t.id), problems)
  duplicates('company', instance.companies.map((c) => c.id), problems)
  duplicates('delegate', instance.delegates.map((d) => d.id), problems)
  duplicates('request', instance.requests.map((r) => r.id), problems)

  const slots = new Set(instance.slots.map((s) => s.id))
  const tables = new Set(instance.tables.map((t) => t.id))
  const companies = new Set(instance.companies.map((c) => c.id))
  for (const slot of instance.slots) {
    const start = toMillis(slot.start)
    const end = toMillis(slot.end)
    if (Number.isNaN(start) || Number.isNaN(end)) problems.push(`slot "${slot.id}": start or end is not a date`)
    else if (end <= start) problems.push(`slot "${slot.id}": end is not after start`)
  }
  for (const company of instance.companies) {
    if (company.fixedTable !== null && !tables.has(company.fixedTable)) {
      problems.push(`company "${company.id}": unknown fixed table "${company.fixedTable}"`)
    }
  }
  const availableBy = new Map<string, Set<string>>()
  for (const delegate of instance.delegates) {
    if (!companies.has(delegate.company)) problems.push(`delegate "${delegate.id}": unknown company "${delegate.company}"`)
    for (const slot of delegate.available) {
      if (!slots.has(slot)) problems.push(`delegate "${delegate.id}": unknown slot "${slot}"`)
    }
    const set = availableBy.get(delegate.company) ?? new Set<string>()
    for (const slot of delegate.available) set.add(slot)
    availableBy.set(delegate.company, set)
  }
  const directions = new Map<string, string>()
  for (const request of instance.requests) {
    const where = `request "${request.id}"`
    if (!companies.has(request.from)) problems.push(`${where}: unknown company "${request.from}" (from)`)
    if (!companies.has(request.to)) problems.push(`${where}: unknown company "${request.to}" (to)`)
    if (request.from === request.to) problems.push(`${where}: a company cannot request a meeting with itself ("${request.from}")`)
    const direction = `${request.from}\u0000${request.to}`
    const earlier = directions.get(direction)
    if (earlier !== undefined) problems.push(`${where}: same companies and direction as request "${earlier}"`)
    else directions.set(direction, request.id)
    if (request.lock) {
      const { slot, table } = request.lock
      if (!slots.has(slot)) problems.push(`${where}: lock on unknown slot "${slot}"`)
      if (!tables.has(table)) problems.push(`${where}: lock on unknown table "${table}"`)
      if (slots.has(slot)) {
        for (const party of [request.from, request.to]) {
          if (companies.has(party) && !availableBy.get(party)?.has(slot)) {
            problems.push(`${where}: locked on slot "${slot}" where company "${party}" has no available delegate`)
          }
        }
      }
    }
  }
  if (problems.length > 0) throw new SchedulerInputError(problems)
  return instance
}

export function slotStartMillis(slot: { start: string | number }) {
  return toMillis(slot.start)
}
export function slotEndMillis(slot: { end: string | number }) {
  return toMillis(slot.end)
}
