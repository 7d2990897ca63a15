import { afterEach, describe, expect, it } from 'vitest'
import { setLanguage } from '../i18n/index.svelte'
import {
  displayOrder,
  EMPTY_QUEUE,
  filterQueue,
  findItem,
  formatWaiting,
  nextOffers,
  priorityReasonLabel,
  reasonBadge,
  reasonLabel,
  REASON_LABELS,
  roleLabel,
  SECTIONS,
  statusLabel,
  stepSelection,
  waitingNow,
  waitLevel,
} from './queue'
import type { Queue, QueueItem } from './types'

function item(id: number, over: Partial<QueueItem> = {}): QueueItem {
  return {
    session_id: id,
    channel: 'kiosk',
    status: 'waiting_for_agent',
    customer_id: null,
    customer_name: null,
    customer_verified: false,
    tone: 'professional',
    assigned_agent: null,
    offered_to: null,
    escalation_reason: null,
    escalation_priority: null,
    waiting_seconds: 0,
    created_at: '2026-10-02T14:11:00Z',
    updated_at: '2026-10-02T14:11:00Z',
    sentiment_trend: [],
    priority_score: 0,
    priority_reasons: [],
    ...over,
  }
}

const Q: Queue = {
  ...EMPTY_QUEUE,
  // The backend's order: high priority first even though 7 is newer than 3.
  waiting: [
    item(7, { customer_name: 'Alice Martin', customer_id: 3, escalation_reason: 'hallucination_risk', escalation_priority: 'high' }),
    item(3, { escalation_reason: 'human_requested', escalation_priority: 'medium' }),
  ],
  mine: [item(5, { status: 'with_agent', assigned_agent: 'dana', customer_name: 'Bob Stone' })],
  with_assistant: [item(9, { status: 'active', channel: 'workspace' })],
  closed_today: [item(1, { status: 'closed' })],
}

describe('displayOrder / stepSelection', () => {
  it('follows section order and keeps the backend order inside a section', () => {
    expect(displayOrder(Q)).toEqual([7, 3, 9, 5, 1])
  })
  it('skips collapsed sections', () => {
    expect(displayOrder(Q, new Set(['closed_today']))).toEqual([7, 3, 9, 5])
  })
  it('J/K move through the list and stop at the ends', () => {
    const order = displayOrder(Q)
    expect(stepSelection(order, 7, 1)).toBe(3)
    expect(stepSelection(order, 3, -1)).toBe(7)
    expect(stepSelection(order, 7, -1)).toBe(7)
    expect(stepSelection(order, 1, 1)).toBe(1)
  })
  it('starts from the top (J) or bottom (K) without a selection or after it vanished', () => {
    const order = displayOrder(Q)
    expect(stepSelection(order, null, 1)).toBe(7)
    expect(stepSelection(order, 42, -1)).toBe(1)
    expect(stepSelection([], null, 1)).toBeNull()
  })
})

describe('filterQueue', () => {
  it('matches customer names, reasons and session numbers, all words required', () => {
    expect(filterQueue(Q, 'alice').waiting.map((i) => i.session_id)).toEqual([7])
    expect(filterQueue(Q, 'human').waiting.map((i) => i.session_id)).toEqual([3])
    expect(filterQueue(Q, '#5').mine.map((i) => i.session_id)).toEqual([5])
    expect(filterQueue(Q, 'alice human').waiting).toEqual([])
  })
  it('finds sessions without a verified customer by that wording', () => {
    expect(filterQueue(Q, 'unverified').waiting.map((i) => i.session_id)).toEqual([3])
  })
  it('is a no-op for an empty filter', () => {
    expect(filterQueue(Q, '  ')).toEqual(Q)
  })
})

describe('findItem', () => {
  it('finds an item in any section', () => {
    expect(findItem(Q, 9)?.status).toBe('active')
    expect(findItem(Q, 99)).toBeNull()
    expect(findItem(Q, null)).toBeNull()
  })
})

