/**
 * When tables are the scarce resource every slot is full and no single move helps. A slot chain
 * seats an unplaced pair p in slot s0, moves one meeting from s0 to s1, one from s1 to s2 ... and
 * ends at a slot with a free table or by dropping that slot's lightest meeting. Each slot gains one
 * meeting and loses one, so only the arrival has to fit its companies and pinned table; found by a
 * breadth-first search over the slots (an augmenting path, as in a transportation problem).
 */
import type { PlacementState } from './placement-state'
import type { SearchBudget } from './placement-state'

export function seatByChains(state: PlacementState, budget: SearchBudget) {
  const { pairs } = state.problem
  let improved = false
  const unplaced = pairs.map((_, p) => p).filter((p) => state.slotOf[p] < 0 && !pairs[p].locked && pairs[p].slots.length > 0)
  unplaced.sort((p, q) => pairs[q].weight - pairs[p].weight || p - q)
  for (const p of unplaced) {
    if (budget.units <= 0) break
    if (state.slotOf[p] < 0 && seatOne(state, p, budget)) improved = true
  }
  return improved
}

function fitsCompaniesAndTable(state: PlacementState, q: number, s: number) {
  const pair = state.problem.pairs[q]
  const S = state.S
  const cap = state.problem.cap
  return (
    state.load[pair.a * S + s] < cap[pair.a * S + s] &&
    state.load[pair.b * S + s] < cap[pair.b * S + s] &&
    (pair.table < 0 || state.tableUse[pair.table * S + s] === 0)
  )
}

function seatOne(state: PlacementState, p: number, budget: SearchBudget) {
  const { pairs, slotCount: S, tableCount } = state.problem
  const arrivedFrom = new Int32Array(S).fill(-2) // -1: p itself arrives; else the slot the mover left
  const mover = new Int32Array(S).fill(-1)
  const queue: number[] = []
  for (const s of pairs[p].slots) {
    if (fitsCompaniesAndTable(state, p, s)) {
      arrivedFrom[s] = -1
      mover[s] = p
      queue.push(s)
    }
  }
  for (let head = 0; head < queue.length; head++) {
    const s = queue[head]
    if (state.slotLoad[s] < tableCount) break
    for (const q of state.pairsAt(s)) {
      if (pairs[q].locked) continue
      for (const next of pairs[q].slots) {
        budget.units--
        if (arrivedFrom[next] !== -2 || !fitsCompaniesAndTable(state, q, next)) continue
        arrivedFrom[next] = s
        mover[next] = q
        queue.push(next)
      }
    }
  }
  // Best end: a free table, else the slot whose lightest meeting weighs least.
  let end = -1
  let drop = -1
  let dropWeight = Infinity
  for (const s of queue) {
    if (state.slotLoad[s] < tableCount) {
      end = s
      drop = -1
      break
    }
    for (const r of state.pairsAt(s)) {
      if (pairs[r].locked || r === mover[s]) continue
      if (pairs[r].weight < dropWeight) {
        dropWeight = pairs[r].weight
        drop = r
        end = s
      }
    }
  }
  if (end < 0 || (drop >= 0 && dropWeight > pairs[p].weight)) return false
  const weight = state.weight
  const uncovered = state.uncovered
  const mark = state.mark()
  if (drop >= 0) state.remove(drop)
  for (let s = end; s !== -1; s = arrivedFrom[s]) {
    const q = mover[s]
    if (q !== p) state.remove(q)
    if (!state.canPlace(q, s)) {
      state.rollback(mark)
      return false
    }
    state.place(q, s)
  }
  if (state.weight > weight || (state.weight === weight && state.uncovered < uncovered)) return true
  state.rollback(mark)
  return false
}
