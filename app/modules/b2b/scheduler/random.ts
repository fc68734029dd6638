/** A small seeded PRNG (mulberry32 over a splitmix-scrambled seed): same seed, same sequence, any platform. */
export type Random = { next: () => number; int: (n: number) => number; shuffle: <T>(items: T[]) => T[] }

export function seededRandom(seed: number): Random {
  let state = Math.imul((seed | 0) ^ 0x9e3779b9, 0x85ebca6b) ^ Math.floor(seed / 4294967296)
  state = (state ^ (state >>> 13)) | 0
  const next = () => {
    state = (state + 0x6d2b79f5) | 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const int = (n: number) => Math.floor(next() * n)
  const shuffle = <T>(items: T[]) => {
    for (let i = items.length - 1; i > 0; i--) {
      const j = int(i + 1)
      const tmp = items[i]
      items[i] = items[j]
      items[j] = tmp
    }
    return items
  }
  return { next, int, shuffle }
}
