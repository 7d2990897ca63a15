// The knowledge view's store: the search and its passages, the document list, the document being
// edited (or a new one), delete and re-index. Every failure is said inline and in the notices.

import { t } from '../../i18n/index.svelte'
import type { knowledge } from '../../lib/api'
import { describeError, toApiError } from '../../lib/errors'
import { saveTarget, type Draft } from '../../lib/knowledge'
import type { Notices } from '../../lib/notices.svelte'
import type { Permission } from '../../lib/permissions'
import type { KnowledgeDocumentSummary, Passage, ReindexReport } from '../../lib/types'

export interface KnowledgeDeps {
  api: typeof knowledge
  notices: Notices
  /** What the role may do here (read-only without `edit`). */
  perms: () => { edit: Permission; reindex: Permission }
}

export class KnowledgeStore {
  query = $state('')
  /** The query the shown passages answer. */
  searched = $state('')
  /** null: no search, the document list shows. */
  results = $state<Passage[] | null>(null)
  docs = $state<KnowledgeDocumentSummary[]>([])
  searching = $state(false)

  draft = $state<Draft | null>(null)
  original = $state('')
  title = $state('')
  opening = $state(false)
  saving = $state(false)
  confirmDelete = $state(false)
  report = $state<ReindexReport | null>(null)
  reindexing = $state(false)
  error = $state<string | null>(null)
  saved = $state<string | null>(null)
  /**
   * Opening another document (or a new one) over unsaved changes asks first, inline: the step
   * waits here until the agent discards the changes or keeps editing.
   */
  pendingOpen = $state<(() => void) | null>(null)

  constructor(private readonly deps: KnowledgeDeps) {}

  get dirty(): boolean {
    return this.draft != null && (this.draft.kind === 'new' || this.draft.content !== this.original)
  }

  get readOnly(): boolean {
    return !this.deps.perms().edit.allowed
  }

  /** The view opened: it starts empty, with the document list loading. */
  start() {
    this.query = this.searched = this.original = this.title = ''
    this.results = this.draft = this.report = this.error = this.saved = this.pendingOpen = null
    this.docs = []
    this.searching = this.opening = this.saving = this.confirmDelete = this.reindexing = false
    void this.loadDocs()
  }

  private fail(what: string, e: unknown) {
    this.error = t('library:knowledge.failed', { what, message: describeError(toApiError(this.deps.notices.error(what, e))) })
  }

  async loadDocs() {
    try {
      this.docs = await this.deps.api.list()
    } catch (e) {
      this.fail(t('library:knowledge.context.listing'), e)
    }
  }

  async search() {
    const q = this.query.trim()
    this.error = null
    if (!q) {
      this.results = null
      this.searched = ''
      return
    }
    this.searching = true
    try {
      this.results = await this.deps.api.search(q)
      this.searched = q
    } catch (err) {
      this.results = []
      this.searched = q
      this.fail(t('library:knowledge.context.searching'), err)
    } finally {
      this.searching = false
    }
  }

  discardAndGo() {
    const go = this.pendingOpen
    this.draft = null
    this.original = ''
    go?.()
  }

  async open(id: number) {
    if (this.dirty) {
      this.pendingOpen = () => void this.open(id)
      return
    }
    this.pendingOpen = null
    this.opening = true
    this.error = null
    this.saved = null
    this.confirmDelete = false
    try {
      const d = await this.deps.api.get(id)
      this.draft = { kind: 'existing', id: d.id, path: d.path, content: d.content }
      this.original = d.content
      this.title = d.title
    } catch (e) {
      this.fail(t('library:knowledge.context.opening', { id }), e)
    } finally {
      this.opening = false
    }
  }

  /** A new document; false while unsaved changes wait for the agent's answer. */
  startNew(): boolean {
    if (this.dirty) {
      this.pendingOpen = () => void this.startNew()
      return false
    }
    this.pendingOpen = null
    this.draft = { kind: 'new', title: '', content: '' }
    this.original = ''
    this.title = ''
    this.error = null
    this.saved = null
    this.confirmDelete = false
    return true
  }

  /** Back to the document as saved. */
  discardChanges() {
    if (this.draft && this.draft.kind === 'existing') this.draft.content = this.original
  }

  async save() {
    if (!this.draft || this.readOnly || this.saving) return
    const target = saveTarget(this.draft)
    if (!target.ok) {
      this.error = target.error
      return
    }
    this.saving = true
    this.error = null
    this.saved = null
    try {
      const d = await this.deps.api.save(target.pathOrTitle, this.draft.content)
      this.draft = { kind: 'existing', id: d.id, path: d.path, content: d.content }
      this.original = d.content
      this.title = d.title
      this.saved = t('library:knowledge.saved', { path: d.path })
      this.refresh()
    } catch (e) {
      this.fail(t('library:knowledge.context.saving'), e)
    } finally {
      this.saving = false
    }
  }

  async remove() {
    if (!this.draft || this.draft.kind !== 'existing' || this.readOnly) return
    const { id, path } = this.draft
    this.saving = true
    this.error = null
    try {
      await this.deps.api.remove(id)
      this.saved = t('library:knowledge.deleted', { path })
      this.draft = null
      this.original = ''
      this.title = ''
      this.confirmDelete = false
      this.refresh()
    } catch (e) {
      this.fail(t('library:knowledge.context.deleting', { path }), e)
    } finally {
      this.saving = false
    }
  }

  async reindex() {
    if (!this.deps.perms().reindex.allowed || this.reindexing) return
    this.reindexing = true
    this.error = null
    try {
      this.report = await this.deps.api.reindex()
      this.refresh()
    } catch (e) {
      this.fail(t('library:knowledge.context.reindexing'), e)
    } finally {
      this.reindexing = false
    }
  }

  /** The folder changed: the list and the shown search follow. */
  private refresh() {
    void this.loadDocs()
    if (this.searched) void this.search()
  }
}
