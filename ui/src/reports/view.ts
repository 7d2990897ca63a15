// What the Reports view draws, built from a `Report`: the tiles, the rows of the bar lists and
// the columns of the day charts, each with its figure and the words that state it (in the
// current language).

import type { Csat, Figure, Report, SessionOutcome, EscalationReason } from '../lib/types'
import { t } from '../i18n/index.svelte'
import type { Column } from './charts'
import { claimInText, claimLabel, figureAria, outcomeInText, outcomeLabel, reasonInText } from './figures'
import { formatAverage, formatCount, formatRate, rateOf, sessions } from './format'
import { OUTCOME_ORDER, type SeriesStyle } from './palette'
import { shortDay } from './period'

export interface CountRow {
  key: string
  label: string
  value: number
  /** Shown after the count ("· 3 claims"). */
  note?: string
  figure: Figure
  /** The accessible name. */
  aria: string
  style?: SeriesStyle
}

export interface Tile {
  key: string
  testid: string
  label: string
  value: string
  sub: string
  figure: Figure
  aria: string
}

/** The headline: sessions, assistant alone (rate), handed to a person (rate), reopened, open. */
export function headlineTiles(r: Report): Tile[] {
  const s = r.sessions
  const outcome = (o: SessionOutcome, testid: string, rate: number | null): Tile => ({
    key: o,
    testid,
    label: outcomeLabel(o),
    value: formatCount(s[o]),
    sub: rate === null && s.total === 0 ? t('reports:tiles.noSessions') : t('reports:numbers.ofSessions', { rate: formatRate(rate) }),
    figure: { outcome: o },
    aria: figureAria(outcomeLabel(o), s[o], rate),
  })
  return [
    {
      key: 'total',
      testid: 'reports-total',
      label: t('reports:tiles.sessions'),
      value: formatCount(s.total),
      sub: t('reports:tiles.started'),
      figure: {},
      aria: figureAria(t('reports:tiles.sessions'), s.total),
    },
    outcome('assistant_alone', 'reports-assistant-alone', s.assistant_alone_rate),
    outcome('handed_over', 'reports-handed-over', s.handed_over_rate),
    outcome('reopened', 'reports-reopened', rateOf(s.reopened, s.total)),
    outcome('open', 'reports-open', rateOf(s.open, s.total)),
  ]
}

/** Outcome columns per day, stacked in `OUTCOME_ORDER`. */
export function outcomeColumns(r: Report): Column<SessionOutcome>[] {
  return r.by_day.map((d) => ({ key: d.day, parts: OUTCOME_ORDER.map((o) => ({ key: o, value: d[o] })) }))
}

export function outcomeMark(day: string, outcome: SessionOutcome, value: number, dayTotal: number): string {
  return t('reports:trend.mark', {
    day: shortDay(day, true),
    outcome: outcomeInText(outcome),
    sessions: sessions(value),
    rate: formatRate(rateOf(value, dayTotal)),
  })
}

/** The reasons in the report's order (most frequent first). */
export function reasonsOf(r: Report): EscalationReason[] {
  return r.escalations.by_reason.map((x) => x.reason)
}

/** Escalations per day stacked by reason (every day of the period, empty ones included). */
export function reasonColumns(r: Report): Column<EscalationReason>[] {
  const reasons = reasonsOf(r)
  const counts = new Map(r.escalations.by_day.map((x) => [`${x.day}/${x.reason}`, x.count]))
  return r.by_day.map((d) => ({ key: d.day, parts: reasons.map((reason) => ({ key: reason, value: counts.get(`${d.day}/${reason}`) ?? 0 })) }))
}

export function reasonMark(day: string, reason: EscalationReason, value: number): string {
  return t('reports:escalations.mark', { day: shortDay(day, true), reason: reasonInText(reason), sessions: sessions(value) })
}

/**
 * The CSAT distribution 5 down to 1 for one group (`withAgent` undefined: all sessions), each
 * row the sessions answered with that score.
 */
export function csatRows(c: Csat, withAgent?: boolean): CountRow[] {
  const group = withAgent === undefined ? null : t(withAgent ? 'reports:groups.inText.agent' : 'reports:groups.inText.assistant')
  return [5, 4, 3, 2, 1].map((score) => {
    const n = formatCount(score)
    const name = group === null ? t('reports:csat.ratedScore', { score: n }) : t('reports:csat.ratedScoreGroup', { score: n, group })
    const value = c.distribution[score - 1] ?? 0
    const figure: Figure = withAgent === undefined ? { csat_score: score } : { csat_score: score, with_agent: withAgent }
    return {
      key: String(score),
      label: `${'★'.repeat(score)}${'☆'.repeat(5 - score)} ${n}`,
      value,
      figure,
      aria: figureAria(name, value, rateOf(value, c.count)),
    }
  })
}

/** "4.3 / 5 from 12 answers" or "no answers". */
export function csatSummary(c: Csat): string {
  return c.count === 0
    ? t('reports:csat.noAnswers')
    : t('reports:csat.summary', { count: c.count, n: formatCount(c.count), average: formatAverage(c.average) })
}

export function topicRows(r: Report): CountRow[] {
  return r.topics.map((x) => ({
    key: x.topic,
    label: x.topic,
    value: x.sessions,
    figure: { topic: x.topic },
    aria: figureAria(t('reports:topics.topic', { topic: x.topic }), x.sessions),
  }))
}

export function claimRows(r: Report): CountRow[] {
  return r.holds.by_claim_kind.map((k) => ({
    key: k.kind,
    label: claimLabel(k.kind),
    value: k.sessions,
    note: t('reports:holds.claims', { count: k.claims, n: formatCount(k.claims) }),
    figure: { held: true, claim_kind: k.kind },
    aria: figureAria(
      t('reports:holds.heldFor', { kind: claimInText(k.kind) }),
      k.sessions,
      undefined,
      t('reports:holds.unsupported', { count: k.claims, n: formatCount(k.claims) }),
    ),
  }))
}

