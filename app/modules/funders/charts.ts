/**
 * The geometry of the summary PDF's charts, pure (no pdfkit, no clock), so it can be tested:
 * scales with whole-number ticks, horizontal bars for categories, grouped columns per month,
 * and hatching segments that make series readable in greyscale. Coordinates are PDF points
 * with y growing downwards, as pdfkit draws.
 */

export type Rect = { x: number; y: number; width: number; height: number }

/** Ticks from 0 to at least `max`, whole numbers, at a step of 1, 2 or 5 × 10^k; a zero or empty chart still gets the scale 0–1. */
export function valueTicks(max: number, maxTicks = 5): number[] {
  const top = Math.max(1, Math.ceil(max))
  const raw = top / Math.max(1, maxTicks)
  const magnitude = 10 ** Math.floor(Math.log10(Math.max(1, raw)))
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? 10 * magnitude
  const ticks: number[] = []
  for (let v = 0; v < top + step; v += step) {
    ticks.push(v)
    if (v >= top) break
  }
  return ticks
}

/** Maps 0…domainMax onto start…end (end may be below start: a vertical axis grows upwards). */
export const linearScale = (domainMax: number, start: number, end: number) => (value: number) => start + ((end - start) * value) / (domainMax || 1)

export type Bar = Rect & { label: string; value: number; index: number }

/** Horizontal bars, one per category, top to bottom in the order given; at most `maxThickness` thick, so one bar is a bar, not a slab. */
export function horizontalBars(items: readonly { label: string; value: number }[], plot: Rect, maxThickness = 22) {
  const ticks = valueTicks(Math.max(0, ...items.map((i) => i.value)))
  const x = linearScale(ticks[ticks.length - 1], plot.x, plot.x + plot.width)
  const band = items.length ? plot.height / items.length : plot.height
  const thickness = Math.min(maxThickness, band * 0.7)
  const bars: Bar[] = items.map((item, index) => ({
    label: item.label,
    value: item.value,
    index,
    x: plot.x,
    y: plot.y + band * index + (band - thickness) / 2,
    width: x(Math.max(0, item.value)) - plot.x,
    height: thickness,
  }))
  return { bars, ticks: ticks.map((value) => ({ value, x: x(value) })) }
}

export type Column = Rect & { group: number; series: number; value: number }

/** Columns grouped by period (one per series within a group), bottom-aligned on the plot's base. */
export function groupedColumns(groups: readonly { label: string; values: readonly number[] }[], plot: Rect, maxWidth = 18) {
  const ticks = valueTicks(Math.max(0, ...groups.flatMap((g) => g.values)))
  const y = linearScale(ticks[ticks.length - 1], plot.y + plot.height, plot.y)
  const band = groups.length ? plot.width / groups.length : plot.width
  const series = Math.max(1, ...groups.map((g) => g.values.length))
  const width = Math.min(maxWidth, (band * 0.8) / series)
  const columns: Column[] = []
  const centres = groups.map((g, group) => {
    const centre = plot.x + band * group + band / 2
    const left = centre - (width * series) / 2
    g.values.forEach((value, s) => {
      const top = y(Math.max(0, value))
      columns.push({ group, series: s, value, x: left + width * s, y: top, width, height: plot.y + plot.height - top })
    })
    return { label: g.label, x: centre }
  })
  return { columns, centres, ticks: ticks.map((value) => ({ value, y: y(value) })) }
}

export type Segment = [x1: number, y1: number, x2: number, y2: number]

/** Diagonal hatching (45°, bottom-left to top-right) clipped to the rectangle, every `spacing` points. */
export function hatchSegments(rect: Rect, spacing = 4): Segment[] {
  const out: Segment[] = []
  if (rect.width <= 0 || rect.height <= 0) return out
  const bottom = rect.y + rect.height
  // Lines x - (bottom - y) = c, i.e. going up-right from (c, bottom); c runs so each line touches the rectangle.
  for (let c = rect.x - rect.height + spacing / 2; c < rect.x + rect.width; c += spacing) {
    const x1 = Math.max(rect.x, c)
    const y1 = bottom - (x1 - c)
    const x2 = Math.min(rect.x + rect.width, c + rect.height)
    const y2 = bottom - (x2 - c)
    if (x2 > x1) out.push([x1, y1, x2, y2])
  }
  return out
}

/** Every month from `first` to `last` inclusive ('YYYY-MM'), so a chart over time has no silent gaps. */
export function monthsBetween(first: string, last: string): string[] {
  const out: string[] = []
  let [y, m] = first.split('-').map(Number)
  const [ly, lm] = last.split('-').map(Number)
  while (y < ly || (y === ly && m <= lm)) {
    out.push(`${y}-${String(m).padStart(2, '0')}`)
    m += 1
    if (m > 12) [y, m] = [y + 1, 1]
    if (out.length > 240) break
  }
  return out
}

/** At most `max` categories: the first `max - 1` as given, the rest summed into one `other` (so a long tail stays legible and every company is still counted). */
export function topCategories<T extends { label: string; value: number }>(items: readonly T[], max: number, other: (count: number) => string): { label: string; value: number }[] {
  if (items.length <= max) return items.map(({ label, value }) => ({ label, value }))
  const kept = items.slice(0, max - 1).map(({ label, value }) => ({ label, value }))
  const rest = items.slice(max - 1)
  return [...kept, { label: other(rest.length), value: rest.reduce((s, i) => s + i.value, 0) }]
}
