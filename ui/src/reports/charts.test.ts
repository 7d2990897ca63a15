import { describe, expect, it } from 'vitest'
import { labelStep, moveFocus, niceScale, ratePath, stackColumns, stackRow, yOf } from './charts'

describe('niceScale', () => {
  it('rounds the axis up to a 1-2-5 step', () => {
    expect(niceScale(0)).toEqual({ max: 1, ticks: [0, 1] })
    expect(niceScale(7)).toEqual({ max: 8, ticks: [0, 2, 4, 6, 8] })
    expect(niceScale(130)).toEqual({ max: 150, ticks: [0, 50, 100, 150] })
    expect(niceScale(3)).toEqual({ max: 3, ticks: [0, 1, 2, 3] })
    expect(niceScale(1)).toEqual({ max: 1, ticks: [0, 1] })
  })
})

describe('stackColumns', () => {
  it('stacks parts bottom-up on a shared scale and leaves out zeros', () => {
    const { scale, bars } = stackColumns(
      [
        { key: 'a', parts: [{ key: 'x', value: 2 }, { key: 'y', value: 2 }] },
        { key: 'b', parts: [{ key: 'x', value: 0 }, { key: 'y', value: 8 }] },
      ],
      200,
      100,
      0.5,
    )
    expect(scale.max).toBe(8)
    expect(bars[0]).toEqual({
      key: 'a',
      x: 25,
      width: 50,
      total: 4,
      segments: [
        { key: 'x', value: 2, y: 75, height: 25 },
        { key: 'y', value: 2, y: 50, height: 25 },
      ],
    })
    expect(bars[1].segments).toEqual([{ key: 'y', value: 8, y: 0, height: 100 }])
    expect(bars[1].x).toBe(125)
  })
  it('draws nothing for empty days', () => {
    const { bars } = stackColumns([{ key: 'a', parts: [{ key: 'x', value: 0 }] }], 100, 50)
    expect(bars[0].segments).toEqual([])
    expect(bars[0].total).toBe(0)
  })
  it('places values on the axis', () => {
    expect(yOf(4, { max: 8, ticks: [] }, 100)).toBe(50)
  })
})

describe('labels and rows', () => {
  it('thins the day labels so they never overlap', () => {
    expect(labelStep(80, 44)).toBe(1)
    expect(labelStep(20, 44)).toBe(3)
    expect(labelStep(0, 44)).toBe(1)
  })
  it('lays a row out as percentages of the largest row', () => {
    expect(
      stackRow(
        [
          { key: 'resolved', value: 2 },
          { key: 'unresolved', value: 0 },
          { key: 'open', value: 1 },
        ],
        4,
      ),
    ).toEqual([
      { key: 'resolved', value: 2, start: 0, width: 50 },
      { key: 'open', value: 1, start: 50, width: 25 },
    ])
    expect(stackRow([{ key: 'a', value: 1 }], 0)).toEqual([{ key: 'a', value: 1, start: 0, width: 100 }])
  })
})

describe('moveFocus', () => {
  const bars = [{ segments: [1, 2] }, { segments: [] }, { segments: [1] }]
  it('skips empty columns and keeps within the stack', () => {
    expect(moveFocus(bars, { bar: 0, seg: 1 }, 'ArrowRight')).toEqual({ bar: 2, seg: 0 })
    expect(moveFocus(bars, { bar: 2, seg: 0 }, 'ArrowLeft')).toEqual({ bar: 0, seg: 0 })
    expect(moveFocus(bars, { bar: 0, seg: 0 }, 'ArrowUp')).toEqual({ bar: 0, seg: 1 })
    expect(moveFocus(bars, { bar: 0, seg: 1 }, 'ArrowUp')).toBeNull()
    expect(moveFocus(bars, { bar: 0, seg: 0 }, 'ArrowLeft')).toBeNull()
    expect(moveFocus(bars, { bar: 0, seg: 0 }, 'End')).toEqual({ bar: 2, seg: 0 })
    expect(moveFocus(bars, { bar: 0, seg: 0 }, 'Enter')).toBeNull()
  })
})

describe('ratePath', () => {
  it('draws the rate through the column centres, 100% at the top, broken at days without sessions', () => {
    expect(ratePath([0.5, 1, null, 0], 20, 100)).toEqual({
      path: 'M10 50 L30 0 M70 100',
      points: [
        { x: 10, y: 50 },
        { x: 30, y: 0 },
        { x: 70, y: 100 },
      ],
    })
    expect(ratePath([null], 20, 100).path).toBe('')
  })
})
