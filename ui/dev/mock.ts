// DEV ONLY — never imported by src/ and never part of `npm run build` (Vite builds index.html
// only). Lets `npm run dev` render the three windows in a plain browser, e.g. headless Chromium
// for screenshots: http://localhost:5173/dev/mock.html?window=workspace[&role=supervisor]
// [&select=12][&open=settings|help|reports][&fail=1]; reports: &drill=1 (history: a figure waits),
// &reportfail=1, &csv=cancel; the kiosk's answers stream sentence by sentence
// (&held=1: the second sentence is held back and the session escalates). Languages: &lang=de (the
// staff windows), &kiosklang=es (the kiosk's start screen), &sessionlang=de (the customer's, in
// the workspace's and history's session headers).
import { mockIPC } from '@tauri-apps/api/mocks'
import { emit } from '@tauri-apps/api/event'

const params = new URLSearchParams(location.search)
const role = params.get('role') ?? 'agent'
const fail = params.get('fail') === '1'
let staffLanguage = params.get('lang') ?? 'en'
let kioskLanguage = params.get('kiosklang') ?? 'en'
const sessionLanguage = params.get('sessionlang') ?? 'en'

const iso = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000).toISOString()

const alice = { id: 3, name: 'Alice Martin', email: 'alice@example.com', phone: '+1 555 0100 4821', created_at: '2025-03-14T10:00:00Z' }

const queueItem = (id: number, over: Record<string, unknown>) => ({
  session_id: id,
  channel: 'kiosk',
  status: 'waiting_for_agent',
  customer_id: null,
  customer_name: null,
  customer_verified: false,
  tone: 'professional',
  assigned_agent: null,
  escalation_reason: null,
  escalation_priority: null,
  waiting_seconds: 30,
  created_at: iso(20),
  updated_at: iso(1),
  sentiment_trend: [],
  ...over,
})

const queue = {
  waiting: [
    queueItem(12, { customer_id: 3, customer_name: 'Alice Martin', customer_verified: true, escalation_reason: 'hallucination_risk', escalation_priority: 'high', waiting_seconds: 740 }),
    queueItem(14, { escalation_reason: 'human_requested', escalation_priority: 'medium', waiting_seconds: 185 }),
    queueItem(15, { customer_id: 5, customer_name: 'Bob Nguyen', customer_verified: true, escalation_reason: 'data_gap', escalation_priority: 'medium', waiting_seconds: 42 }),
  ],
  with_assistant: [queueItem(16, { status: 'active', customer_id: 7, customer_name: 'Carol Diaz', customer_verified: true, waiting_seconds: 20 })],
  mine: [queueItem(11, { status: 'with_agent', assigned_agent: 'dana', customer_id: 9, customer_name: 'Dev Patel', customer_verified: true, escalation_reason: 'repeated_intent', escalation_priority: 'low', waiting_seconds: 300 })],
  with_others: [queueItem(10, { status: 'with_agent', assigned_agent: 'sam', customer_name: 'Erin Walsh', waiting_seconds: 900 })],
  closed_today: [queueItem(8, { status: 'closed', customer_name: 'Frank Li', waiting_seconds: 5400 }), queueItem(7, { status: 'closed', waiting_seconds: 7200 })],
}

let seq = 0
const msg = (role: string, content: string, minutesAgo: number, tool?: { name: string; args: unknown; result: unknown }) => ({
  id: ++seq,
  seq,
  role,
  content,
  tool_name: tool?.name ?? null,
  tool_call_id: tool ? `call_${seq}` : null,
  tool_arguments: tool?.args ?? null,
  tool_result: tool?.result ?? null,
  created_at: iso(minutesAgo),
})

const heldAnswer = 'Your order #1042 was delivered on 2 October and the refund of $79.99 has been issued.'
const order1042 = { id: 1042, customer_id: 3, product: 'Wireless mouse', amount_cents: 7999, amount: '$79.99', status: 'shipped', tracking_number: '1Z84A0E60312345678', created_at: '2026-09-28T09:12:00Z', updated_at: '2026-09-29T09:12:00Z' }

