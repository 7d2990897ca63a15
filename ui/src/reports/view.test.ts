import { afterEach, describe, expect, it } from 'vitest'
import { setLanguage } from '../i18n/index.svelte'
import type { Report } from '../lib/types'
import { claimRows, csatRows, csatSummary, headlineTiles, outcomeColumns, outcomeMark, reasonColumns, topicRows } from './view'

const csat = (count: number, average: number | null, distribution: [number, number, number, number, number]) => ({ count, average, distribution })

const report: Report = {
  format: 'cx-agent-report',
  version: 1,
  query: { from: '2026-10-01', to: '2026-10-02' },
  generated_at: '2026-10-02T12:00:00Z',
  sessions: { total: 10, assistant_alone: 6, handed_over: 3, reopened: 1, open: 0, assistant_alone_rate: 0.6, handed_over_rate: 0.3 },
  by_day: [
    { day: '2026-10-01', total: 4, assistant_alone: 2, handed_over: 1, reopened: 1, open: 0, assistant_alone_rate: 0.5, handed_over_rate: 0.25 },
    { day: '2026-10-02', total: 6, assistant_alone: 4, handed_over: 2, reopened: 0, open: 0, assistant_alone_rate: 4 / 6, handed_over_rate: 2 / 6 },
  ],
  escalations: {
    total: 3,
    by_reason: [
      { reason: 'human_requested', count: 2, resolved: 1, unresolved: 1, open: 0 },
      { reason: 'data_gap', count: 1, resolved: 1, unresolved: 0, open: 0 },
    ],
    by_day: [
      { day: '2026-10-01', reason: 'human_requested', count: 1 },
      { day: '2026-10-02', reason: 'data_gap', count: 1 },
      { day: '2026-10-02', reason: 'human_requested', count: 1 },
    ],
  },
  waits: { first_reply: { count: 2, p50_seconds: 60, p90_seconds: 300 }, queue: { count: 0, p50_seconds: null, p90_seconds: null }, unanswered: 1 },
  csat: { all: csat(4, 4.25, [0, 0, 1, 1, 2]), assistant_alone: csat(3, 4.33, [0, 0, 0, 2, 1]), with_agent: csat(1, 3, [0, 0, 1, 0, 0]), unanswered: 2 },
  sentiment: { sessions: 0, start_average: null, end_average: null, improved: 0, unchanged: 0, worsened: 0 },
  topics: [{ topic: 'refund', sessions: 3 }],
  holds: { sessions: 1, rate: 0.1, by_claim_kind: [{ kind: 'money', claims: 2, sessions: 1 }] },
  agents: [],
}

describe('the Reports view model', () => {
  it('builds the headline tiles with their figures and words', () => {
    const tiles = headlineTiles(report)
    expect(tiles.map((t) => t.testid)).toEqual(['reports-total', 'reports-assistant-alone', 'reports-handed-over', 'reports-reopened', 'reports-open'])
    expect(tiles[0]).toMatchObject({ value: '10', figure: {}, aria: 'Sessions: 10 sessions' })
    expect(tiles[2]).toMatchObject({ value: '3', sub: '30% of sessions', figure: { outcome: 'handed_over' }, aria: 'Handed to a person: 3 sessions, 30%' })
    expect(tiles[3].aria).toBe('Reopened: 1 session, 10%')
  })
  it('stacks outcomes and reasons per day, every day present', () => {
    expect(outcomeColumns(report)[0]).toEqual({
      key: '2026-10-01',
      parts: [
        { key: 'assistant_alone', value: 2 },
        { key: 'handed_over', value: 1 },
        { key: 'reopened', value: 1 },
        { key: 'open', value: 0 },
      ],
    })
    expect(reasonColumns(report)).toEqual([
      { key: '2026-10-01', parts: [{ key: 'human_requested', value: 1 }, { key: 'data_gap', value: 0 }] },
      { key: '2026-10-02', parts: [{ key: 'human_requested', value: 1 }, { key: 'data_gap', value: 1 }] },
    ])
    expect(outcomeMark('2026-10-02', 'handed_over', 2, 6)).toBe('2 Oct 2026, handed to a person: 2 sessions, 33% of the day')
  })
  it('lists the CSAT scores 5 down to 1, narrowed to a group when asked', () => {
    const all = csatRows(report.csat.all)
    expect(all.map((r) => r.value)).toEqual([2, 1, 1, 0, 0])
    expect(all[0]).toMatchObject({ figure: { csat_score: 5 }, aria: 'Rated 5 out of 5: 2 sessions, 50%' })
    const agent = csatRows(report.csat.with_agent, true)
    expect(agent[2]).toMatchObject({ value: 1, figure: { csat_score: 3, with_agent: true } })
    expect(csatSummary(report.csat.all)).toBe('4.3 / 5 from 4 answers')
    expect(csatSummary(csat(0, null, [0, 0, 0, 0, 0]))).toBe('no answers')
  })
  it('turns topics and held claim kinds into rows with their figures', () => {
    expect(topicRows(report)[0]).toMatchObject({ label: 'refund', value: 3, figure: { topic: 'refund' } })
    expect(claimRows(report)[0]).toMatchObject({
      label: 'Amounts',
      value: 1,
      note: '2 claims',
      figure: { held: true, claim_kind: 'money' },
      aria: 'Held for unsupported amounts: 1 session, 2 unsupported claims',
    })
  })
})

describe('the view model in German and Spanish', () => {
  afterEach(() => setLanguage('en'))
  const spaces = (s: string) => s.replace(/\s/g, ' ')

  it('states tiles, marks and rows in the language', () => {
    setLanguage('de')
    const tiles = headlineTiles(report)
    expect(tiles.map((t) => t.testid)).toEqual(['reports-total', 'reports-assistant-alone', 'reports-handed-over', 'reports-reopened', 'reports-open'])
    expect(tiles[0]).toMatchObject({ label: 'Sitzungen', value: '10', sub: 'im Zeitraum begonnen' })
    expect(spaces(tiles[2].sub)).toBe('30 % der Sitzungen')
    expect(spaces(outcomeMark('2026-10-02', 'handed_over', 2, 6))).toBe('2. Okt 2026, an einen Menschen übergeben: 2 Sitzungen, 33 % des Tages')
    expect(csatSummary(report.csat.all)).toBe('4,3 / 5 aus 4 Antworten')
    expect(claimRows(report)[0]).toMatchObject({ label: 'Beträge', note: '2 Aussagen', aria: 'Zurückgehalten wegen unbelegter Beträge: 1 Sitzung, 2 unbelegte Aussagen' })
    setLanguage('es')
    expect(spaces(csatRows(report.csat.with_agent, true)[2].aria)).toBe('Valoradas con 3 de 5, con un agente: 1 sesión, 100 %')
    expect(csatSummary(csat(1, 5, [0, 0, 0, 0, 1]))).toBe('5,0 / 5 de 1 respuesta')
  })
})
