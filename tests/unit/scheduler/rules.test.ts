import { describe, expect, it } from 'vitest'
import { SchedulerInputError, scheduleMeetings } from '~/modules/b2b/scheduler/schedule'
import { violations } from './schedule-validator'

type Req = { id: string; from: string; to: string; priority: number; lock?: { slot: string; table: string } | null }

function instance(options: {
  slots?: number
  tables?: number
  companies?: { id: string; fixedTable?: string | null; delegates?: string[][] }[]
  requests: Req[]
}) {
  const slotCount = options.slots ?? 2
  const slots = Array.from({ length: slotCount }, (_, i) => ({ id: `s${i + 1}`, start: `2025-03-12T1${i}:00:00Z`, end: `2025-03-12T1${i}:30:00Z` }))
  const companies = options.companies ?? [{ id: 'A' }, { id: 'B' }, { id: 'C' }]
  return {
    slots,
    tables: Array.from({ length: options.tables ?? 2 }, (_, i) => ({ id: `t${i + 1}` })),
    companies: companies.map((c) => ({ id: c.id, fixedTable: c.fixedTable ?? null })),
    delegates: companies.flatMap((c) =>
      (c.delegates ?? [slots.map((s) => s.id)]).map((available, k) => ({ id: `${c.id}${k + 1}`, company: c.id, available })),
    ),
    requests: options.requests.map((r) => ({ lock: null, ...r })),
    seed: 1,
  }
}

function run(input: ReturnType<typeof instance>) {
  const output = scheduleMeetings(input)
  expect(violations(input, output)).toEqual([])
  return output
}

describe('scheduler rules', () => {
  it('merges the two directions of a pair into one meeting', () => {
    const output = run(instance({ requests: [{ id: 'r1', from: 'A', to: 'B', priority: 2 }, { id: 'r2', from: 'B', to: 'A', priority: 3 }] }))
    expect(output.meetings).toHaveLength(1)
    expect(output.meetings[0].requests).toEqual(['r1', 'r2'])
    expect(output.meetings[0].delegates).toEqual(['A1', 'B1'])
    expect(output.unplaced).toEqual([])
  })

  it('keeps a company at its fixed table, and two fixed tables resolve to the first company id', () => {
    const output = run(
      instance({
        slots: 3,
        tables: 3,
        companies: [{ id: 'A', fixedTable: 't3' }, { id: 'B', fixedTable: 't2' }, { id: 'C' }, { id: 'D' }],
        requests: [
          { id: 'r1', from: 'A', to: 'C', priority: 1 },
          { id: 'r2', from: 'D', to: 'A', priority: 1 },
          { id: 'r3', from: 'B', to: 'A', priority: 1 },
        ],
      }),
    )
    expect(output.meetings).toHaveLength(3)
    for (const meeting of output.meetings) expect(meeting.table).toBe('t3')
    expect(new Set(output.meetings.map((m) => m.slot)).size).toBe(3)
  })

  it('places a locked request exactly at its lock, and reports the loser of two colliding locks', () => {
    const output = run(
      instance({
        requests: [
          { id: 'r1', from: 'A', to: 'B', priority: 1, lock: { slot: 's2', table: 't2' } },
          { id: 'r2', from: 'C', to: 'B', priority: 3, lock: { slot: 's2', table: 't1' } },
          { id: 'r3', from: 'A', to: 'C', priority: 2, lock: { slot: 's2', table: 't1' } },
        ],
      }),
    )
    const at = (id: string) => output.meetings.find((m) => m.requests.includes(id))
    expect(at('r2')).toMatchObject({ slot: 's2', table: 't1' })
    expect(at('r1')).toBeUndefined() // B's only delegate is taken by the heavier lock
    expect(output.unplaced).toEqual([
      { request: 'r1', reason: 'lock_conflict' },
      { request: 'r3', reason: 'lock_conflict' },
    ])
  })

  it('a lock off the fixed table cannot be honoured', () => {
    const output = run(
      instance({
        companies: [{ id: 'A', fixedTable: 't1' }, { id: 'B' }],
        requests: [{ id: 'r1', from: 'A', to: 'B', priority: 1, lock: { slot: 's1', table: 't2' } }],
      }),
    )
    expect(output.unplaced).toEqual([{ request: 'r1', reason: 'lock_conflict' }])
  })

  it('gives each unplaced request its reason', () => {
    const output = run(
      instance({
        slots: 2,
        tables: 1,
        companies: [
          { id: 'A', delegates: [['s1']] },
          { id: 'B', delegates: [['s2']] },
          { id: 'C', delegates: [['s1', 's2']] },
          { id: 'D', delegates: [['s1', 's2']] },
          { id: 'E', delegates: [['s1']] },
          { id: 'F', delegates: [['s1', 's2']] },
        ],
        requests: [
          { id: 'r1', from: 'A', to: 'B', priority: 3 }, // never both there
          { id: 'r2', from: 'A', to: 'C', priority: 3 },
          { id: 'r3', from: 'B', to: 'D', priority: 3 },
          { id: 'r4', from: 'A', to: 'E', priority: 1 }, // A's delegate is busy with r2
          { id: 'r5', from: 'F', to: 'E', priority: 1 }, // both free at s1 but the one table is taken
        ],
      }),
    )
    expect(output.unplaced).toEqual([
      { request: 'r1', reason: 'no_common_slot' },
      { request: 'r4', reason: 'company_full' },
      { request: 'r5', reason: 'no_table' },
    ])
  })

  it('lets a company hold as many meetings per slot as it has delegates there', () => {
    const output = run(
      instance({
        slots: 1,
        tables: 3,
        companies: [{ id: 'A', delegates: [['s1'], ['s1']] }, { id: 'B' }, { id: 'C' }, { id: 'D' }],
        requests: ['B', 'C', 'D'].map((to, i) => ({ id: `r${i + 1}`, from: 'A', to, priority: 1 })),
      }),
    )
    expect(output.meetings).toHaveLength(2)
    expect(output.unplaced).toEqual([{ request: 'r3', reason: 'company_full' }])
  })

  it('prefers the heavier meeting, then a company that would otherwise have none', () => {
    const output = run(
      instance({
        slots: 1,
        tables: 1,
        companies: [{ id: 'A' }, { id: 'B' }, { id: 'C' }, { id: 'D' }],
        requests: [
          { id: 'r1', from: 'A', to: 'B', priority: 1 },
          { id: 'r2', from: 'C', to: 'D', priority: 2 },
        ],
      }),
    )
    expect(output.meetings.map((m) => m.requests)).toEqual([['r2']])
  })

  it('packs a company’s meetings without idle slots when it can', () => {
    const output = run(
      instance({
        slots: 6,
        tables: 4,
        companies: [{ id: 'A' }, { id: 'B' }, { id: 'C' }, { id: 'D' }],
        requests: ['B', 'C', 'D'].map((to, i) => ({ id: `r${i + 1}`, from: 'A', to, priority: 1 })),
      }),
    )
    const ranks = output.meetings.map((m) => Number(m.slot.slice(1))).sort()
    expect(ranks[2] - ranks[0]).toBe(2)
  })

  it('gives the same bytes for the same instance and seed', () => {
    const input = instance({
      slots: 3,
      tables: 2,
      companies: [{ id: 'A' }, { id: 'B' }, { id: 'C' }, { id: 'D' }],
      requests: [
        { id: 'r1', from: 'A', to: 'B', priority: 1 },
        { id: 'r2', from: 'C', to: 'D', priority: 2 },
        { id: 'r3', from: 'A', to: 'C', priority: 3 },
        { id: 'r4', from: 'D', to: 'B', priority: 1 },
      ],
    })
    expect(JSON.stringify(scheduleMeetings(input))).toBe(JSON.stringify(scheduleMeetings(structuredClone(input))))
  })
})