const transcript12 = {
  session: { id: 12, channel: 'kiosk', status: 'waiting_for_agent', tone: 'professional', customer_id: 3, customer_name: 'Alice Martin', customer_email: 'alice@example.com', customer_verified: true, assigned_agent: null, escalation_reason: 'hallucination_risk', escalation_priority: 'high', escalated_at: iso(12), created_at: iso(20), closed_at: null, message_count: 8, csat: null, language: sessionLanguage },
  customer: alice,
  messages: [
    msg('customer', 'Hi, I want to know where my mouse is. My email is alice@example.com, phone ends 4821.', 20),
    msg('tool', '', 19, { name: 'verify_customer', args: { email: 'alice@example.com', phone_last4: '4821' }, result: { verified: true, customer: { id: 3, name: 'Alice Martin' } } }),
    msg('assistant', 'Thanks, Alice — you are verified. Let me look up your orders.', 19),
    msg('tool', '', 18, { name: 'get_orders', args: { customer_id: 3 }, result: { found: true, count: 1, orders: [order1042] } }),
    msg('customer', 'Was it delivered? And did my refund go through?', 13),
    msg('tool', '', 12, { name: 'get_tickets', args: { customer_id: 3, status: 'open' }, result: { found: false, count: 0, tickets: [], message: 'No tickets found for customer 3.' } }),
    msg('system', 'Escalated (hallucination_risk, high): the answer had claims no tool result supports; it was held back.', 12),
    msg('assistant', "I want to be sure I give you accurate information, so I'm asking a member of our team to check this. A person will join you shortly.", 12),
  ],
  pending_actions: [
    { id: 7, tool: 'flag_refund', arguments: { order_id: 1042, reason: 'customer asked' }, proposed_by: 'copilot', state: 'proposed', decided_by: null, decided_at: null, result: null, created_at: iso(5) },
    { id: 6, tool: 'update_user_email', arguments: { customer_id: 3, new_email: 'alice.m@example.com' }, proposed_by: 'kiosk_assistant', state: 'proposed', decided_by: null, decided_at: null, result: null, created_at: iso(6) },
  ],
  escalation: {
    reason: 'hallucination_risk',
    evidence: {
      held_answer: heldAnswer,
      unsupported_claims: [
        { kind: 'status', text: 'delivered', value: 'delivered' },
        { kind: 'date', text: '2 October', value: '--10-02' },
        { kind: 'status', text: 'refund of $79.99 has been issued', value: 'refunded' },
      ],
    },
    priority: 'high',
    escalated_at: iso(12),
    assigned_agent: null,
  },
}

const record = {
  customer: alice,
  orders: [
    order1042,
    { ...order1042, id: 1017, product: 'USB-C hub', amount_cents: 4500, amount: '$45.00', status: 'delivered', tracking_number: null },
    { ...order1042, id: 1003, product: 'Laptop stand', amount_cents: 3999, amount: '$39.99', status: 'pending', tracking_number: null },
  ],
  tickets: [
    { id: 5007, customer_id: 3, subject: 'Where is my mouse?', description: '', status: 'open', priority: 'high', assignee: 'dana', created_at: iso(2000), updated_at: iso(100) },
    { id: 5002, customer_id: 3, subject: 'Invoice copy', description: '', status: 'resolved', priority: 'low', assignee: null, created_at: iso(9000), updated_at: iso(8000) },
  ],
  total_spent_cents: 16498,
}

const canned = [
  ['/greet', 'Greeting', 'Hello! Thanks for contacting us. How can I help you today?', 'general'],
  ['/thanks', 'Thanks', 'Thank you for your patience. Is there anything else I can help with?', 'general'],
  ['/refund', 'Refund timeline', 'Once approved, refunds reach your original payment method within 5–7 business days.', 'billing'],
  ['/shipping', 'Shipping times', 'Standard shipping takes 3–5 business days; express takes 1–2 business days.', 'shipping'],
  ['/escalate', 'Escalating', "I'm bringing in a specialist who can help with this. Please stay with us.", 'general'],
  ['/close', 'Closing', "I'm glad we could sort this out. Have a great day!", 'general'],
  ['/verify', 'Verification', 'To protect your account, please tell me your email and the last four digits of your phone number.', 'account'],
  ['/warranty', 'Warranty', 'All products carry a two-year warranty against manufacturing defects.', 'returns'],
].map(([shortcut, title, content, category], i) => ({ id: i + 1, shortcut, title, content, category }))

