// The Tauri commands of docs/desktop-contract.md, grouped by window, plus the `core-event`
// listener. Thin over the generated `src/bindings/commands.ts` (typed payloads, errors already
// normalized to `ApiError`); components call these so a change in the generated signatures is
// absorbed here.

import { emit, listen, type EventTarget, type UnlistenFn } from '@tauri-apps/api/event'
import { getCurrentWebview } from '@tauri-apps/api/webview'
import * as cmd from '../bindings/commands'
import type {
  AgentChange,
  CannedInput,
  CoreEvent,
  ExportFormat,
  Figure,
  Language,
  NewAgent,
  ReportQuery,
  SearchQuery,
  SettingsInput,
  TicketStatus,
} from './types'

export const kiosk = {
  /** A new session in the language the customer chose (absent: the station's kiosk language). */
  startSession: (language?: Language) => cmd.kioskStartSession({ language }),
  sendMessage: (sessionId: number, text: string) => cmd.kioskSendMessage({ session_id: sessionId, text }),
  decideAction: (sessionId: number, actionId: number, confirm: boolean) =>
    cmd.kioskDecideAction({ session_id: sessionId, action_id: actionId, confirm }),
  requestHuman: (sessionId: number) => cmd.kioskRequestHuman({ session_id: sessionId }),
  endSession: (sessionId: number) => cmd.kioskEndSession({ session_id: sessionId }),
  messages: (sessionId: number, afterSeq: number) => cmd.kioskMessages({ session_id: sessionId, after_seq: afterSeq }),
  settings: () => cmd.kioskSettings(),
  /** The customer's answer to "How did we do?" after the session ended (1–5, comment optional). */
  rateSession: (sessionId: number, score: number, comment: string | null) =>
    cmd.kioskRateSession(comment ? { session_id: sessionId, score, comment } : { session_id: sessionId, score }),
}

export const workspace = {
  listQueue: () => cmd.listQueue(),
  getSession: (sessionId: number) => cmd.getSession({ session_id: sessionId }),
  accept: (sessionId: number) => cmd.acceptSession({ session_id: sessionId }),
  release: (sessionId: number) => cmd.releaseSession({ session_id: sessionId }),
  close: (sessionId: number) => cmd.closeSession({ session_id: sessionId }),
  sendMessage: (sessionId: number, text: string) => cmd.sendAgentMessage({ session_id: sessionId, text }),
  suggestReplies: (sessionId: number) => cmd.suggestReplies({ session_id: sessionId }),
  decideAction: (actionId: number, confirm: boolean) => cmd.decideAction({ action_id: actionId, confirm }),
  getCustomer: (customerId: number) => cmd.getCustomer({ customer_id: customerId }),
  updateTicket: (ticketId: number, status: TicketStatus) => cmd.updateTicket({ ticket_id: ticketId, status }),
  flagRefund: (orderId: number, reason: string | null) =>
    cmd.flagRefund(reason ? { order_id: orderId, reason } : { order_id: orderId }),
  updateCustomerEmail: (customerId: number, newEmail: string) =>
    cmd.updateCustomerEmail({ customer_id: customerId, new_email: newEmail }),
  listCanned: () => cmd.listCannedResponses(),
  setTone: (sessionId: number, tone: string) => cmd.setSessionTone({ session_id: sessionId, tone }),
  listTones: () => cmd.listTones(),
  getSettings: () => cmd.getSettings(),
  updateSettings: (input: SettingsInput) => cmd.updateSettings(input),
  whoami: () => cmd.whoami(),
  openHistory: () => cmd.openHistoryWindow(),
  sessionMessages: (sessionId: number) => cmd.getSessionMessages({ session_id: sessionId }),
}

/** Team mode: signing in at this desk, presence, and the supervisor's management of agents. */
export const team = {
  signIn: (name: string, password: string) => cmd.signIn({ name, password }),
  signOut: () => cmd.signOut(),
  listAgents: () => cmd.listAgents(),
  addAgent: (agent: NewAgent) => cmd.addAgent(agent),
  updateAgent: (change: AgentChange) => cmd.updateAgent(change),
}