describe('bad instances', () => {
  const base = () => instance({ requests: [{ id: 'r1', from: 'A', to: 'B', priority: 1 }] })
  const problems = (input: unknown) => {
    try {
      scheduleMeetings(input)
    } catch (error) {
      expect(error).toBeInstanceOf(SchedulerInputError)
      return (error as SchedulerInputError).problems
    }
    throw new Error('expected a SchedulerInputError')
  }

  it.each([
    ['an unknown company', (i: ReturnType<typeof base>) => (i.requests[0].to = 'Z'), 'unknown company "Z"'],
    ['an unknown slot in availability', (i: ReturnType<typeof base>) => (i.delegates[0].available = ['s9']), 'unknown slot "s9"'],
    ['an unknown fixed table', (i: ReturnType<typeof base>) => (i.companies[0].fixedTable = 't9'), 'unknown fixed table "t9"'],
    ['a lock on an unknown table', (i: ReturnType<typeof base>) => (i.requests[0].lock = { slot: 's1', table: 't9' }), 'lock on unknown table "t9"'],
    ['a lock on an unknown slot', (i: ReturnType<typeof base>) => (i.requests[0].lock = { slot: 's9', table: 't1' }), 'lock on unknown slot "s9"'],
    [
      'a lock where a party has no delegate',
      (i: ReturnType<typeof base>) => {
        i.delegates[1].available = ['s2']
        i.requests[0].lock = { slot: 's1', table: 't1' }
      },
      'company "B" has no available delegate',
    ],
    ['a duplicate id', (i: ReturnType<typeof base>) => i.tables.push({ id: 't1' }), 'duplicate table id "t1"'],
    ['a self-request', (i: ReturnType<typeof base>) => (i.requests[0].to = 'A'), 'with itself ("A")'],
    ['a priority outside 1..3', (i: ReturnType<typeof base>) => (i.requests[0].priority = 4), 'requests.0.priority'],
    ['a fractional seed', (i: ReturnType<typeof base>) => (i.seed = 1.5), 'seed'],
    ['a slot ending before it starts', (i: ReturnType<typeof base>) => (i.slots[0].end = '2025-03-12T09:00:00Z'), 'end is not after start'],
    [
      'the same direction asked twice',
      (i: ReturnType<typeof base>) => i.requests.push({ id: 'r2', from: 'A', to: 'B', priority: 2, lock: null }),
      'same companies and direction as request "r1"',
    ],
  ])('names %s', (_, spoil, expected) => {
    const input = base()
    spoil(input)
    expect(problems(input).join('\n')).toContain(expected)
  })

  it('lists every problem at once, and refuses what is not an instance', () => {
    const input = base()
    input.requests[0].to = 'Z'
    input.tables.push({ id: 't1' })
    expect(problems(input)).toHaveLength(2)
    expect(problems('nope').join()).toContain('instance')
    expect(problems({ slots: [] }).join('\n')).toContain('tables')
  })
})