// ---- knowledge base: a few documents, their passages found by a word of the query ----
const kbDocs = [
  { id: 1, path: 'refunds.md', title: 'Refunds', content: '# Refunds\n\nRefunds reach the original payment method within 5–7 business days of approval.\n\n## Opened items\n\nOpened headphones and earbuds are refunded only when faulty.\n' },
  { id: 2, path: 'shipping.md', title: 'Shipping', content: '# Shipping\n\nStandard shipping takes 3–5 business days; express takes 1–2.\n' },
  { id: 3, path: 'warranty.md', title: 'Warranty', content: '# Warranty\n\nAll products carry a two-year warranty against manufacturing defects.\n' },
]
const kbSummary = (d: (typeof kbDocs)[number]) => ({ id: d.id, path: d.path, title: d.title, passages: d.content.split('\n## ').length, updated_at: iso(3000) })
function kbDoc(id: unknown) {
  const d = kbDocs.find((x) => x.id === Number(id))
  if (!d) throw { code: 'not_found', message: `no knowledge document ${String(id)}` }
  return d
}
function kbSearch(query: string, limit: number) {
  const words = query.toLowerCase().split(/\W+/).filter((w) => w.length > 2)
  return kbDocs
    .map((d) => ({ d, score: words.filter((w) => d.content.toLowerCase().includes(w)).length }))
    .filter((x) => x.score > 0)
    .sort((a, b) => b.score - a.score)
    .slice(0, limit)
    .map(({ d, score }) => ({ document_id: d.id, path: d.path, title: d.title, heading: '', text: d.content.split('\n').filter((l) => l && !l.startsWith('#'))[0] ?? '', score }))
}
function cannedById(id: unknown) {
  const c = canned.find((x) => x.id === Number(id))
  if (!c) throw { code: 'not_found', message: `no canned reply ${String(id)}` }
  return c
}
function cannedShortcutFree(shortcut: unknown, except?: number) {
  if (canned.some((x) => x.shortcut === shortcut && x.id !== except)) throw { code: 'conflict', message: `the shortcut ${String(shortcut)} is taken` }
}

const writes = ['tickets.status', 'tickets.assignee', 'orders.status', 'sessions.status', 'sessions.assigned_agent', 'sessions.tone', 'pending_actions.state']
// `?team=1`: team mode, starting at the sign-in screen (any name, password "password").
const teamMode = params.get('team') === '1'
let signedIn = false
const agents = [
  { id: 1, name: 'dana', role, active: true, max_sessions: 3, online: true, sessions: 1, offers: 0, last_seen_at: iso(3), created_at: iso(90000) },
  { id: 2, name: 'lee', role: 'supervisor', active: true, max_sessions: 3, online: true, sessions: 2, offers: 1, last_seen_at: iso(2), created_at: iso(90000) },
  { id: 3, name: 'sam', role: 'agent', active: true, max_sessions: 3, online: false, sessions: 0, offers: 0, last_seen_at: iso(4000), created_at: iso(80000) },
  { id: 4, name: 'kim', role: 'agent', active: false, max_sessions: 3, online: false, sessions: 0, offers: 0, last_seen_at: null, created_at: iso(70000) },
]
const whoNow = () =>
  teamMode && !signedIn
    ? { name: '', role: '', permissions: { commands: [], writes: [] }, team_mode: true, signed_in: false, station_role: 'both', language: staffLanguage }
    : { ...who, team_mode: teamMode, signed_in: signedIn, station_role: 'both', language: staffLanguage }
const who = {
  name: 'dana',
  role,
  permissions: {
    commands: ['list_agents', ...(role === 'supervisor' ? ['add_agent', 'update_agent'] : []), 'list_queue', 'get_session', 'accept_session', 'release_session', 'close_session', 'send_agent_message', 'suggest_replies', 'decide_action', 'get_customer', 'update_ticket', 'flag_refund', 'update_customer_email', 'list_canned_responses', 'search_canned_responses', 'create_canned_response', 'update_canned_response', 'delete_canned_response', 'get_session_messages', 'kb_search', 'kb_list', 'kb_get', 'kb_save', 'kb_delete', 'kb_reindex', 'set_session_tone', 'get_settings', ...(role === 'supervisor' ? ['update_settings', 'report', 'report_sessions', 'open_report_in_history', 'report_export'] : [])],
    // The mock agent lacks customers.email to show a disabled action with its reason.
    writes: role === 'supervisor' ? [...writes, 'customers.email', 'agents.role'] : writes,
  },
}

