import { afterEach, describe, expect, it } from 'vitest'
import { setLanguage } from '../i18n/index.svelte'
import { cleanFigure, describeFigure, figureAria, figureKey, figureTestId } from './figures'

describe('figure keys and test ids', () => {
  it('keys a figure by its set fields in a fixed order', () => {
    expect(figureKey({ ending: 'unresolved', reason: 'data_gap' })).toBe('reason=data_gap;ending=unresolved')
    expect(figureKey({})).toBe('')
    expect(figureKey({ day: '2026-10-01', outcome: 'open', agent: undefined })).toBe('day=2026-10-01;outcome=open')
  })
  it('names the test ids the E2E tests click', () => {
    expect(figureTestId({ outcome: 'handed_over' })).toBe('figure-outcome-handed_over')
    expect(figureTestId({ reason: 'data_gap' })).toBe('figure-reason-data_gap')
    expect(figureTestId({ reason: 'data_gap', ending: 'unresolved' })).toBe('figure-reason-data_gap-ending-unresolved')
    expect(figureTestId({ csat_score: 5 })).toBe('figure-csat-5')
    expect(figureTestId({ sentiment_scored: true })).toBe('figure-sentiment-scored')
    expect(figureTestId({ csat_any: true, with_agent: true })).toBe('figure-csat-any-with_agent')
    expect(figureTestId({ csat_any: false })).toBe('figure-csat-unanswered')
    expect(figureTestId({ agent: 'dana' })).toBe('figure-agent-dana')
    expect(figureTestId({ agent: 'Dana Smith' })).toBe('figure-agent-dana_smith')
    expect(figureTestId({ held: true, claim_kind: 'money' })).toBe('figure-held-claim-money')
    expect(figureTestId({ wait: 'first_reply' })).toBe('figure-wait-first_reply')
    expect(figureTestId({ topic: 'Refund status' })).toBe('figure-topic-refund_status')
    expect(figureTestId({ day: '2026-10-01', outcome: 'open' })).toBe('figure-day-2026-10-01-outcome-open')
    expect(figureTestId({})).toBe('figure-all')
  })
  it('drops unset fields before sending', () => {
    expect(cleanFigure({ reason: 'data_gap', ending: undefined })).toEqual({ reason: 'data_gap' })
  })
})

describe('describeFigure', () => {
  it('names each kind of figure', () => {
    expect(describeFigure({})).toBe('All sessions')
    expect(describeFigure({ outcome: 'handed_over' })).toBe('Handed to a person')
    expect(describeFigure({ sentiment_scored: true })).toBe('Sentiment scored at start and end')
    expect(describeFigure({ outcome: 'assistant_alone', day: '2026-10-02' })).toBe('Resolved by the assistant alone, started 2 Oct 2026')
    expect(describeFigure({ reason: 'data_gap', ending: 'unresolved' })).toBe('Escalated: Data gap, unresolved')
    expect(describeFigure({ escalated: true })).toBe('Escalated')
    expect(describeFigure({ ending: 'open' })).toBe('Escalated, still open')
    expect(describeFigure({ wait: 'first_reply' })).toBe('With a time to first reply from a person')
    expect(describeFigure({ wait: 'unanswered' })).toBe('Escalated with no reply from a person')
    expect(describeFigure({ csat_score: 5 })).toBe('Rated 5/5')
    expect(describeFigure({ csat_any: true, with_agent: true })).toBe('Rated (any score), with an agent')
    expect(describeFigure({ csat_any: true, with_agent: false })).toBe('Rated (any score), assistant alone')
    expect(describeFigure({ csat_any: false })).toBe('Not rated (the customer skipped the question)')
    expect(describeFigure({ sentiment: 'worsened' })).toBe('Sentiment worsened')
    expect(describeFigure({ topic: 'refund' })).toBe('Topic “refund”')
    expect(describeFigure({ held: true })).toBe('Held by the grounding guard')
    expect(describeFigure({ held: true, claim_kind: 'money' })).toBe('Held by the grounding guard: amounts')
    expect(describeFigure({ agent: 'dana' })).toBe('Agent dana')
    expect(describeFigure({ agent: 'dana', wait: 'first_reply' })).toBe('First replies by dana')
    expect(describeFigure({ agent: 'dana', csat_any: true })).toBe('Rated (any score), agent dana')
  })
  it('states the figure for a button', () => {
    expect(figureAria('Handed to a person', 12, 0.3)).toBe('Handed to a person: 12 sessions, 30%')
    expect(figureAria('Open', 1)).toBe('Open: 1 session')
    expect(figureAria('Sessions', 0, null)).toBe('Sessions: 0 sessions, —')
  })
})

describe('in German and Spanish', () => {
  afterEach(() => setLanguage('en'))

  it('describes figures in the language, test ids unchanged', () => {
    setLanguage('de')
    expect(describeFigure({})).toBe('Alle Sitzungen')
    expect(describeFigure({ reason: 'data_gap', ending: 'unresolved' })).toBe('Eskaliert: Datenlücke, ungelöst')
    expect(describeFigure({ held: true, claim_kind: 'money' })).toBe('Von der Quellenprüfung zurückgehalten: Beträge')
    expect(describeFigure({ outcome: 'assistant_alone', day: '2026-10-02' })).toBe('Vom Assistenten allein gelöst, begonnen am 2. Okt 2026')
    expect(describeFigure({ csat_any: true, with_agent: false })).toBe('Bewertet (beliebige Punktzahl), nur Assistent')
    expect(figureAria('An einen Menschen übergeben', 12, 0.3).replace(/\s/g, ' ')).toBe('An einen Menschen übergeben: 12 Sitzungen, 30 %')
    expect(figureTestId({ reason: 'data_gap', ending: 'unresolved' })).toBe('figure-reason-data_gap-ending-unresolved')
    setLanguage('es')
    expect(describeFigure({ outcome: 'handed_over' })).toBe('Transferidas a una persona')
    expect(describeFigure({ topic: 'refund' })).toBe('Tema «refund»')
    expect(figureAria('Abiertas', 1)).toBe('Abiertas: 1 sesión')
  })
})
