/**
 * Mutable placement of pairs into slots with O(1) place/remove, a feasibility test that is exactly
 * the model in highs-model.ts, and an undo journal so a tentative move costs only what it touched.
 */
import type { Problem } from './problem'

export class PlacementState {
  readonly problem: Problem
  readonly S: number
  readonly slotOf: Int32Array
  readonly load: Int32Array
  /** Occupant pair + 1 of each (pinned table, slot) cell; 0 when free. */
  readonly tableUse: Int32Array
  readonly slotLoad: Int32Array
  /** Pairs at slot s: atSlot[s * T + i] for i < slotLoad[s]. */
  private readonly atSlot: Int32Array
  private readonly position: Int32Array
  readonly meetingsOf: Int32Array
  weight = 0
  uncovered: number
  private readonly journal: number[] = []

  constructor(problem: Problem) {
    this.problem = problem
    const S = (this.S = problem.slotCount)
    const P = problem.pairs.length
    this.slotOf = new Int32Array(P).fill(-1)
    this.load = new Int32Array(problem.companyCount * S)
    this.tableUse = new Int32Array(Math.max(1, problem.tableCount) * S)
    this.slotLoad = new Int32Array(S)
    this.atSlot = new Int32Array(Math.max(1, problem.tableCount) * S)
    this.position = new Int32Array(P)
    this.meetingsOf = new Int32Array(problem.companyCount)
    this.uncovered = problem.companyCount
  }

  canPlace(p: number, s: number) {
    const pair = this.problem.pairs[p]
    const S = this.S
    return (
      this.slotLoad[s] < this.problem.tableCount &&
      this.load[pair.a * S + s] < this.problem.cap[pair.a * S + s] &&
      this.load[pair.b * S + s] < this.problem.cap[pair.b * S + s] &&
      (pair.table < 0 || this.tableUse[pair.table * S + s] === 0)
    )
  }

  place(p: number, s: number) {
    const pair = this.problem.pairs[p]
    const S = this.S
    this.journal.push(p, -1)
    this.slotOf[p] = s
    this.load[pair.a * S + s]++
    this.load[pair.b * S + s]++
    if (pair.table >= 0) this.tableUse[pair.table * S + s] = p + 1
    this.position[p] = this.slotLoad[s]
    this.atSlot[s * this.problem.tableCount + this.slotLoad[s]++] = p
    this.weight += pair.weight
    if (this.meetingsOf[pair.a]++ === 0) this.uncovered--
    if (this.meetingsOf[pair.b]++ === 0) this.uncovered--
  }

  remove(p: number) {
    const pair = this.problem.pairs[p]
    const S = this.S
    const s = this.slotOf[p]
    this.journal.push(p, s)
    this.slotOf[p] = -1
    this.load[pair.a * S + s]--
    this.load[pair.b * S + s]--
    if (pair.table >= 0) this.tableUse[pair.table * S + s] = 0
    const T = this.problem.tableCount
    const last = this.atSlot[s * T + --this.slotLoad[s]]
    this.atSlot[s * T + this.position[p]] = last
    this.position[last] = this.position[p]
    this.weight -= pair.weight
    if (--this.meetingsOf[pair.a] === 0) this.uncovered++
    if (--this.meetingsOf[pair.b] === 0) this.uncovered++
  }

  pairsAt(s: number): Int32Array {
    const T = this.problem.tableCount
    return this.atSlot.subarray(s * T, s * T + this.slotLoad[s])
  }

  mark() {
    return this.journal.length
  }

  /** Undoes every place/remove since `mark`. */
  rollback(mark: number) {
    while (this.journal.length > mark) {
      const s = this.journal[this.journal.length - 1]
      const p = this.journal[this.journal.length - 2]
      if (s < 0) this.remove(p)
      else this.place(p, s)
      this.journal.length -= 4
    }
  }

  /** Forgets the undo history (keeps memory flat over long searches). */
  commit() {
    this.journal.length = 0
  }

  /** Idle slots between a company's first and last meeting, slots in start order. */
  gapsOf(c: number) {
    const S = this.S
    let first = -1
    let last = -1
    let busy = 0
    for (let s = 0; s < S; s++) {
      if (this.load[c * S + s] > 0) {
        if (first < 0) first = s
        last = s
        busy++
      }
    }
    return first < 0 ? 0 : last - first + 1 - busy
  }
}

/** Work units left to the search: a count, not a clock, so the same instance gives the same schedule. */
export type SearchBudget = { units: number }