// ---- kiosk state ----
const kioskMessages: ReturnType<typeof msg>[] = []
let kioskSession = 0
function kioskAdd(role: string, content: string) {
  const m = msg(role, content, 0)
  kioskMessages.push(m)
  void emit('core-event', { type: 'message_added', session_id: kioskSession, message_id: m.id, role })
  return m
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const outcome = (over: Record<string, unknown> = {}) => ({ session_id: kioskSession, reply: null, escalated: false, escalation: null, tool_calls: [], pending_actions: [], ...over })
const HANDOFF = "I'm bringing in a member of our team to help you. A person will join you shortly."
/**
 * The answer sentence by sentence, as the core releases it to the kiosk (`answer_sentence`), then
 * stored. With `&held=1` the second sentence "fails the claim ledger": the stream stops there and
 * the handoff is stored instead, the first sentence staying on screen.
 */
async function streamAnswer(text: string): Promise<{ reply: string; escalated: boolean }> {
  const sentences = text.split(/(?<=[.!?])\s+/)
  for (const [index, sentence] of sentences.entries()) {
    await sleep(450)
    if (index > 0 && params.get('held') === '1') {
      kioskAdd('assistant', HANDOFF)
      return { reply: HANDOFF, escalated: true }
    }
    void emit('core-event', { type: 'answer_sentence', session_id: kioskSession, index, text: sentence })
  }
  await sleep(200)
  kioskAdd('assistant', text)
  return { reply: text, escalated: false }
}

// ---- reports (issue #14): a plausible report for any period, the same numbers for the same days ----
const REPORT_REASONS = ['human_requested', 'data_gap', 'hallucination_risk', 'repeated_intent', 'negative_sentiment', 'model_failure'] as const
/** A small deterministic pseudo-random number in 0..1 from a string (same day → same figures). */
function rand(seed: string): number {
  let h = 2166136261
  for (const ch of seed) h = Math.imul(h ^ ch.charCodeAt(0), 16777619)
  return ((h >>> 0) % 10_000) / 10_000
}
function reportDays(from: string, to: string): string[] {
  const out: string[] = []
  for (let d = new Date(`${from}T00:00:00Z`); d <= new Date(`${to}T00:00:00Z`) && out.length < 400; d.setUTCDate(d.getUTCDate() + 1))
    out.push(d.toISOString().slice(0, 10))
  return out
}
type MockQuery = { from: string; to: string; channel?: string }
function mockReport(q: MockQuery) {
  const scale = q.channel === 'kiosk' ? 0.7 : q.channel ? 0.15 : 1
  const today = new Date().toISOString().slice(0, 10)
  const by_day = reportDays(q.from, q.to).map((day) => {
    const future = day > today
    const total = future ? 0 : Math.round((8 + rand(day) * 22) * scale)
    const handed_over = Math.round(total * (0.18 + rand(`${day}h`) * 0.2))
    const reopened = Math.round(total * rand(`${day}r`) * 0.08)
    const open = day === today ? Math.round(total * 0.3) : 0
    const assistant_alone = Math.max(0, total - handed_over - reopened - open)
    const rate = (n: number) => (total ? n / total : null)
    return { day, total, assistant_alone, handed_over, reopened, open, assistant_alone_rate: rate(assistant_alone), handed_over_rate: rate(handed_over) }
  })
  const sum = (k: 'total' | 'assistant_alone' | 'handed_over' | 'reopened' | 'open') => by_day.reduce((s, d) => s + d[k], 0)
  const total = sum('total')
  const handed = sum('handed_over')
  const escDays: { day: string; reason: string; count: number }[] = []
  for (const d of by_day) {
    let left = d.handed_over
    for (const [i, reason] of REPORT_REASONS.entries()) {
      const n = i === REPORT_REASONS.length - 1 ? left : Math.min(left, Math.round(d.handed_over * [0.35, 0.25, 0.15, 0.12, 0.08][i] + rand(`${d.day}${reason}`) - 0.3))
      if (n > 0) escDays.push({ day: d.day, reason, count: n })
      left -= Math.max(0, n)
    }
  }
  const by_reason = REPORT_REASONS.map((reason) => {
    const count = escDays.filter((x) => x.reason === reason).reduce((s, x) => s + x.count, 0)
    const open = Math.round(count * 0.1)
    const unresolved = Math.round(count * (0.15 + rand(reason) * 0.2))
    return { reason, count, resolved: count - open - unresolved, unresolved, open }
  })
    .filter((r) => r.count > 0)
    .sort((a, b) => b.count - a.count)
  const rated = Math.round(total * 0.35)
  const dist = (n: number, skew: number): [number, number, number, number, number] => {
    const w = [0.04, 0.06, 0.12, 0.3 - skew, 0.48 + skew]
    const d = w.map((x) => Math.round(n * x)) as [number, number, number, number, number]
    d[4] += n - d.reduce((s, x) => s + x, 0)
    return d
  }
  const csat = (n: number, skew: number) => {
    const distribution = dist(n, skew)
    const average = n ? distribution.reduce((s, c, i) => s + c * (i + 1), 0) / n : null
    return { count: n, average, distribution }
  }
  const withAgent = Math.round(rated * 0.3)
  const sentimentSessions = Math.round(total * 0.6)
  const held = by_reason.find((r) => r.reason === 'hallucination_risk')?.count ?? 0
  const agentsOn = !q.channel || q.channel === 'kiosk'
  return {
    format: 'cx-agent-report',
    version: 1,
    query: q,
    generated_at: new Date().toISOString(),
    sessions: { total, assistant_alone: sum('assistant_alone'), handed_over: handed, reopened: sum('reopened'), open: sum('open'), assistant_alone_rate: total ? sum('assistant_alone') / total : null, handed_over_rate: total ? handed / total : null },
    by_day,
    escalations: { total: handed, by_reason, by_day: escDays },
    waits: {
      first_reply: { count: Math.round(handed * 0.85), p50_seconds: handed ? 250 : null, p90_seconds: handed ? 1130 : null },
      queue: { count: Math.round(handed * 0.8), p50_seconds: handed ? 95 : null, p90_seconds: handed ? 640 : null },
      unanswered: Math.round(handed * 0.15),
    },
    csat: { all: csat(rated, 0), assistant_alone: csat(rated - withAgent, 0.05), with_agent: csat(withAgent, -0.12), unanswered: Math.round(total * 0.25) },
    sentiment: { sessions: sentimentSessions, start_average: sentimentSessions ? -0.21 : null, end_average: sentimentSessions ? 0.18 : null, improved: Math.round(sentimentSessions * 0.52), unchanged: Math.round(sentimentSessions * 0.36), worsened: sentimentSessions - Math.round(sentimentSessions * 0.52) - Math.round(sentimentSessions * 0.36) },
    topics: total ? [['order status', 0.31], ['refund', 0.22], ['delivery', 0.17], ['change email', 0.09], ['warranty', 0.06], ['invoice', 0.04]].map(([topic, share]) => ({ topic, sessions: Math.max(1, Math.round(total * Number(share))) })) : [],
    holds: { sessions: held, rate: total ? held / total : null, by_claim_kind: held ? [{ kind: 'status', claims: Math.round(held * 1.4), sessions: Math.round(held * 0.7) }, { kind: 'date', claims: Math.round(held * 0.6), sessions: Math.round(held * 0.45) }, { kind: 'money', claims: Math.round(held * 0.3), sessions: Math.round(held * 0.25) }].filter((k) => k.sessions > 0) : [] },
    agents: agentsOn && handed
      ? [
          { agent: 'dana', sessions: Math.round(handed * 0.45), first_reply: { count: Math.round(handed * 0.4), p50_seconds: 210, p90_seconds: 900 }, csat: csat(Math.round(withAgent * 0.5), -0.05) },
          { agent: 'lee', sessions: Math.round(handed * 0.35), first_reply: { count: Math.round(handed * 0.3), p50_seconds: 320, p90_seconds: 1500 }, csat: csat(Math.round(withAgent * 0.35), -0.2) },
          { agent: 'sam', sessions: Math.round(handed * 0.2), first_reply: { count: Math.round(handed * 0.15), p50_seconds: null, p90_seconds: null }, csat: csat(0, 0) },
        ]
      : [],
  }
}
/** The sessions behind a figure: a handful of plausible ones, matching what the figure says. */
function mockReportSessions(q: MockQuery, figure: Record<string, unknown>) {
  const n = 3 + Math.floor(rand(JSON.stringify([q, figure])) * 6)
  const reason = (figure.reason as string | undefined) ?? (figure.held ? 'hallucination_risk' : figure.outcome === 'handed_over' || figure.escalated || figure.wait ? 'human_requested' : null)
  const names = ['Alice Martin', 'Bob Nguyen', 'Carol Diaz', null, 'Dev Patel', 'Erin Walsh', 'Frank Li', null, 'Grace Ho']
  return Array.from({ length: n }, (_, i) => {
    const id = 300 - i * 7 - Math.floor(rand(`${i}${JSON.stringify(figure)}`) * 5)
    const score = typeof figure.csat_score === 'number' ? figure.csat_score : figure.csat_any === true || i % 3 === 0 ? 3 + (i % 3) : null
    const day = (figure.day as string | undefined) ?? q.to
    return {
      session: {
        ...transcript12.session,
        id,
        status: figure.outcome === 'open' || figure.ending === 'open' ? 'active' : 'closed',
        channel: q.channel ?? (i % 4 === 3 ? 'workspace' : 'kiosk'),
        customer_name: names[i % names.length],
        customer_verified: names[i % names.length] != null,
        assigned_agent: (figure.agent as string | undefined) ?? (reason ? 'dana' : null),
        escalation_reason: figure.outcome === 'assistant_alone' || figure.escalated === false ? null : reason,
        created_at: `${day}T${String(9 + i).padStart(2, '0')}:1${i}:00Z`,
        closed_at: `${day}T${String(9 + i).padStart(2, '0')}:4${i}:00Z`,
        message_count: 4 + i * 2,
        csat: figure.csat_any === false || score == null ? null : { score, comment: i === 0 ? 'Quick and clear, thanks!' : null, at: `${day}T${String(9 + i).padStart(2, '0')}:45:00Z` },
      },
      score: null,
      snippets: [],
    }
  })
}
/** The figure the workspace last sent (`open_report_in_history`); `&drill=1` starts with one. */
let reportDrill: { query: MockQuery; figure: Record<string, unknown> } | null =
  params.get('drill') === '1'
    ? { query: { from: new Date(Date.now() - 6 * 86_400_000).toISOString().slice(0, 10), to: new Date().toISOString().slice(0, 10) }, figure: { reason: 'data_gap', ending: 'unresolved' } }
    : null

async function handle(cmd: string, args: Record<string, unknown> = {}): Promise<unknown> {
  if (fail && cmd !== 'whoami') throw { code: 'internal', message: `The database is locked (mock failure for ${cmd}).` }
  switch (cmd) {
    case 'whoami': return whoNow()
    case 'sign_in':
      await sleep(300)
      if (args.password !== 'password') throw { code: 'denied', message: 'That name and password do not match an agent who may sign in.' }
      signedIn = true
      return whoNow()
    case 'sign_out': signedIn = false; return null
    case 'list_agents': return agents
    case 'add_agent': {
      const a = { id: agents.length + 1, name: String(args.name), role: String(args.role), active: true, max_sessions: Number(args.max_sessions ?? 3), online: false, sessions: 0, offers: 0, last_seen_at: null, created_at: iso(0) }
      agents.push(a)
      return a
    }
    case 'update_agent': {
      const a = agents.find((x) => x.name === args.name)
      if (!a) throw { code: 'not_found', message: `no agent named "${String(args.name)}"` }
      if (typeof args.active === 'boolean') a.active = args.active
      if (typeof args.role === 'string') a.role = args.role
      return a
    }
    case 'list_queue': return queue
    case 'get_session': case 'history_show': return { ...transcript12, session: { ...transcript12.session, id: args.session_id } }
    case 'get_session_messages': return transcript12.messages.map((m) => ({ ...m, sentiment: null, ledger: null }))
    case 'get_customer': return record
    case 'list_canned_responses': return canned
    case 'search_canned_responses': {
      const text = String(args.text ?? '').toLowerCase()
      return canned.filter((c) => !text || `${c.shortcut} ${c.title} ${c.content}`.toLowerCase().includes(text))
    }
    case 'create_canned_response': {
      cannedShortcutFree(args.shortcut)
      const c = { id: Math.max(0, ...canned.map((x) => x.id)) + 1, shortcut: String(args.shortcut), title: String(args.title), content: String(args.content), category: String(args.category) }
      canned.push(c)
      return c
    }
    case 'update_canned_response': {
      const c = cannedById(args.id)
      const input = args.input as typeof c
      cannedShortcutFree(input.shortcut, c.id)
      Object.assign(c, { shortcut: input.shortcut, title: input.title, content: input.content, category: input.category })
      return c
    }
    case 'delete_canned_response': canned.splice(canned.indexOf(cannedById(args.id)), 1); return null
    // knowledge base
    case 'kb_search': await sleep(150); return kbSearch(String(args.query ?? ''), Number(args.limit ?? 10))
    case 'kb_list': return kbDocs.map(kbSummary)
    case 'kb_get': return kbDoc(args.document_id)
    case 'kb_save': {
      const target = String(args.path_or_title)
      const path = target.endsWith('.md') ? target : `${target.toLowerCase().replace(/\W+/g, '-')}.md`
      let d = kbDocs.find((x) => x.path === path)
      if (d && !target.endsWith('.md')) throw { code: 'conflict', message: `${path} exists already` }
      if (!d) kbDocs.push((d = { id: Math.max(0, ...kbDocs.map((x) => x.id)) + 1, path, title: target.replace(/\.md$/, ''), content: '' }))
      d.content = String(args.content)
      d.title = /^# (.+)$/m.exec(d.content)?.[1] ?? d.title
      return d
    }
    case 'kb_delete': kbDocs.splice(kbDocs.indexOf(kbDoc(args.document_id)), 1); return null
    case 'kb_reindex':
      await sleep(300)
      return { added: 0, updated: 0, removed: 0, unchanged: kbDocs.length, passages: kbDocs.map(kbSummary).reduce((s, d) => s + d.passages, 0), skipped: [] }
    case 'list_tones': return ['professional', 'friendly', 'playful']
    case 'suggest_replies':
      await sleep(300)
      return [
        { rank: 1, text: 'Your order #1042 (Wireless mouse, $79.99) has shipped — tracking 1Z84A0E60312345678. I can flag a refund if you prefer.', rationale: 'Grounded on get_orders: status shipped, tracking number present.', source: 'assistant', pending_actions: [] },
        { rank: 2, text: 'Once approved, refunds reach your original payment method within 5–7 business days.', rationale: 'The customer asked about a refund.', source: 'canned:/refund', pending_actions: [] },
        { rank: 3, text: 'Thank you for your patience. Is there anything else I can help with?', rationale: 'A polite close after answering.', source: 'canned:/thanks', pending_actions: [] },
      ]
    case 'accept_session': case 'release_session': case 'close_session': case 'set_session_tone': return null
    case 'send_agent_message': return msg('agent', String(args.text), 0)
    case 'decide_action': return outcome({ tool_calls: [{ name: 'flag_refund', arguments: {}, result: { applied: true } }] })
    case 'update_ticket': return { name: 'update_ticket', arguments: args, result: { applied: true, ticket: {} } }
    case 'flag_refund': return { name: 'flag_refund', arguments: args, result: { error: { code: 'refused', message: `Order ${args.order_id} is not eligible for a refund.` } } }
    case 'update_customer_email': return { name: 'update_user_email', arguments: args, result: { applied: true } }
    case 'get_settings': case 'update_settings':
      if (cmd === 'update_settings') {
        for (const [key, set] of [['language', (v: string) => (staffLanguage = v)], ['kiosk_language', (v: string) => (kioskLanguage = v)]] as const) {
          const v = args[key]
          if (v === undefined) continue
          if (v !== 'en' && v !== 'de' && v !== 'es') throw { code: 'invalid_input', message: `${key}: unknown language '${String(v)}'; supported languages: en, de, es` }
          set(v)
        }
      }
      return { provider: 'openai', base_url: null, model: 'gpt-4o-mini', api_key_source: { source: 'environment', name: 'CX_LLM_API_KEY' }, api_key_saved: true, default_tone: 'professional', tones: ['professional', 'friendly', 'playful'], agent_name: 'dana', agent_role: role, kiosk_idle_timeout_secs: 120, kiosk_idle_timeout_override: null, kiosk_idle_timeout_min_secs: 10, kiosk_idle_timeout_max_secs: 86400, kiosk_mode: false, kiosk_mode_flag: false, station_role: 'both', station_role_running: 'both', language: staffLanguage, kiosk_language: kioskLanguage, warnings: [] }
    case 'open_history_window': return null
    case 'history_search':
      return [12, 8, 7].map((id, i) => ({
        session: { ...transcript12.session, id, status: 'closed', closed_at: iso(60 * (i + 1)), escalation_reason: i === 2 ? null : transcript12.session.escalation_reason },
        score: 3 - i,
        snippets: [{ message_id: 100 + i, seq: 5, role: 'customer', text: '', parts: [{ text: 'Was it delivered? And did my ', hit: false }, { text: 'refund', hit: true }, { text: ' go through?', hit: false }] }],
      }))
    case 'history_export':
      return {
        path: args.format === 'case'
          ? `/home/dana/Documents/session-${args.session_id}-case.yaml`
          : `/home/dana/Documents/session-${args.session_id}.${args.format}`,
      }
    case 'history_case':
      return `# A test case from session ${args.session_id}\ntitle: Session ${args.session_id}, saved as a test case\ncustomer:\n  lines:\n  - Where is my order 1001?\nexpect:\n  escalation: none\n`
    // reports
    case 'report':
      await sleep(250)
      if (params.get('reportfail') === '1') throw { code: 'internal', message: 'The report query failed: database is locked (mock failure).' }
      return mockReport(args.query as MockQuery)
    case 'report_sessions': await sleep(150); return mockReportSessions(args.query as MockQuery, args.figure as Record<string, unknown>)
    case 'open_report_in_history': reportDrill = { query: args.query as MockQuery, figure: args.figure as Record<string, unknown> }; return null
    case 'report_drill': { const d = reportDrill; reportDrill = null; return d }
    case 'report_export':
      await sleep(200)
      if (params.get('csv') === 'cancel') return { path: null }
      return { path: `/home/dana/Documents/cx-report-${(args.query as MockQuery).from}-${(args.query as MockQuery).to}.csv` }
    // kiosk
    case 'kiosk_settings': return { idle_timeout_secs: Number(params.get('idle') ?? 120), kiosk_mode: params.get('kioskmode') === '1', language: kioskLanguage }
    case 'kiosk_start_session': kioskSession = 40; return { session_id: kioskSession, tone: 'friendly', language: args.language ?? kioskLanguage }
    case 'kiosk_messages': return kioskMessages.filter((m) => m.seq > Number(args.after_seq ?? 0))
    case 'kiosk_end_session': kioskMessages.length = 0; return null
    case 'kiosk_rate_session': return { score: args.score, comment: args.comment ?? null, at: new Date().toISOString() }
    case 'kiosk_request_human':
      kioskAdd('assistant', "I'm bringing in a member of our team to help you. A person will join you shortly.")
      return outcome({ escalated: true })
    case 'kiosk_decide_action':
      kioskAdd('assistant', args.confirm ? 'Done — the change has been made. Is there anything else I can help with?' : "All right, I haven't changed anything.")
      return outcome({ pending_actions: [{ id: args.action_id, tool: 'update_user_email', arguments: {}, state: args.confirm ? 'confirmed' : 'rejected' }] })
    case 'kiosk_send_message': {
      const text = String(args.text)
      kioskAdd('customer', text)
      void emit('core-event', { type: 'assistant_typing', session_id: kioskSession, typing: true })
      await sleep(300)
      if (/email/i.test(text)) {
        const said = await streamAnswer('I can change the email on your account (currently alice@example.com, phone +1 555 0100 4821). Please confirm below.')
        return outcome({ ...said, pending_actions: said.escalated ? [] : [{ id: 9, tool: 'update_user_email', arguments: { new_email: 'alice.martin@example.com' }, state: 'proposed' }] })
      }
      return outcome(await streamAnswer('Your order #1042 (Wireless mouse) has shipped. Tracking number: 1Z84A0E60312345678.'))
    }
  }
  throw `${cmd} not allowed on window "mock" (no mock for this command)`
}

mockIPC((cmd, args) => handle(cmd, args as Record<string, unknown>), { shouldMockEvents: true })

// Screenshot helpers: drive the page a little after it renders.
async function drive() {
  await sleep(600)
  const q = <T extends Element>(s: string) => document.querySelector<T>(s)
  const select = params.get('select')
  if (select) q<HTMLElement>(`[data-testid="queue-item"][data-session-id="${select}"]`)?.click()
  await sleep(800)
  for (const sel of (params.get('expand') ?? '').split(',').filter(Boolean)) {
    document.querySelectorAll<HTMLDetailsElement>(sel).forEach((d) => (d.open = true))
  }
  const type = params.get('type')
  if (type) {
    const el = q<HTMLTextAreaElement>('[data-testid="composer-input"], [data-testid="kiosk-input"]')
    if (el) {
      el.focus()
      el.value = type
      el.setSelectionRange(type.length, type.length)
      el.dispatchEvent(new Event('input', { bubbles: true }))
    }
  }
  if (params.get('send') === '1') {
    await sleep(100)
    q<HTMLElement>('[data-testid="kiosk-send"]')?.click()
  }
  if (params.get('human') === '1') q<HTMLElement>('[data-testid="kiosk-human"]')?.click()
  if (params.get('result')) q<HTMLElement>(`[data-testid="history-result"][data-session-id="${params.get('result')}"]`)?.click()
  const open = params.get('open')
  if (open === 'settings') q<HTMLElement>('[data-testid="settings-open"]')?.click()
  if (open === 'reports') q<HTMLElement>('[data-testid="open-reports"], [data-testid="history-tab-reports"]')?.click()
  if (open === 'help') window.dispatchEvent(new KeyboardEvent('keydown', { key: '?', shiftKey: true }))
  if (open === 'filters') [...document.querySelectorAll<HTMLButtonElement>('button')].find((b) => b.textContent?.startsWith('Filters'))?.click()
  if (params.get('export')) {
    await sleep(300)
    q<HTMLElement>(`[data-testid="history-export-${params.get('export')}"]`)?.click()
  }
}
void drive()