describe('time waiting', () => {
  it('formats seconds for people', () => {
    expect(formatWaiting(3)).toBe('just now')
    expect(formatWaiting(45)).toBe('45 s')
    expect(formatWaiting(60 * 3 + 20)).toBe('3 min')
    expect(formatWaiting(3600 + 5 * 60)).toBe('1 h 05 min')
    expect(formatWaiting(2 * 86400 + 3 * 3600)).toBe('2 d 3 h')
    expect(formatWaiting(-5)).toBe('just now')
  })
  it('keeps counting between queue reloads', () => {
    expect(waitingNow(item(1, { waiting_seconds: 100 }), 1_000, 31_500)).toBe(130)
    expect(waitingNow(item(1, { waiting_seconds: 100 }), 5_000, 1_000)).toBe(100)
  })
  it('grades waits', () => {
    expect(waitLevel(30)).toBe('ok')
    expect(waitLevel(300)).toBe('warn')
    expect(waitLevel(1200)).toBe('late')
  })
})

describe('nextOffers', () => {
  it('keeps what is offered to me, newest first, and drops what went elsewhere', () => {
    expect(nextOffers([], 7, 'ana', 'ana')).toEqual([7])
    expect(nextOffers([7], 9, 'ana', 'ana')).toEqual([9, 7])
    expect(nextOffers([9, 7], 7, 'ana', 'ana')).toEqual([7, 9])
    expect(nextOffers([9, 7], 9, 'ben', 'ana')).toEqual([7])
    expect(nextOffers([7], 7, null, 'ana')).toEqual([])
    expect(nextOffers([7], 8, 'ana', null)).toEqual([7])
  })
})

describe('in the staff language', () => {
  afterEach(() => setLanguage('en'))

  it('names codes in English as before', () => {
    expect(statusLabel('waiting_for_agent')).toBe('waiting for agent')
    expect(reasonBadge('human_requested')).toBe('human_requested')
    expect(reasonLabel('human_requested')).toBe('The customer asked for a person')
    expect(REASON_LABELS.data_gap).toBe('A lookup the answer rests on found nothing')
    expect(roleLabel('supervisor')).toBe('supervisor')
    expect(SECTIONS.map((s) => s.title)).toEqual(['Waiting for an agent', 'With the assistant', 'Mine', 'With other agents', 'Closed today'])
    expect(['high priority', 'reason: human_requested', 'risk: repeated_escalations', 'negative sentiment (-0.62)', 'waiting 12 min'].map(priorityReasonLabel)).toEqual([
      'high priority',
      'reason: human_requested',
      'risk: repeated_escalations',
      'negative sentiment (-0.62)',
      'waiting 12 min',
    ])
  })

  it('says the queue in German', () => {
    setLanguage('de')
    expect(SECTIONS[0].title).toBe('Wartet auf einen Agenten')
    expect(statusLabel('waiting_for_agent')).toBe('wartet auf Agent')
    expect(reasonBadge('human_requested')).toBe('Mensch verlangt')
    expect(REASON_LABELS.human_requested).toBe('Der Kunde hat nach einem Menschen gefragt')
    expect(formatWaiting(3)).toBe('gerade eben')
    expect(formatWaiting(3600 + 5 * 60)).toBe('1 h 05 min')
    expect(formatWaiting(2 * 86400 + 3 * 3600)).toBe('2 T 3 h')
    expect(priorityReasonLabel('high priority')).toBe('Priorität hoch')
    expect(priorityReasonLabel('negative sentiment (-0.62)')).toBe('negative Stimmung (-0,62)')
    expect(priorityReasonLabel('waiting 12 min')).toBe('wartet seit 12 min')
    // What cx-core may add later shows as sent rather than vanish.
    expect(priorityReasonLabel('vip customer')).toBe('vip customer')
    expect(statusLabel('on_hold')).toBe('on hold')
  })

  it('filters by the words on screen as well as by the codes', () => {
    const q: Queue = { ...EMPTY_QUEUE, waiting: [item(3, { escalation_reason: 'human_requested', customer_name: null })] }
    setLanguage('es')
    expect(filterQueue(q, 'persona').waiting.map((i) => i.session_id)).toEqual([3])
    expect(filterQueue(q, 'human_requested').waiting.map((i) => i.session_id)).toEqual([3])
    expect(filterQueue(q, 'verificar').waiting.map((i) => i.session_id)).toEqual([3])
  })
})
