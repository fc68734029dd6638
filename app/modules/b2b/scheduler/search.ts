/**
 * Objectives (1) and (2): locks first, then greedy most-constrained-first placement, then local
 * search. The search budget counts work units (slot probes), never wall-clock time, so the same
 * instance and seed give the same schedule on any machine.
 */
import { PlacementState, type SearchBudget } from './placement-state'
import type { Problem } from './problem'
import type { Random } from './random'
import { seatByChains } from './slot-chains'


export class PlacementSearch {
  readonly state: PlacementState
  private readonly problem: Problem
  private readonly random: Random
  private readonly budget: SearchBudget
  /** Pairs taking part in the move being built, so a chain never moves one pair twice. */
  private readonly busy: Int32Array
  private stamp = 1

  constructor(problem: Problem, random: Random, budget: SearchBudget) {
    this.problem = problem
    this.random = random
    this.budget = budget
    this.state = new PlacementState(problem)
    this.busy = new Int32Array(problem.pairs.length)
  }

  run() {
    this.placeLocks()
    this.greedy()
    this.state.commit()
    let improved = true
    while (improved && this.budget.units > 0) {
      improved = this.repairPass()
      if (seatByChains(this.state, this.budget)) improved = true
      this.state.commit()
    }
    this.perturb()
    return this.state
  }

  private placeLocks() {
    const { pairs } = this.problem
    const locked = pairs.map((_, p) => p).filter((p) => pairs[p].locked)
    locked.sort((p, q) => pairs[q].weight - pairs[p].weight || p - q)
    for (const p of locked) if (this.state.canPlace(p, pairs[p].slots[0])) this.state.place(p, pairs[p].slots[0])
  }

  /** Heaviest first; among equals, pairs with fewer usable (slot, delegate) options first. */
  private greedy() {
    const { pairs, cap, slotCount: S } = this.problem
    const options = pairs.map((pair) => pair.slots.reduce((n, s) => n + Math.min(cap[pair.a * S + s], cap[pair.b * S + s]), 0))
    const tie = pairs.map(() => this.random.next())
    const order = pairs
      .map((_, p) => p)
      .filter((p) => !pairs[p].locked)
      .sort((p, q) => pairs[q].weight - pairs[p].weight || options[p] - options[q] || tie[p] - tie[q])
    // Within one weight, a pair that gives a company its first meeting goes before the others.
    for (let start = 0; start < order.length; ) {
      let end = start
      while (end < order.length && pairs[order[end]].weight === pairs[order[start]].weight) end++
      const group = order.slice(start, end)
      for (const p of group) {
        if (this.state.meetingsOf[pairs[p].a] === 0 || this.state.meetingsOf[pairs[p].b] === 0) this.placeBest(p)
      }
      for (const p of group) if (this.state.slotOf[p] < 0) this.placeBest(p)
      start = end
    }
  }

  /** Places p where it leaves the most room (free tables, then company slack), if anywhere. */
  private placeBest(p: number) {
    const pair = this.problem.pairs[p]
    const { cap, slotCount: S, tableCount } = this.problem
    const { load, slotLoad } = this.state
    let best = -1
    let bestScore = -Infinity
    for (const s of pair.slots) {
      this.budget.units--
      if (!this.state.canPlace(p, s)) continue
      const score =
        (tableCount - slotLoad[s]) * 4 +
        (cap[pair.a * S + s] - load[pair.a * S + s]) +
        (cap[pair.b * S + s] - load[pair.b * S + s]) +
        this.neighbours(pair.a, s) +
        this.neighbours(pair.b, s)
      if (score > bestScore) {
        bestScore = score
        best = s
      }
    }
    if (best >= 0) this.state.place(p, best)
    return best >= 0
  }

  private neighbours(c: number, s: number) {
    const S = this.problem.slotCount
    const load = this.state.load
    return (s > 0 && load[c * S + s - 1] > 0 ? 1 : 0) + (s + 1 < S && load[c * S + s + 1] > 0 ? 1 : 0)
  }

