/**
 * The instance reduced to what placement needs: requests merged into company pairs, slots in start
 * order, per-(company, slot) delegate capacity and, per pair, the one table it must use (if any).
 * Delegates are interchangeable within a company and slot, and floating meetings can take any free
 * table, so a slot is feasible iff capacities, pinned tables and the table count allow it; delegates
 * and floating tables are handed out afterwards (see render.ts).
 */
import { parseInstance, slotEndMillis, slotStartMillis, type SchedulerInstance } from './instance-schema'

export type Pair = {
  a: number
  b: number
  /** Request indices this meeting carries (both directions when both asked). */
  requests: number[]
  weight: number
  /** Feasible slot ranks (both companies have an available delegate; the lock slot when locked). */
  slots: number[]
  /** Table index the meeting must use (fixed table or lock), or -1 for any free table. */
  table: number
  locked: boolean
}

export type Problem = {
  instance: SchedulerInstance
  /** slotIndex[rank] = index in instance.slots, ranks ordered by start, then end, then id. */
  slotIndex: number[]
  slotCount: number
  tableCount: number
  companyCount: number
  /** Available delegates of company c at slot rank s, at most 1 for a fixed-table company: cap[c * S + s]. */
  cap: Int32Array
  pairs: Pair[]
  pairsOf: number[][]
  /** Requests that can never be placed, decided before search (a lock that cannot be honoured). */
  lockConflicts: number[]
}

const byCodeUnit = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0)

export function buildProblem(input: unknown): Problem {
  const instance = parseInstance(input)
  const slotIndex = instance.slots
    .map((_, i) => i)
    .sort((i, j) => {
      const a = instance.slots[i]
      const b = instance.slots[j]
      return slotStartMillis(a) - slotStartMillis(b) || slotEndMillis(a) - slotEndMillis(b) || byCodeUnit(a.id, b.id)
    })
  const S = slotIndex.length
  const slotRank = new Map(slotIndex.map((i, rank) => [instance.slots[i].id, rank]))
  const tableIndex = new Map(instance.tables.map((t, i) => [t.id, i]))
  const companyIndex = new Map(instance.companies.map((c, i) => [c.id, i]))
  const C = instance.companies.length
  const fixedTable = instance.companies.map((c) => (c.fixedTable === null ? -1 : tableIndex.get(c.fixedTable)!))

  const cap = new Int32Array(C * S)
  for (const delegate of instance.delegates) {
    const c = companyIndex.get(delegate.company)!
    for (const slot of new Set(delegate.available)) cap[c * S + slotRank.get(slot)!]++
  }
  for (let c = 0; c < C; c++) {
    if (fixedTable[c] >= 0) for (let s = 0; s < S; s++) cap[c * S + s] = Math.min(cap[c * S + s], 1)
  }

  // Requests grouped by unordered pair, in input order.
  const groups = new Map<string, number[]>()
  instance.requests.forEach((request, r) => {
    const [x, y] = [companyIndex.get(request.from)!, companyIndex.get(request.to)!].sort((m, n) => m - n)
    const key = `${x},${y}`
    const group = groups.get(key)
    if (group) group.push(r)
    else groups.set(key, [r])
  })

  const pairs: Pair[] = []
  const lockConflicts: number[] = []
  for (const [key, members] of groups) {
    const [a, b] = key.split(',').map(Number)
    // Two fixed tables: the meeting goes to the table of the company whose id sorts first.
    const fixedOwner = [a, b].filter((c) => fixedTable[c] >= 0).sort((m, n) => byCodeUnit(instance.companies[m].id, instance.companies[n].id))[0]
    const pinned = fixedOwner === undefined ? -1 : fixedTable[fixedOwner]
    // The strongest lock that agrees with the pinned table decides; other locks cannot be honoured.
    const locked = members
      .filter((r) => instance.requests[r].lock !== null)
      .sort((r, q) => instance.requests[q].priority - instance.requests[r].priority || r - q)
    const lock = locked.map((r) => instance.requests[r].lock!).find((l) => pinned < 0 || tableIndex.get(l.table) === pinned) ?? null
    const carried: number[] = []
    for (const r of members) {
      const own = instance.requests[r].lock
      if (own === null || (lock !== null && own.slot === lock.slot && own.table === lock.table)) carried.push(r)
      else lockConflicts.push(r)
    }
    if (carried.length === 0) continue
    const slots: number[] = []
    if (lock) slots.push(slotRank.get(lock.slot)!)
    else for (let s = 0; s < S; s++) if (cap[a * S + s] > 0 && cap[b * S + s] > 0) slots.push(s)
    pairs.push({
      a,
      b,
      requests: carried,
      weight: carried.reduce((sum, r) => sum + instance.requests[r].priority, 0),
      slots,
      table: lock ? tableIndex.get(lock.table)! : pinned,
      locked: lock !== null,
    })
  }
  const pairsOf: number[][] = Array.from({ length: C }, () => [])
  pairs.forEach((pair, p) => {
    pairsOf[pair.a].push(p)
    pairsOf[pair.b].push(p)
  })
  lockConflicts.sort((r, q) => r - q)
  return { instance, slotIndex, slotCount: S, tableCount: instance.tables.length, companyCount: C, cap, pairs, pairsOf, lockConflicts }
}
