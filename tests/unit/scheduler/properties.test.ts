import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { solveWithHighs } from '~/modules/b2b/scheduler/highs-model'
import { buildProblem } from '~/modules/b2b/scheduler/problem'
import { scheduleMeetings } from '~/modules/b2b/scheduler/schedule'
import { placedPriority, violations } from './schedule-validator'

/** Random small instances: always valid input, often tight (few tables, partial availability). */
const smallInstance = (limits: { companies: number; requests: number }) =>
  fc
    .record({
      slots: fc.integer({ min: 1, max: 4 }),
      tables: fc.integer({ min: 1, max: 3 }),
      companies: fc.integer({ min: 2, max: limits.companies }),
      seed: fc.integer(),
    })
    .chain((size) => {
      const slotIds = Array.from({ length: size.slots }, (_, i) => `s${i + 1}`)
      const company = fc.integer({ min: 0, max: size.companies - 1 })
      return fc.record({
        size: fc.constant(size),
        fixed: fc.array(fc.option(fc.integer({ min: 0, max: size.tables - 1 }), { freq: 3 }), { minLength: size.companies, maxLength: size.companies }),
        delegates: fc.array(fc.array(fc.subarray(slotIds), { minLength: 1, maxLength: 2 }), { minLength: size.companies, maxLength: size.companies }),
        requests: fc.uniqueArray(
          fc.record({
            from: company,
            to: company,
            priority: fc.integer({ min: 1, max: 3 }),
            lock: fc.option(fc.record({ slot: fc.integer({ min: 0, max: size.slots - 1 }), table: fc.integer({ min: 0, max: size.tables - 1 }) }), { freq: 5 }),
          }),
          { selector: (r) => `${r.from}>${r.to}`, maxLength: limits.requests },
        ),
      })
    })
    .map(({ size, fixed, delegates, requests }) => {
      const slots = Array.from({ length: size.slots }, (_, i) => ({ id: `s${i + 1}`, start: i * 10, end: i * 10 + 5 }))
      const availableTo = (c: number) => new Set(delegates[c].flat())
      return {
        slots,
        tables: Array.from({ length: size.tables }, (_, i) => ({ id: `t${i + 1}` })),
        companies: fixed.map((t, c) => ({ id: `c${c}`, fixedTable: t === null ? null : `t${t + 1}` })),
        delegates: delegates.flatMap((list, c) => list.map((available, k) => ({ id: `c${c}d${k}`, company: `c${c}`, available }))),
        requests: requests
          .filter((r) => r.from !== r.to)
          .map((r, i) => {
            const slot = r.lock ? `s${r.lock.slot + 1}` : ''
            const lockable = r.lock && availableTo(r.from).has(slot) && availableTo(r.to).has(slot)
            return { id: `r${i}`, from: `c${r.from}`, to: `c${r.to}`, priority: r.priority, lock: lockable ? { slot, table: `t${r.lock!.table + 1}` } : null }
          }),
        seed: size.seed,
      }
    })

describe('scheduler properties', () => {
  it('every schedule passes the independent validator and is the same for the same seed', () => {
    fc.assert(
      fc.property(smallInstance({ companies: 7, requests: 14 }), (instance) => {
        const output = scheduleMeetings(instance)
        expect(violations(instance, output)).toEqual([])
        expect(JSON.stringify(scheduleMeetings(structuredClone(instance)))).toBe(JSON.stringify(output))
      }),
      { numRuns: 200, seed: 20250312 },
    )
  }, 60_000)

  it('reaches at least 90% of the exact HiGHS optimum of objective (1), all of it on trivial instances', async () => {
    await fc.assert(
      fc.asyncProperty(smallInstance({ companies: 6, requests: 10 }), async (instance) => {
        const problem = buildProblem(instance)
        const oracle = await solveWithHighs(problem, { integer: true, timeLimitSeconds: 10 })
        expect(oracle.status).toBe('Optimal')
        const engine = placedPriority(instance, scheduleMeetings(instance))
        const optimum = Math.round(oracle.objective)
        expect(engine).toBeGreaterThanOrEqual(0.9 * optimum)
        const locked = problem.pairs.filter((pair) => pair.locked).length
        // The oracle seats every lock it can before priority; with all locks seated, nothing beats it.
        if (Math.round(oracle.locksPlaced) === locked) expect(engine).toBeLessThanOrEqual(optimum)
        if (instance.requests.length <= 4) expect(engine).toBe(optimum)
      }),
      { numRuns: 120, seed: 42 },
    )
  }, 60_000)
})
