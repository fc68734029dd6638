import { describe, expect, it } from 'vitest'
import { groupedColumns, hatchSegments, horizontalBars, linearScale, monthsBetween, topCategories, valueTicks } from '~/modules/funders/charts'
import { INDICATORS } from '~/modules/funders/indicators.server'
import { applyLayout, DEFAULT_LAYOUT, FUNDER_LAYOUTS, layoutOf } from '~/modules/funders/layouts'

const INDICATOR_CODES = INDICATORS.map((i) => i.code)

const plot = { x: 100, y: 50, width: 400, height: 200 }

describe('chart scales', () => {
  it('ticks are whole numbers from 0 to at least the largest value, at 1, 2 or 5 × 10^k', () => {
    expect(valueTicks(0)).toEqual([0, 1])
    expect(valueTicks(1)).toEqual([0, 1])
    expect(valueTicks(3)).toEqual([0, 1, 2, 3])
    expect(valueTicks(7)).toEqual([0, 2, 4, 6, 8])
    expect(valueTicks(10)).toEqual([0, 2, 4, 6, 8, 10])
    expect(valueTicks(23)).toEqual([0, 5, 10, 15, 20, 25])
    expect(valueTicks(480)).toEqual([0, 100, 200, 300, 400, 500])
  })
  it('a vertical scale grows upwards', () => {
    const y = linearScale(10, 250, 50)
    expect(y(0)).toBe(250)
    expect(y(10)).toBe(50)
    expect(y(5)).toBe(150)
  })
})

describe('horizontal bars', () => {
  it('a single bar is drawn, full length at the top of its scale, not a slab filling the plot', () => {
    const { bars, ticks } = horizontalBars([{ label: 'C — Manufacturing', value: 1 }], plot)
    expect(bars).toHaveLength(1)
    expect(bars[0].width).toBe(400)
    expect(bars[0].height).toBeLessThanOrEqual(22)
    expect(bars[0].y + bars[0].height / 2).toBeCloseTo(plot.y + plot.height / 2)
    expect(ticks.map((t) => t.value)).toEqual([0, 1])
    expect(ticks[1].x).toBe(500)
  })
  it('zero values keep their place (no width) and an all-zero chart still has a scale', () => {
    const { bars, ticks } = horizontalBars([{ label: 'micro', value: 0 }, { label: 'small', value: 0 }], plot)
    expect(bars.map((b) => b.width)).toEqual([0, 0])
    expect(bars[1].y).toBeGreaterThan(bars[0].y)
    expect(ticks.map((t) => t.value)).toEqual([0, 1])
  })
  it('bars are proportional to their value on the ticks’ scale', () => {
    const { bars } = horizontalBars([{ label: 'a', value: 4 }, { label: 'b', value: 2 }, { label: 'c', value: 7 }], plot)
    // scale 0–8: 4 → half the width
    expect(bars.map((b) => b.width)).toEqual([200, 100, 350])
    expect(bars.every((b) => b.y >= plot.y && b.y + b.height <= plot.y + plot.height)).toBe(true)
  })
})

describe('grouped columns per month', () => {
  it('one month with one meeting is one column standing on the base, centred', () => {
    const { columns, centres, ticks } = groupedColumns([{ label: '2027-03', values: [1, 0, 0] }], plot)
    expect(columns).toHaveLength(3)
    expect(centres).toEqual([{ label: '2027-03', x: 300 }])
    const [held, six, twelve] = columns
    expect(held.y).toBe(plot.y)
    expect(held.y + held.height).toBe(plot.y + plot.height)
    expect(six.height).toBe(0)
    expect(twelve.height).toBe(0)
    expect(six.y).toBe(plot.y + plot.height) // a zero sits on the base line, where its mark is drawn
    expect(ticks.map((t) => t.value)).toEqual([0, 1])
    expect(held.x + held.width).toBeCloseTo(six.x)
  })
  it('columns of a group stay inside its band and groups go left to right', () => {
    const groups = monthsBetween('2027-03', '2028-03').map((label, i) => ({ label, values: [i % 3, i % 2, 0] }))
    const { columns, centres } = groupedColumns(groups, plot)
    expect(centres).toHaveLength(13)
    const band = plot.width / 13
    for (const c of columns) {
      expect(c.x).toBeGreaterThanOrEqual(plot.x + band * c.group)
      expect(c.x + c.width).toBeLessThanOrEqual(plot.x + band * (c.group + 1) + 1e-9)
      expect(c.height).toBeGreaterThanOrEqual(0)
    }
  })
})