  /** Starts a new move in which p is the pair being moved. */
  prepareMove(p: number) {
    this.stamp++
    this.busy[p] = this.stamp
  }

  /**
   * Meetings that must leave slot s for p to fit there, one per saturated constraint, chosen
   * lightest first (then the one whose companies keep another meeting); null when a locked or
   * already-moving meeting is in the way.
   */
  blockers(p: number, s: number): number[] | null {
    const { pairs, cap, slotCount: S, tableCount } = this.problem
    const { load, tableUse, slotOf } = this.state
    const pair = pairs[p]
    const out: number[] = []
    if (pair.table >= 0 && tableUse[pair.table * S + s] !== 0) {
      const q = tableUse[pair.table * S + s] - 1
      if (pairs[q].locked || this.busy[q] === this.stamp) return null
      out.push(q)
    }
    for (const c of [pair.a, pair.b]) {
      let used = load[c * S + s]
      for (const q of out) if (pairs[q].a === c || pairs[q].b === c) used--
      if (used < cap[c * S + s]) continue
      const q = this.lightest(this.problem.pairsOf[c].filter((q) => slotOf[q] === s && !out.includes(q)))
      if (q < 0) return null
      out.push(q)
    }
    if (this.state.slotLoad[s] - out.length >= tableCount) {
      const q = this.lightest(Array.from(this.state.pairsAt(s)).filter((q) => !out.includes(q)))
      if (q < 0) return null
      out.push(q)
    }
    return out
  }

  private lightest(candidates: number[]) {
    const { pairs } = this.problem
    const meetingsOf = this.state.meetingsOf
    let best = -1
    let bestKey = Infinity
    for (const q of candidates) {
      if (pairs[q].locked || this.busy[q] === this.stamp) continue
      const pair = pairs[q]
      const wouldUncover = (meetingsOf[pair.a] === 1 ? 1 : 0) + (meetingsOf[pair.b] === 1 ? 1 : 0)
      const key = pair.weight * 16 + wouldUncover * 4 + this.random.next()
      if (key < bestKey) {
        bestKey = key
        best = q
      }
    }
    return best
  }

  /** Places p, relocating up to `depth` levels of meetings in the way; all stay placed. */
  insert(p: number, depth: number, forbidden: number): boolean {
    const pair = this.problem.pairs[p]
    const slots = pair.slots
    const offset = this.random.int(slots.length)
    for (let i = 0; i < slots.length; i++) {
      const s = slots[(i + offset) % slots.length]
      this.budget.units--
      if (s !== forbidden && this.state.canPlace(p, s)) {
        this.state.place(p, s)
        return true
      }
    }
    if (depth === 0 || this.budget.units <= 0) return false
    this.busy[p] = this.stamp
    for (let i = 0; i < slots.length; i++) {
      const s = slots[(i + offset) % slots.length]
      if (s === forbidden) continue
      const out = this.blockers(p, s)
      if (out === null || out.length > 2) continue
      const mark = this.state.mark()
      for (const q of out) {
        this.busy[q] = this.stamp
        this.state.remove(q)
      }
      this.state.place(p, s)
      if (out.every((q) => this.insert(q, depth - 1, s))) return true
      this.state.rollback(mark)
    }
    return false
  }

  /** One pass over unplaced pairs, heaviest first: insert by relocation, else by eviction. */
  private repairPass() {
    const { pairs } = this.problem
    const unplaced = pairs.map((_, p) => p).filter((p) => this.state.slotOf[p] < 0 && !pairs[p].locked)
    unplaced.sort((p, q) => pairs[q].weight - pairs[p].weight || p - q)
    let improved = false
    for (const p of unplaced) {
      if (this.budget.units <= 0) break
      if (this.state.slotOf[p] >= 0) continue
      this.stamp++
      if ((this.freeSlots > 0 && this.insert(p, 2, -1)) || this.evict(p)) improved = true
    }
    return improved
  }

  private better(weight: number, uncovered: number) {
    return this.state.weight > weight || (this.state.weight === weight && this.state.uncovered < uncovered)
  }

