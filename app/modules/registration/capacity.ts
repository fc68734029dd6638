/** Pure seat arithmetic over pools and the event cap (the locked, counted state comes from the service). */
export type SeatState = {
  /** Event cap on all seats; null = only the pools limit. */
  eventCapacity: number | null
  pools: { id: string; size: number; ticketTypeIds: string[] }[]
  /** Seats in use (or set aside for a waiting-list offer) per ticket type. */
  usedByType: Map<string, number>
}

function usedIn(state: SeatState, ticketTypeIds: Iterable<string>, extra: Map<string, number>) {
  let total = 0
  for (const id of ticketTypeIds) total += (state.usedByType.get(id) ?? 0) + (extra.get(id) ?? 0)
  return total
}

/** The first ticket type whose pool or event cap would be exceeded by `requested`, or null when everything fits. */
export function findShortfall(state: SeatState, requested: Map<string, number>): { ticketTypeId: string; left: number } | null {
  for (const [ticketTypeId, quantity] of requested) {
    if (quantity <= 0) continue
    for (const pool of state.pools) {
      if (!pool.ticketTypeIds.includes(ticketTypeId)) continue
      const left = pool.size - usedIn(state, pool.ticketTypeIds, requested)
      if (left < 0) return { ticketTypeId, left: left + quantity }
    }
    if (state.eventCapacity !== null) {
      const left = state.eventCapacity - usedIn(state, state.usedByType.keys(), new Map()) - sum(requested)
      if (left < 0) return { ticketTypeId, left: Math.max(0, left + quantity) }
    }
  }
  return null
}

/**
 * The first ticket type asking for more seats than a lock-free snapshot says are left (seats left
 * per ticket type, as the registration page reads them; null = unlimited, absent = unknown, no
 * opinion). Whatever this refuses, the locked count would refuse too on the same snapshot; what it
 * lets through proves nothing (two types sharing a pool are only summed under the lock).
 */
export function shortfallInSnapshot(seatsLeft: ReadonlyMap<string, number | null>, requested: Map<string, number>): { ticketTypeId: string; left: number } | null {
  for (const [ticketTypeId, quantity] of requested) {
    const left = seatsLeft.get(ticketTypeId)
    if (left === undefined || left === null || quantity <= 0) continue
    if (quantity > left) return { ticketTypeId, left: Math.max(0, left) }
  }
  return null
}

function sum(map: Map<string, number>) {
  let total = 0
  for (const value of map.values()) total += Math.max(0, value)
  return total
}