describe('hatching and months', () => {
  it('hatch segments stay inside the rectangle and rise at 45°', () => {
    const rect = { x: 10, y: 20, width: 30, height: 12 }
    const segments = hatchSegments(rect, 4)
    expect(segments.length).toBeGreaterThan(5)
    for (const [x1, y1, x2, y2] of segments) {
      for (const [x, y] of [[x1, y1], [x2, y2]]) {
        expect(x).toBeGreaterThanOrEqual(rect.x - 1e-9)
        expect(x).toBeLessThanOrEqual(rect.x + rect.width + 1e-9)
        expect(y).toBeGreaterThanOrEqual(rect.y - 1e-9)
        expect(y).toBeLessThanOrEqual(rect.y + rect.height + 1e-9)
      }
      expect(x2 - x1).toBeCloseTo(y1 - y2)
    }
    expect(hatchSegments({ ...rect, height: 0 })).toEqual([])
  })
  it('a long tail of categories is summed into one bar, counting every item', () => {
    const items = 'ABCDEFGHIJKL'.split('').map((label, i) => ({ label, value: 12 - i }))
    const top = topCategories(items, 9, (n) => `Other (${n})`)
    expect(top).toHaveLength(9)
    expect(top[8]).toEqual({ label: 'Other (4)', value: 4 + 3 + 2 + 1 })
    expect(top.reduce((s, i) => s + i.value, 0)).toBe(items.reduce((s, i) => s + i.value, 0))
    expect(topCategories(items.slice(0, 9), 9, () => 'x')).toHaveLength(9)
  })
  it('months run across a year end without gaps', () => {
    expect(monthsBetween('2027-11', '2028-02')).toEqual(['2027-11', '2027-12', '2028-01', '2028-02'])
    expect(monthsBetween('2027-03', '2027-03')).toEqual(['2027-03'])
  })
})

describe('funder layouts', () => {
  it('an unknown funder code gets the default layout with every annex and indicator', () => {
    expect(layoutOf('funder-x1')).toEqual({ code: 'default', layout: DEFAULT_LAYOUT })
    expect(layoutOf('constructor').code).toBe('default')
    expect(DEFAULT_LAYOUT.indicators).toBeNull()
    expect(DEFAULT_LAYOUT.annexes.map((a) => a.annex)).toEqual(['indicators', 'participants', 'companies', 'ledger', 'registrations', 'attendance', 'evidence'])
  })
  it('every configured layout names known indicators, unique annexes and a French and English title', () => {
    for (const [code, layout] of Object.entries(FUNDER_LAYOUTS)) {
      for (const ind of layout.indicators ?? []) expect(INDICATOR_CODES, `${code}: ${ind}`).toContain(ind)
      const keys = layout.annexes.map((a) => a.annex)
      expect(new Set(keys).size, code).toBe(keys.length)
      expect(layout.pdfTitle.fr && layout.pdfTitle.en, code).toBeTruthy()
    }
  })
  it('applies column choice, order and labels to the rows', () => {
    const rows = [['Alpha', 'MQ', '73282932000074', '11.01Z', 'micro', '1', '10.00', '0.00', '0.00', '', 'id-a']]
    const out = applyLayout({ annex: 'companies', columns: ['siret', 'company'], labels: { company: { fr: 'raison sociale', en: 'legal name' } } }, rows, 'fr')
    expect(out).toEqual({ title: 'Entreprises', rows: [['SIRET', 'raison sociale'], ['73282932000074', 'Alpha']] })
  })
})
