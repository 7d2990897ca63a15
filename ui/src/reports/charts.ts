// Chart geometry for the Reports view's hand-made SVG: a "nice" count axis, stacked columns (one
// per day), and horizontal stacked bars. Pure numbers, so it tests without a DOM.

/** Two decimals at most: short, stable attribute values. */
export function round2(n: number): number {
  return Math.round(n * 100) / 100
}

export interface Scale {
  /** The axis' top value (≥ the data's maximum, ≥ 1). */
  max: number
  /** Tick values from 0 to `max`, evenly spaced. */
  ticks: number[]
}

/**
 * A count axis from 0 with about `target` intervals of a 1-2-5 step (whole numbers): max 0 → 0..1,
 * 7 → 0,2,4,6,8; 130 → 0,50,100,150.
 */
export function niceScale(dataMax: number, target = 4): Scale {
  const m = Math.max(0, Number.isFinite(dataMax) ? dataMax : 0)
  if (m === 0) return { max: 1, ticks: [0, 1] }
  const raw = m / target
  const mag = 10 ** Math.floor(Math.log10(raw))
  const step = Math.max(1, [1, 2, 5, 10].map((f) => f * mag).find((s) => s >= raw) ?? 10 * mag)
  const max = Math.ceil(m / step) * step
  const ticks: number[] = []
  for (let t = 0; t <= max + 1e-9; t += step) ticks.push(Math.round(t))
  return { max, ticks }
}

export interface Part<K extends string = string> {
  key: K
  value: number
}

export interface Column<K extends string = string> {
  key: string
  parts: Part<K>[]
}

export interface Segment<K extends string = string> extends Part<K> {
  y: number
  height: number
}

export interface Bar<K extends string = string> {
  key: string
  x: number
  width: number
  total: number
  /** Bottom-up in the column's order; parts of 0 are left out. */
  segments: Segment<K>[]
}

/**
 * Stacked columns in a `width` × `height` plot area (y = 0 at the top): column i takes an equal
 * slot, `gap` (a fraction of the slot, 0..0.9) left empty between columns.
 */
export function stackColumns<K extends string>(
  columns: Column<K>[],
  width: number,
  height: number,
  gap = 0.25,
): { scale: Scale; bars: Bar<K>[] } {
  const totals = columns.map((c) => c.parts.reduce((s, p) => s + Math.max(0, p.value), 0))
  const scale = niceScale(Math.max(0, ...totals))
  const slot = columns.length > 0 ? width / columns.length : width
  const g = Math.min(0.9, Math.max(0, gap))
  const barWidth = slot * (1 - g)
  const bars = columns.map((c, i) => {
    let top = height
    const segments: Segment<K>[] = []
    for (const p of c.parts) {
      if (!(p.value > 0)) continue
      const h = (p.value / scale.max) * height
      top -= h
      segments.push({ key: p.key, value: p.value, y: round2(top), height: round2(h) })
    }
    return { key: c.key, x: round2(i * slot + (slot - barWidth) / 2), width: round2(barWidth), total: totals[i], segments }
  })
  return { scale, bars }
}

/** Where a value sits on the y axis of a plot `height` high (0 at the bottom). */
export function yOf(value: number, scale: Scale, height: number): number {
  return round2(height - (value / scale.max) * height)
}

/**
 * Label every n-th column so labels `labelWidth` wide never overlap in slots `slotWidth` wide:
 * 7 days of 80 → 1; 30 days of 20 with 44-wide labels → 3.
 */
export function labelStep(slotWidth: number, labelWidth: number): number {
  if (slotWidth <= 0) return 1
  return Math.max(1, Math.ceil(labelWidth / slotWidth))
}

export interface Span<K extends string = string> extends Part<K> {
  /** Percent of the full track (0..100) where the span starts, and its width. */
  start: number
  width: number
}

/**
 * A horizontal bar of parts, as percentages of a track that stands for `max` (so rows of one
 * chart compare): parts of 0 left out.
 */
export function stackRow<K extends string>(parts: Part<K>[], max: number): Span<K>[] {
  const m = max > 0 ? max : 1
  let at = 0
  const out: Span<K>[] = []
  for (const p of parts) {
    if (!(p.value > 0)) continue
    const w = (p.value / m) * 100
    out.push({ key: p.key, value: p.value, start: round2(at), width: round2(w) })
    at += w
  }
  return out
}

/** Move the roving focus of a chart: ←/→ between columns, ↑/↓ within the stack. */
export function moveFocus(
  bars: { segments: unknown[] }[],
  at: { bar: number; seg: number },
  key: string,
): { bar: number; seg: number } | null {
  const filled = (i: number) => bars[i] && bars[i].segments.length > 0
  if (key === 'ArrowRight' || key === 'ArrowLeft') {
    const d = key === 'ArrowRight' ? 1 : -1
    for (let i = at.bar + d; i >= 0 && i < bars.length; i += d) {
      if (filled(i)) return { bar: i, seg: Math.min(at.seg, bars[i].segments.length - 1) }
    }
    return null
  }
  if (key === 'ArrowUp' || key === 'ArrowDown') {
    const n = bars[at.bar]?.segments.length ?? 0
    const seg = at.seg + (key === 'ArrowUp' ? 1 : -1)
    return seg >= 0 && seg < n ? { bar: at.bar, seg } : null
  }
  if (key === 'Home' || key === 'End') {
    const idx = bars.map((_, i) => i).filter(filled)
    if (idx.length === 0) return null
    return { bar: key === 'Home' ? idx[0] : idx[idx.length - 1], seg: 0 }
  }
  return null
}

/**
 * A rate line (0..1, one value per column, null = no sessions that day) through the columns'
 * centres, 1 at the top of a plot `height` high: `M x y L x y …`, a new `M` after each gap.
 */
export function ratePath(rates: (number | null)[], slotWidth: number, height: number): { path: string; points: { x: number; y: number }[] } {
  let path = ''
  let pen = false
  const points: { x: number; y: number }[] = []
  rates.forEach((r, i) => {
    if (r == null || !Number.isFinite(r)) {
      pen = false
      return
    }
    const x = round2((i + 0.5) * slotWidth)
    const y = round2(height - Math.max(0, Math.min(1, r)) * height)
    path += `${path ? ' ' : ''}${pen ? 'L' : 'M'}${x} ${y}`
    pen = true
    points.push({ x, y })
  })
  return { path, points }
}
