/**
 * The placement problem as a HiGHS model (CPLEX LP text): the test oracle, and the bound the bench
 * compares against. Not on the engine's path: a solver stopped by a wall-clock limit would make the
 * output depend on the machine, and the app needs the same schedule for the same instance.
 *
 * x_p_s = 1 when pair p meets at slot rank s. Rows: each pair at most once; per company and slot
 * at most its capacity; per pinned table and slot at most one meeting; per slot at most |tables|.
 * These rows are exactly the engine's feasibility test (problem.ts explains why they suffice).
 * A lock is honoured whenever it can be: locked pairs carry a bonus larger than all priorities
 * together, so the model first seats as many locks as possible, then maximises priority. When all
 * locks fit (as in generated instances), the LP relaxation's priority is a valid upper bound on
 * objective (1) over every schedule that honours them.
 */
import highsLoader from 'highs'
import type { Problem } from './problem'

type Highs = Awaited<ReturnType<typeof highsLoader>>
let loading: Promise<Highs> | null = null
function loadHighs() {
  loading ??= highsLoader()
  return loading
}

function row(name: string, terms: string[], sense: string, rhs: number, out: string[]) {
  out.push(` ${name}:`)
  for (let i = 0; i < terms.length; i += 12) out.push(`  ${i === 0 ? '' : '+ '}${terms.slice(i, i + 12).join(' + ')}`)
  out.push(`  ${sense} ${rhs}`)
}

export function problemToLp(problem: Problem, integer: boolean): string {
  const { pairs, slotCount: S, tableCount, companyCount: C, cap } = problem
  const out: string[] = ['Maximize', ' obj:']
  const objective: string[] = []
  const byCompanySlot: string[][] = Array.from({ length: C * S }, () => [])
  const byTableSlot = new Map<number, string[]>()
  const bySlot: string[][] = Array.from({ length: S }, () => [])
  const names: string[] = []
  const lockBonus = pairs.reduce((sum, pair) => sum + pair.weight, 0) + 1
  pairs.forEach((pair, p) => {
    for (const s of pair.slots) {
      const x = `x${p}_${s}`
      names.push(x)
      objective.push(`${pair.weight + (pair.locked ? lockBonus : 0)} ${x}`)
      byCompanySlot[pair.a * S + s].push(x)
      byCompanySlot[pair.b * S + s].push(x)
      bySlot[s].push(x)
      if (pair.table >= 0) {
        const key = pair.table * S + s
        const list = byTableSlot.get(key)
        if (list) list.push(x)
        else byTableSlot.set(key, [x])
      }
    }
  })
  if (objective.length === 0) objective.push('0 dummy')
  for (let i = 0; i < objective.length; i += 12) out.push(`  ${i === 0 ? '' : '+ '}${objective.slice(i, i + 12).join(' + ')}`)
  out.push('Subject To')
  pairs.forEach((pair, p) => {
    if (pair.slots.length > 1) row(`p${p}`, pair.slots.map((s) => `x${p}_${s}`), '<=', 1, out)
  })
  byCompanySlot.forEach((terms, i) => {
    if (terms.length > cap[i]) row(`c${i}`, terms, '<=', cap[i], out)
  })
  for (const [key, terms] of byTableSlot) if (terms.length > 1) row(`t${key}`, terms, '<=', 1, out)
  bySlot.forEach((terms, s) => {
    if (terms.length > tableCount) row(`s${s}`, terms, '<=', tableCount, out)
  })
  out.push('Bounds')
  for (const x of names) out.push(` 0 <= ${x} <= 1`)
  if (objective[0] === '0 dummy') out.push(' 0 <= dummy <= 0')
  if (integer && names.length > 0) {
    out.push('Binary')
    for (let i = 0; i < names.length; i += 12) out.push(` ${names.slice(i, i + 12).join(' ')}`)
  }
  out.push('End')
  return out.join('\n')
}

export type HighsPlacement = {
  status: string
  /** Total priority (objective (1)) of the solution found; for the LP relaxation, the bound. */
  objective: number
  locksPlaced: number
  /** Slot rank per pair, -1 when not placed (rounded; meaningful for the MIP only). */
  slotOf: Int32Array
  seconds: number
}

/** Solves the MIP (integer) or its LP relaxation with HiGHS. */
export async function solveWithHighs(problem: Problem, options: { integer: boolean; timeLimitSeconds?: number }): Promise<HighsPlacement> {
  const highs = await loadHighs()
  const lp = problemToLp(problem, options.integer)
  const started = performance.now()
  const solution = highs.solve(lp, {
    output_flag: false,
    time_limit: options.timeLimitSeconds ?? 60,
    mip_rel_gap: 0,
    threads: 1,
  })
  const seconds = (performance.now() - started) / 1000
  const slotOf = new Int32Array(problem.pairs.length).fill(-1)
  let objective = 0
  let locksPlaced = 0
  if (solution.Status === 'Infeasible' || !('Columns' in solution)) return { status: solution.Status, objective, locksPlaced, slotOf, seconds }
  for (const [name, column] of Object.entries(solution.Columns)) {
    const match = /^x(\d+)_(\d+)$/.exec(name)
    if (!match || !('Primal' in column)) continue
    const pair = problem.pairs[Number(match[1])]
    objective += pair.weight * column.Primal
    if (pair.locked) locksPlaced += column.Primal
    if (column.Primal > 0.5) slotOf[Number(match[1])] = Number(match[2])
  }
  return { status: solution.Status, objective, locksPlaced, slotOf, seconds }
}
