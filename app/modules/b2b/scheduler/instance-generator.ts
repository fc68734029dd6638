/**
 * Deterministic synthetic instances for the bench and the tests: sellers (Martinique companies)
 * and buyers (Florida), requests mostly across the two sides, some asked in both directions, some
 * sellers on a fixed table, delegates absent for a few slots, a few locks.
 */
import type { SchedulerInstance } from './instance-schema'
import { seededRandom } from './random'

export type GeneratorOptions = {
  sellers: number
  buyers: number
  sellerDelegates: number
  buyerDelegates: number
  requests: number
  slots: number
  tables: number
  fixedSellers: number
  locks: number
  /** Probability that a delegate is available in a given slot. */
  availability: number
  /** Share of requests whose reverse direction is also asked. */
  mutual: number
  seed: number
}

export const largeInstanceOptions: GeneratorOptions = {
  sellers: 250, buyers: 150, sellerDelegates: 2, buyerDelegates: 1, requests: 3000, slots: 16, tables: 60,
  fixedSellers: 30, locks: 20, availability: 0.85, mutual: 0.1, seed: 2024,
}

export const mediumInstanceOptions: GeneratorOptions = {
  sellers: 35, buyers: 25, sellerDelegates: 2, buyerDelegates: 1, requests: 300, slots: 12, tables: 25,
  fixedSellers: 6, locks: 5, availability: 0.85, mutual: 0.1, seed: 7,
}

export function generateInstance(options: GeneratorOptions): SchedulerInstance {
  const random = seededRandom(options.seed)
  const base = Date.UTC(2025, 2, 12, 13, 0)
  const slots = Array.from({ length: options.slots }, (_, s) => ({
    id: `s${s + 1}`,
    start: new Date(base + s * 30 * 60_000).toISOString(),
    end: new Date(base + (s * 30 + 25) * 60_000).toISOString(),
  }))
  const tables = Array.from({ length: options.tables }, (_, t) => ({ id: `t${t + 1}` }))
  const sellers = Array.from({ length: options.sellers }, (_, i) => `mq${i + 1}`)
  const buyers = Array.from({ length: options.buyers }, (_, i) => `fl${i + 1}`)
  const companies = [
    ...sellers.map((id, i) => ({ id, fixedTable: i < Math.min(options.fixedSellers, options.tables) ? tables[i].id : null })),
    ...buyers.map((id) => ({ id, fixedTable: null })),
  ]
  const available = new Map<string, Set<string>>()
  const delegates = companies.flatMap((company) => {
    const count = company.id.startsWith('mq') ? options.sellerDelegates : options.buyerDelegates
    return Array.from({ length: count }, (_, k) => {
      const own = slots.filter(() => random.next() < options.availability).map((s) => s.id)
      const set = available.get(company.id) ?? new Set<string>()
      for (const s of own) set.add(s)
      available.set(company.id, set)
      return { id: `${company.id}-d${k + 1}`, company: company.id, available: own }
    })
  })
  const asked = new Set<string>()
  const requests: SchedulerInstance['requests'] = []
  const priority = () => {
    const x = random.next()
    return x < 0.5 ? 1 : x < 0.8 ? 2 : 3
  }
  const add = (from: string, to: string) => {
    const key = `${from}>${to}`
    if (asked.has(key) || requests.length >= options.requests) return false
    asked.add(key)
    requests.push({ id: `r${requests.length + 1}`, from, to, priority: priority(), lock: null })
    return true
  }
  for (let guard = 0; requests.length < options.requests && guard < options.requests * 50; guard++) {
    const seller = sellers[random.int(sellers.length)]
    const buyer = buyers[random.int(buyers.length)]
    const sellerAsks = random.next() < 0.5
    if (add(sellerAsks ? seller : buyer, sellerAsks ? buyer : seller) && random.next() < options.mutual) {
      add(sellerAsks ? buyer : seller, sellerAsks ? seller : buyer)
    }
  }
  // Locks on distinct (slot, table) cells where both parties are available, on the fixed table if any.
  const usedCells = new Set<string>()
  const fixedOf = new Map(companies.map((c) => [c.id, c.fixedTable]))
  let locks = 0
  for (const request of random.shuffle([...requests])) {
    if (locks >= options.locks) break
    const common = slots.filter((s) => available.get(request.from)?.has(s.id) && available.get(request.to)?.has(s.id))
    if (common.length === 0) continue
    const slot = common[random.int(common.length)].id
    const fixed = fixedOf.get(request.from) ?? fixedOf.get(request.to) ?? null
    const table = fixed ?? tables[options.fixedSellers + random.int(Math.max(1, options.tables - options.fixedSellers))]?.id
    if (!table || usedCells.has(`${slot}/${table}`)) continue
    usedCells.add(`${slot}/${table}`)
    request.lock = { slot, table }
    locks++
  }
  return { slots, tables, companies, delegates, requests, seed: options.seed }
}
