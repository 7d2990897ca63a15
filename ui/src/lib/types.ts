// The shapes the front end receives from the Tauri commands and the `core-event` event: all
// generated from the Rust types into src/bindings/ (ts-rs; refreshed by the shell's
// `CX_UPDATE_BINDINGS=1 cargo test -p cx-desktop bindings`). Components import them from here so a
// rename in the bindings is absorbed in one place. Nothing here is hand-written.

export type {
  ApiError,
  CannedInput,
  CannedResponse,
  Channel,
  ClaimKind,
  CoreEvent,
  CustomerInfo,
  CustomerMessage,
  CustomerRecord,
  Escalation,
  EscalationReason,
  ExportFormat,
  ExportResult,
  KeySource,
  KioskSettings,
  KnowledgeDocument,
  KnowledgeDocumentSummary,
  Ledger,
  LedgerEntry,
  MessageRole,
  MessageView,
  Outcome,
  PendingActionInfo,
  PendingState,
  Passage,
  PendingView,
  Provider,
  Queue,
  QueueItem,
  RecordKind,
  RecordRef,
  ReindexReport,
  SearchQuery,
  SessionHit,
  SessionInfo,
  SessionStatus,
  SessionSummary,
  SettingsInput,
  SettingsView,
  SkippedFile,
  Snippet,
  SnippetPart,
  Source,
  StaffRole,
  Suggestion,
  TicketPriority,
  TicketStatus,
  ToolCallView,
  Transcript,
  TranscriptMessage,
  TurnOutcome,
  WhoAmI,
} from '../bindings'
export type { JsonValue } from '../bindings/serde_json/JsonValue'

import type { Transcript } from '../bindings'

/** The escalation part of a transcript (derived from the generated `Transcript`). */
export type TranscriptEscalation = NonNullable<Transcript['escalation']>
