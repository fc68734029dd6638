/**
 * From slots per pair to the published schedule: delegates and floating tables handed out per slot
 * (any choice is valid, see problem.ts), a reason for every request left out, stable ordering so
 * the JSON is byte-identical for the same instance and seed.
 */
import type { PlacementState } from './placement-state'

export type UnplacedReason = 'no_common_slot' | 'company_full' | 'no_table' | 'lock_conflict'

export type ScheduleOutput = {
  meetings: { requests: string[]; slot: string; table: string; delegates: [string, string] }[]
  unplaced: { request: string; reason: UnplacedReason }[]
}

export function renderSchedule(state: PlacementState): ScheduleOutput {
  const problem = state.problem
  const { instance, pairs, slotCount: S, tableCount: T, cap } = problem
  const companyIndex = new Map(instance.companies.map((c, i) => [c.id, i]))
  const slotRank = new Map(problem.slotIndex.map((i, rank) => [instance.slots[i].id, rank]))

  // Delegates of each company available per slot, in input order.
  const delegatesAt: string[][] = Array.from({ length: problem.companyCount * S }, () => [])
  for (const delegate of instance.delegates) {
    const c = companyIndex.get(delegate.company)!
    const ranks = [...new Set(delegate.available.map((slot) => slotRank.get(slot)!))]
    for (const s of ranks) delegatesAt[c * S + s].push(delegate.id)
  }

  const bySlot: number[][] = Array.from({ length: S }, () => [])
  pairs.forEach((_, p) => {
    if (state.slotOf[p] >= 0) bySlot[state.slotOf[p]].push(p)
  })
  const meetings: (ScheduleOutput['meetings'][number] & { rank: number; tableIndex: number })[] = []
  let tableOfCompany = new Map<number, number>()
  for (let s = 0; s < S; s++) {
    const taken = new Uint8Array(T)
    const tableOf = new Map<number, number>()
    for (const p of bySlot[s]) {
      if (pairs[p].table >= 0) {
        taken[pairs[p].table] = 1
        tableOf.set(p, pairs[p].table)
      }
    }
    // A floating meeting keeps a table one of its companies had in the previous slot when free, so
    // people move less; otherwise the first free table.
    let nextFree = 0
    for (const p of bySlot[s]) {
      if (tableOf.has(p)) continue
      const previous = [tableOfCompany.get(pairs[p].a), tableOfCompany.get(pairs[p].b)].find((t) => t !== undefined && !taken[t])
      let table = previous
      if (table === undefined) {
        while (taken[nextFree]) nextFree++
        table = nextFree
      }
      taken[table] = 1
      tableOf.set(p, table)
    }
    const used = new Map<number, number>()
    const nextTableOfCompany = new Map<number, number>()
    for (const p of bySlot[s]) {
      const pair = pairs[p]
      const first = instance.requests[pair.requests[0]]
      const order = companyIndex.get(first.from) === pair.a ? [pair.a, pair.b] : [pair.b, pair.a]
      const delegates = order.map((c) => {
        const k = used.get(c) ?? 0
        used.set(c, k + 1)
        return delegatesAt[c * S + s][k]
      }) as [string, string]
      const table = tableOf.get(p)!
      nextTableOfCompany.set(pair.a, table).set(pair.b, table)
      meetings.push({
        requests: pair.requests.map((r) => instance.requests[r].id),
        slot: instance.slots[problem.slotIndex[s]].id,
        table: instance.tables[table].id,
        delegates,
        rank: s,
        tableIndex: table,
      })
    }
    tableOfCompany = nextTableOfCompany
  }
  meetings.sort((x, y) => x.rank - y.rank || x.tableIndex - y.tableIndex)

  const reasons = new Map<number, UnplacedReason>()
  for (const r of problem.lockConflicts) reasons.set(r, 'lock_conflict')
  pairs.forEach((pair, p) => {
    if (state.slotOf[p] >= 0) return
    let reason: UnplacedReason
    if (pair.locked) reason = 'lock_conflict'
    else if (pair.slots.length === 0) reason = 'no_common_slot'
    else {
      const tableOnly = pair.slots.some((s) => state.load[pair.a * S + s] < cap[pair.a * S + s] && state.load[pair.b * S + s] < cap[pair.b * S + s])
      reason = tableOnly ? 'no_table' : 'company_full'
    }
    for (const r of pair.requests) reasons.set(r, reason)
  })
  const unplaced = [...reasons]
    .sort(([r], [q]) => r - q)
    .map(([r, reason]) => ({ request: instance.requests[r].id, reason }))

  return { meetings: meetings.map(({ requests, slot, table, delegates }) => ({ requests, slot, table, delegates })), unplaced }
}
