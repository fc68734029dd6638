import { describe, expect, it } from 'vitest'
import { chartGeometry } from '~/components/admin/registrations-chart'

describe('the registrations chart', () => {
  it('shows a single day as a mark in the middle (a line of one point draws nothing)', () => {
    const g = chartGeometry([{ day: '2026-12-01', added: 4, total: 4 }])
    expect(g.line).toBeNull()
    expect(g.dots).toHaveLength(1)
    expect(Number(g.dots[0].cx)).toBeCloseTo((g.pad.left + g.width - g.pad.right) / 2, 0)
    expect(Number(g.dots[0].cy)).toBe(g.pad.top) // the top of the scale: 4 of 4
  })
  it('draws a line through several days, with a mark on each, from the left edge to the right', () => {
    const g = chartGeometry([
      { day: '2026-12-01', added: 1, total: 1 },
      { day: '2026-12-02', added: 0, total: 1 },
      { day: '2026-12-03', added: 2, total: 3 },
    ])
    expect(g.line?.split(' ')).toHaveLength(3)
    expect(g.dots.map((d) => Number(d.cx))).toEqual([g.pad.left, (g.pad.left + g.width - g.pad.right) / 2, g.width - g.pad.right])
  })
})