  /**
   * Places p by pushing the meetings in its way out, each of which then looks for the slot where
   * it costs least to re-seat (ejection chain); the whole chain is kept only if (1)-(2) improved.
   */
  evict(p: number): boolean {
    const pair = this.problem.pairs[p]
    const lightest = this.lightestPlaced()
    // Every dropped meeting weighs at least `lightest`, so a lighter p can only lose.
    if (pair.weight < lightest) return false
    if (pair.weight === lightest && this.state.meetingsOf[pair.a] > 0 && this.state.meetingsOf[pair.b] > 0) return false
    const weight = this.state.weight
    const uncovered = this.state.uncovered
    for (const s of pair.slots) {
      this.prepareMove(p)
      const out = this.blockers(p, s)
      if (out === null || out.length === 0) continue
      const mark = this.state.mark()
      for (const q of out) {
        this.busy[q] = this.stamp
        this.state.remove(q)
      }
      this.state.place(p, s)
      for (const q of out) this.rehome(q, s, 1)
      if (this.better(weight, uncovered)) return true
      this.state.rollback(mark)
    }
    return false
  }

  /** Re-seats q where the meetings in the way weigh least (dropping q if that costs more than q). */
  private rehome(q: number, forbidden: number, depth: number) {
    const pair = this.problem.pairs[q]
    let best: number[] | null = null
    let bestSlot = -1
    let bestCost = pair.weight
    for (const s of pair.slots) {
      if (s === forbidden) continue
      this.budget.units -= 4
      if (this.state.canPlace(q, s)) {
        this.state.place(q, s)
        return
      }
      if (depth === 0) continue
      const out = this.blockers(q, s)
      if (out === null) continue
      const cost = out.reduce((w, r) => w + this.problem.pairs[r].weight, 0)
      if (cost < bestCost) {
        bestCost = cost
        best = out
        bestSlot = s
      }
    }
    if (best === null) return
    for (const r of best) {
      this.busy[r] = this.stamp
      this.state.remove(r)
    }
    this.state.place(q, bestSlot)
    for (const r of best) this.rehome(r, bestSlot, depth - 1)
  }

  private lightestPlaced() {
    let lightest = Infinity
    this.problem.pairs.forEach((pair, p) => {
      if (this.state.slotOf[p] >= 0 && !pair.locked && pair.weight < lightest) lightest = pair.weight
    })
    return lightest
  }

  /** Slots with a free table; while none, relocation alone cannot place anything. */
  private get freeSlots() {
    let free = 0
    for (let s = 0; s < this.problem.slotCount; s++) if (this.state.slotLoad[s] < this.problem.tableCount) free++
    return free
  }

  /**
   * Large-neighbourhood moves: empty a random company's meetings, refill heaviest first, keep
   * the result unless objectives (1)-(2) got worse. Sideways moves let the search drift.
   */
  private perturb() {
    const { pairs, pairsOf, companyCount } = this.problem
    // Stop after two rounds' worth of companies without a strict gain: the rest is plateau.
    for (let idle = 0; this.budget.units > 0 && idle < 2 * companyCount; idle++) {
      const weight = this.state.weight
      const uncovered = this.state.uncovered
      const mark = this.state.mark()
      const c = this.random.int(companyCount)
      const freed = pairsOf[c].filter((q) => this.state.slotOf[q] >= 0 && !pairs[q].locked)
      for (const q of freed) this.state.remove(q)
      this.budget.units -= 8
      const retry = this.random
        .shuffle(pairsOf[c].filter((q) => this.state.slotOf[q] < 0 && !pairs[q].locked))
        .sort((p, q) => pairs[q].weight - pairs[p].weight)
      for (const q of retry) {
        this.stamp++
        if (!this.insert(q, 1, -1)) this.evict(q)
      }
      if (this.state.weight < weight || (this.state.weight === weight && this.state.uncovered > uncovered)) this.state.rollback(mark)
      else if (this.better(weight, uncovered)) idle = -1
      this.state.commit()
    }
  }
}