export const knowledge = {
  search: (query: string, limit?: number) => cmd.kbSearch(limit == null ? { query } : { query, limit }),
  list: () => cmd.kbList(),
  get: (documentId: number) => cmd.kbGet({ document_id: documentId }),
  /** `pathOrTitle`: an open document's path (overwrite) or a new document's title (create). */
  save: (pathOrTitle: string, content: string) => cmd.kbSave({ path_or_title: pathOrTitle, content }),
  remove: (documentId: number) => cmd.kbDelete({ document_id: documentId }),
  reindex: () => cmd.kbReindex(),
}

export const canned = {
  search: (text: string) => cmd.searchCannedResponses(text.trim() ? { text } : {}),
  create: (input: CannedInput) => cmd.createCannedResponse(input),
  update: (id: number, input: CannedInput) => cmd.updateCannedResponse({ id, input }),
  remove: (id: number) => cmd.deleteCannedResponse({ id }),
}

export const history = {
  search: (query: SearchQuery) => cmd.historySearch({ query }),
  show: (sessionId: number) => cmd.historyShow({ session_id: sessionId }),
  exportSession: (sessionId: number, format: ExportFormat) => cmd.historyExport({ session_id: sessionId, format }),
  /** The session as a test case (YAML) to edit before saving. */
  caseDraft: (sessionId: number) => cmd.historyCase({ session_id: sessionId }),
  /** Save the edited case (checked by the eval parser first) where the person chooses. */
  saveCase: (sessionId: number, content: string) =>
    cmd.historyExport({ session_id: sessionId, format: 'case', content }),
}

/** Reports: the figures over a period, and the sessions behind a figure. */
export const reports = {
  report: (query: ReportQuery) => cmd.report({ query }),
  sessions: (query: ReportQuery, figure: Figure) => cmd.reportSessions({ query, figure }),
  /** Workspace: open the history window on the sessions behind a figure. */
  openInHistory: (query: ReportQuery, figure: Figure) => cmd.openReportInHistory({ query, figure }),
  /** History window: the figure the workspace sent, once (null when none waits). */
  takeDrill: () => cmd.reportDrill(),
  /** The report as CSV, written by Rust (save dialog, or `CX_EXPORT_DIR`); `path` null: cancelled. */
  exportCsv: (query: ReportQuery) => cmd.reportExport({ query }),
}

/** History window: the workspace sent a report figure (take it with `reports.takeDrill`). */
export function onReportDrill(handler: () => void): Promise<UnlistenFn> {
  const label = ownLabel()
  const target: EventTarget | undefined = label ? { kind: 'WebviewWindow', label } : undefined
  return listen('report-drill', () => handler(), target ? { target } : undefined)
}

/** This window's label (null outside Tauri, e.g. the dev mock). */
function ownLabel(): string | null {
  try {
    return getCurrentWebview().label
  } catch {
    return null
  }
}

/**
 * Listen to the core's event stream, as the shell sends it to this window (the kiosk gets only
 * its own session's events: src-tauri/src/events.rs). Listening with this window as the target
 * matters: Tauri hands a listener without one every event, whichever window it was sent to.
 * Resolves to the function that stops listening.
 */
export function onCoreEvent(handler: (e: CoreEvent) => void): Promise<UnlistenFn> {
  const label = ownLabel()
  const target: EventTarget | undefined = label ? { kind: 'WebviewWindow', label } : undefined
  return listen<CoreEvent>('core-event', (ev) => handler(ev.payload), target ? { target } : undefined)
}

/**
 * Tell the shell the queue is on screen (called once, after the first queue load has rendered).
 * The app logs it as "workspace queue shown" with the time since it started: the launch time
 * `scripts/footprint.sh` measures (src-tauri/src/footprint.rs). Waits for the frame that shows
 * the rendered queue; a failure is of no consequence.
 */
export function reportQueueShown(): void {
  requestAnimationFrame(() => {
    const page = performance.now()
    // Where the launch went: ms from the page's navigation start until the window's code ran, and
    // until the queue showed (the app logs both next to its own clock).
    const times = { scriptMs: Math.round(scriptStartedMs), pageMs: Math.round(page) }
    emit('cx-queue-shown', times).catch(() => {})
  })
}

/**
 * When the window's own code began to run (this module loads with it, after main.ts picked the
 * window's chunk), in ms since the page's navigation start.
 */
const scriptStartedMs = performance.now()
