/**
 * Objective (3) once the set of meetings is settled: move meetings between slots so companies wait
 * less between their first and last meeting. Moves only relocate, so objectives (1)-(2) cannot
 * change. A move is kept only if the idle slots of the companies it touches strictly drop.
 */
import type { SearchBudget } from './placement-state'
import type { PlacementSearch } from './search'

export function compact(search: PlacementSearch, budget: SearchBudget, random: { shuffle: <T>(items: T[]) => T[] }) {
  const state = search.state
  const { pairs } = state.problem
  let improved = true
  while (improved && budget.units > 0) {
    improved = false
    const movable = random.shuffle(pairs.map((_, p) => p).filter((p) => state.slotOf[p] >= 0 && !pairs[p].locked))
    for (const p of movable) {
      if (budget.units <= 0) break
      if (improveMeeting(search, p, budget)) improved = true
      state.commit()
    }
  }
}

function idle(search: PlacementSearch, companies: Set<number>) {
  let total = 0
  for (const c of companies) total += search.state.gapsOf(c)
  return total
}

/** Tries every other slot for p, directly or by sending the one meeting in the way elsewhere. */
function improveMeeting(search: PlacementSearch, p: number, budget: SearchBudget) {
  const state = search.state
  const { pairs } = state.problem
  const pair = pairs[p]
  const from = state.slotOf[p]
  const own = new Set([pair.a, pair.b])
  const before = idle(search, own)
  for (const s of pair.slots) {
    if (s === from) continue
    budget.units -= 2
    const mark = state.mark()
    state.remove(p)
    if (state.canPlace(p, s)) {
      state.place(p, s)
      if (idle(search, own) < before) return true
      state.rollback(mark)
      continue
    }
    search.prepareMove(p)
    const out = search.blockers(p, s)
    if (out === null || out.length !== 1) {
      state.rollback(mark)
      continue
    }
    const q = out[0]
    // p's removal leaves q's other companies untouched, so their idle slots can be read now.
    const touched = new Set([...own, pairs[q].a, pairs[q].b])
    let baseline = before
    for (const c of touched) if (!own.has(c)) baseline += state.gapsOf(c)
    state.remove(q)
    state.place(p, s)
    if (placeForIdle(search, q, s, touched) && idle(search, touched) < baseline) return true
    state.rollback(mark)
  }
  return false
}

/** Places q in the slot (other than `forbidden`) that leaves `companies` the fewest idle slots. */
function placeForIdle(search: PlacementSearch, q: number, forbidden: number, companies: Set<number>) {
  const state = search.state
  let best = -1
  let bestIdle = Infinity
  for (const s of state.problem.pairs[q].slots) {
    if (s === forbidden || !state.canPlace(q, s)) continue
    state.place(q, s)
    const value = idle(search, companies)
    state.remove(q)
    if (value < bestIdle) {
      bestIdle = value
      best = s
    }
  }
  if (best < 0) return false
  state.place(q, best)
  return true
}
